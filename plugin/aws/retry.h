/* Retries in the AWS "standard" mode (AWS SDKs and Tools reference guide,
 * "Retry behavior"): which failures are retried, full-jitter exponential
 * backoff capped at 20 s, and the client's retry quota (500 tokens; a retry
 * costs 5, or 10 after a timeout; a success gives back what its last retry
 * cost, or 1 when it needed none). Also the clock-skew check. Pure: no I/O,
 * no clock, no global state (the PRNG state is the caller's). */
#ifndef SDH_AWS_RETRY_H
#define SDH_AWS_RETRY_H

#include <stdint.h>
#include <time.h>

#include "aws/service.h"

#define AWS_RETRY_QUOTA_MAX       500
#define AWS_RETRY_COST            5
#define AWS_RETRY_TIMEOUT_COST    10
#define AWS_RETRY_NO_RETRY_REFUND 1
#define AWS_RETRY_MAX_BACKOFF_MS  20000L
#define AWS_RETRY_SKEW_LIMIT_S    240

typedef enum aws_retry_class {
    AWS_RETRY_NONE = 0,  /* not retryable */
    AWS_RETRY_TRANSIENT, /* 5xx, connection errors, transient codes */
    AWS_RETRY_THROTTLING /* throttling codes */
} aws_retry_class;

/* What failed, as the retry rules see it (all borrowed). */
typedef struct aws_retry_failure {
    aws_service service;
    long http_status;    /* 0 when no response arrived */
    int transport_error; /* non-zero when the exchange failed */
    int timed_out;
    int too_large;       /* a response over the size cap: never retried */
    const char *code;    /* normalised AWS error code, may be NULL */
    const char *message; /* may be NULL */
} aws_retry_failure;

/* Classify a failure. */
aws_retry_class aws_retry_classify(const aws_retry_failure *f);

/* Non-zero when `code`/`message`/`http_status` can mean the request was signed
 * with a skewed clock (RequestTimeTooSkewed, InvalidSignatureException,
 * SignatureDoesNotMatch, AuthFailure, RequestExpired, "Signature expired", or
 * a 401/403). */
int aws_retry_is_skew_error(long http_status, const char *code, const char *message);

/* The clock correction to apply, in seconds (server Date - local time), when
 * `f` is a skew error and the server's Date differs from `local_now` by more
 * than 4 minutes; 0 when no correction applies. */
long aws_retry_skew_correction(long http_status, const char *code, const char *message,
                               time_t server_date, time_t local_now);

/* A small per-client PRNG (xorshift64*). */
typedef struct aws_rng {
    uint64_t state;
} aws_rng;

void aws_rng_seed(aws_rng *rng, uint64_t seed); /* any seed, 0 included */
double aws_rng_unit(aws_rng *rng);              /* uniform in [0, 1) */

/* Backoff before the retry that follows failed attempt number `attempt`
 * (1-based): uniform in [0, min(20 s, 1 s * 2^(attempt-1))), in ms. */
long aws_retry_backoff_ms(aws_rng *rng, int attempt);

/* The retry quota of one client. */
typedef struct aws_retry_quota {
    int available;
} aws_retry_quota;

void aws_retry_quota_init(aws_retry_quota *q);
/* Take the cost of one retry (AWS_RETRY_TIMEOUT_COST after a timeout, else
 * AWS_RETRY_COST). Returns the cost taken, or 0 when the quota cannot pay (do
 * not retry then). */
int aws_retry_quota_acquire(aws_retry_quota *q, int after_timeout);
/* A call succeeded: give back `last_cost` (what its last retry took), or
 * AWS_RETRY_NO_RETRY_REFUND when it was not retried (last_cost 0); capped at
 * AWS_RETRY_QUOTA_MAX. */
void aws_retry_quota_success(aws_retry_quota *q, int last_cost);

#endif
