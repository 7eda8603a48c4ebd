/* One AWS call's HTTP request (internal to the AWS client, client.c): the
 * URL, Host header and path taken from the endpoint, the body serialised once
 * for the service's protocol, and each attempt's signed header lines. */
#ifndef SDH_AWS_CLIENT_REQUEST_H
#define SDH_AWS_CLIENT_REQUEST_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "aws/credentials.h"
#include "aws/http.h"
#include "aws/service.h"
#include "aws/sigv4.h"
#include "util/error.h"

#define CLIENT_REQUEST_MAX_HEADERS 8

typedef struct client_request {
    const aws_service_info *svc; /* static */
    const char *operation;       /* borrowed from the call */
    char *url;                   /* owned: the endpoint without query, fragment or user */
    char *path;                  /* owned: the path to sign */
    char host_header[300];
    char *body; /* owned */
    size_t body_len;
    char *lines[CLIENT_REQUEST_MAX_HEADERS]; /* owned: this attempt's header lines */
    size_t n_lines;
} client_request;

/* Fill a zeroed `rq` for `operation` (borrowed, must outlive rq) of `svc`
 * with `input` (borrowed; NULL = {}) sent to `endpoint` (borrowed). On
 * failure `err` is set (CONFIG_ERROR for a bad endpoint, INVALID_INPUT for a
 * non-object input); release with client_request_clear either way. */
sdh_status client_request_prepare(client_request *rq, const aws_service_info *svc,
                                  const char *operation, const json_t *input, const char *endpoint,
                                  sdh_error *err);

/* Sign one attempt at `when` for `region` with `cr` (all borrowed; `cache`
 * may be NULL) and point `*out` at the request (it borrows rq's members until
 * the next sign or release). `timeout_ms` 0 = the transport's default. */
sdh_status client_request_sign(client_request *rq, aws_sigv4_cache *cache, const char *region,
                               time_t when, const aws_credentials *cr, long timeout_ms,
                               aws_http_request *out, sdh_error *err);

/* Wipe and free the attempt's header lines (they hold the signature and
 * the session token). */
void client_request_release_lines(client_request *rq);

/* Release everything `rq` owns; it can be prepared again. */
void client_request_clear(client_request *rq);

#endif
