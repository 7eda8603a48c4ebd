/* HTTP transport on libcurl: one multi handle per aws_http, connections reused
 * per host, several independent requests performed concurrently, TLS
 * verification always on for https, bounded response sizes, cancellable.
 * Knows nothing about AWS signing or protocols. Not thread-safe: one per
 * client, used from one thread at a time. */
#ifndef SDH_AWS_HTTP_H
#define SDH_AWS_HTTP_H

#include <stddef.h>
#include <time.h>

#include "sdhost/plugin.h"
#include "util/error.h"

typedef struct aws_http aws_http;

typedef struct aws_http_opts {
    const char *ca_bundle;     /* borrowed, may be NULL (system default) */
    const char *user_agent;    /* borrowed; NULL -> the default (aws_http_user_agent) */
    size_t max_response_bytes; /* 0 -> 8 MiB */
    long connect_timeout_ms;   /* default for requests that set 0; 0 -> 3000 */
    long timeout_ms;           /* default per-attempt timeout; 0 -> 60000 */
} aws_http_opts;

typedef struct aws_http_request {
    const char *method;         /* borrowed: "GET", "PUT", "POST" */
    const char *url;            /* borrowed, complete URL */
    const char *const *headers; /* borrowed "Name: value" lines */
    size_t n_headers;
    const char *body; /* borrowed, may be NULL */
    size_t body_len;
    long connect_timeout_ms; /* 0 -> the aws_http default */
    long timeout_ms;         /* 0 -> the aws_http default */
} aws_http_request;

typedef struct aws_http_response {
    long status; /* HTTP status, 0 when no response arrived */
    char *body;  /* new, NUL-terminated (may be NULL when empty) */
    size_t body_len;
    char request_id[96];  /* x-amzn-RequestId / x-amz-request-id, "" when absent */
    char error_type[128]; /* X-Amzn-ErrorType, "" when absent */
    time_t date;          /* the Date header, 0 when absent or unparsable */
    int transport_error;  /* 0, or the CURLcode when the exchange failed */
    int timed_out;        /* non-zero when the failure was a timeout */
    int too_large;        /* non-zero when the body passed max_response_bytes */
    char transport_message[256];
    long elapsed_ms;
    long num_connects; /* new connections this exchange opened (0 = reused one) */
} aws_http_response;

/* New transport; `opts` and `host` are borrowed (host must outlive it; it is
 * used for cancel polling and debug logs). NULL on failure with `err` set. */
aws_http *aws_http_new(const aws_http_opts *opts, const sdh_host_services *host, sdh_error *err);
void aws_http_free(aws_http *http);

/* Perform `n` requests concurrently and fill `resps[i]` for each `reqs[i]`
 * (the caller zero-initialises resps and releases each with
 * aws_http_response_clear). Returns SDH_STATUS_OK when every exchange was
 * attempted (per-request failures are in the responses), SDH_STATUS_CANCELLED
 * when the host cancelled, SDH_STATUS_INTERNAL on allocation failure. */
sdh_status aws_http_perform(aws_http *http, const aws_http_request *reqs, aws_http_response *resps,
                            size_t n, sdh_error *err);

void aws_http_response_clear(aws_http_response *resp);

/* The User-Agent sent (borrowed): opts->user_agent, or by default
 * "sdhost-autoscaling/<version> (plugin; ABI 1) libcurl/<version>". */
const char *aws_http_user_agent(const aws_http *http);

#endif
