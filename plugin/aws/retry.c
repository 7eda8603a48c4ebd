/* AWS "standard" retry mode: the decision table, backoff, quota, skew. */
#include "aws/retry.h"

#include <stddef.h>
#include <string.h>

static int in_list(const char *code, const char *const *list)
{
    if (!code || !code[0])
        return 0;
    for (; *list; list++)
        if (strcmp(code, *list) == 0)
            return 1;
    return 0;
}

/* The SDKs' generic lists (botocore retries/standard.py, the SDK reference). */
static const char *const transient_codes[] = {"RequestTimeout",
                                              "RequestTimeoutException",
                                              "PriorRequestNotComplete",
                                              "InternalError",
                                              "InternalFailure",
                                              "ServiceUnavailable",
                                              NULL};

static const char *const throttling_codes[] = {"Throttling",
                                               "ThrottlingException",
                                               "ThrottledException",
                                               "RequestThrottledException",
                                               "TooManyRequestsException",
                                               "ProvisionedThroughputExceededException",
                                               "TransactionInProgressException",
                                               "RequestLimitExceeded",
                                               "BandwidthLimitExceeded",
                                               "LimitExceededException",
                                               "RequestThrottled",
                                               "SlowDown",
                                               "EC2ThrottledException",
                                               NULL};

/* Application Auto Scaling: its LimitExceededException is a quota (never
 * retried); these of its own errors are transient. */
static const char *const autoscaling_transient[] = {"ConcurrentUpdateException",
                                                    "InternalServiceException", NULL};

aws_retry_class aws_retry_classify(const aws_retry_failure *f)
{
    if (f->too_large)
        return AWS_RETRY_NONE;
    if (f->transport_error && f->http_status == 0)
        return AWS_RETRY_TRANSIENT;
    if (f->transport_error)
        return AWS_RETRY_TRANSIENT; /* a response cut short */
    const char *code = f->code;
    if (f->service == AWS_SERVICE_AUTOSCALING) {
        if (code && strcmp(code, "LimitExceededException") == 0)
            return AWS_RETRY_NONE;
        if (in_list(code, autoscaling_transient))
            return AWS_RETRY_TRANSIENT;
        if (code && strcmp(code, "FailedResourceAccessException") == 0)
            return f->message && strstr(f->message, "Rate exceeded") ? AWS_RETRY_THROTTLING
                                                                     : AWS_RETRY_NONE;
    }
    if (in_list(code, throttling_codes))
        return AWS_RETRY_THROTTLING;
    if (in_list(code, transient_codes))
        return AWS_RETRY_TRANSIENT;
    if (f->http_status == 429)
        return AWS_RETRY_THROTTLING;
    if (f->http_status == 500 || f->http_status == 502 || f->http_status == 503 ||
        f->http_status == 504)
        return AWS_RETRY_TRANSIENT;
    return AWS_RETRY_NONE;
}

static const char *const skew_codes[] = {"RequestTimeTooSkewed",
                                         "RequestExpired",
                                         "RequestInTheFuture",
                                         "InvalidSignatureException",
                                         "SignatureDoesNotMatch",
                                         "AuthFailure",
                                         NULL};

int aws_retry_is_skew_error(long http_status, const char *code, const char *message)
{
    if (in_list(code, skew_codes))
        return 1;
    if (message && strstr(message, "Signature expired"))
        return 1;
    return http_status == 401 || http_status == 403;
}

long aws_retry_skew_correction(long http_status, const char *code, const char *message,
                               time_t server_date, time_t local_now)
{
    if (server_date <= 0 || !aws_retry_is_skew_error(http_status, code, message))
        return 0;
    long diff = (long)(server_date - local_now);
    if (diff > AWS_RETRY_SKEW_LIMIT_S || diff < -AWS_RETRY_SKEW_LIMIT_S)
        return diff;
    return 0;
}

void aws_rng_seed(aws_rng *rng, uint64_t seed)
{
    /* splitmix64 step so that nearby seeds give unrelated states, never 0 */
    uint64_t z = seed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    rng->state = z ? z : 0x2545F4914F6CDD1Dull;
}

double aws_rng_unit(aws_rng *rng)
{
    uint64_t x = rng->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng->state = x;
    uint64_t r = x * 0x2545F4914F6CDD1Dull;
    return (double)(r >> 11) * (1.0 / 9007199254740992.0); /* 53 bits -> [0, 1) */
}

long aws_retry_backoff_ms(aws_rng *rng, int attempt)
{
    long cap = AWS_RETRY_MAX_BACKOFF_MS;
    if (attempt < 1)
        attempt = 1;
    if (attempt - 1 < 15) {
        long exp = 1000L << (attempt - 1);
        if (exp < cap)
            cap = exp;
    }
    long ms = (long)(aws_rng_unit(rng) * (double)cap);
    return ms < cap ? ms : cap - 1;
}

void aws_retry_quota_init(aws_retry_quota *q)
{
    q->available = AWS_RETRY_QUOTA_MAX;
}

int aws_retry_quota_acquire(aws_retry_quota *q, int after_timeout)
{
    int cost = after_timeout ? AWS_RETRY_TIMEOUT_COST : AWS_RETRY_COST;
    if (q->available < cost)
        return 0;
    q->available -= cost;
    return cost;
}

void aws_retry_quota_success(aws_retry_quota *q, int last_cost)
{
    q->available += last_cost > 0 ? last_cost : AWS_RETRY_NO_RETRY_REFUND;
    if (q->available > AWS_RETRY_QUOTA_MAX)
        q->available = AWS_RETRY_QUOTA_MAX;
}
