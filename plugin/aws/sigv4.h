/* AWS Signature Version 4 (header signing) on OpenSSL. Pure: no I/O, no clock;
 * the caller passes the time. The signing key is cached per
 * (access key id, date, region, service) in an aws_sigv4_cache. */
#ifndef SDH_AWS_SIGV4_H
#define SDH_AWS_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "util/error.h"

typedef struct aws_sigv4_header {
    const char *name;  /* borrowed; any case */
    const char *value; /* borrowed; trimmed and whitespace-collapsed for signing */
} aws_sigv4_header;

typedef struct aws_sigv4_request {
    const char *method; /* borrowed, e.g. "POST" */
    const char *path;   /* borrowed raw path as sent on the wire (may hold spaces/UTF-8) */
    const char *query;  /* borrowed raw query without '?', or NULL */
    const aws_sigv4_header *headers; /* borrowed; must include Host */
    size_t n_headers;
    const unsigned char *body; /* borrowed, may be NULL when body_len is 0 */
    size_t body_len;
    int normalize_path;     /* remove dot segments and empty segments (non-S3 services: 1) */
    int sign_body;          /* add and sign x-amz-content-sha256 */
    int omit_session_token; /* add X-Amz-Security-Token after signing, unsigned */
} aws_sigv4_request;

typedef struct aws_sigv4_credentials {
    const char *access_key_id;     /* borrowed */
    const char *secret_access_key; /* borrowed; never copied except into the key cache's HMAC */
    const char *session_token;     /* borrowed, may be NULL */
} aws_sigv4_credentials;

typedef struct aws_sigv4_params {
    const char *region;  /* borrowed, e.g. "us-east-1" */
    const char *service; /* borrowed signing name, e.g. "monitoring" */
    time_t when;         /* signing time, UTC seconds */
    const aws_sigv4_credentials *credentials;
} aws_sigv4_params;

/* The result; every pointer is new and released by aws_sigv4_result_clear. */
typedef struct aws_sigv4_result {
    char amz_date[17];       /* "YYYYMMDDTHHMMSSZ": send as X-Amz-Date */
    char signature[65];      /* lowercase hex */
    char *canonical_request; /* for tests and debugging (contains no secrets) */
    char *string_to_sign;
    char *authorization;  /* value of the Authorization header */
    char *content_sha256; /* value for x-amz-content-sha256 when sign_body, else NULL */
} aws_sigv4_result;

/* Cache of derived signing keys. Not thread-safe: one per aws client. */
typedef struct aws_sigv4_cache aws_sigv4_cache;

aws_sigv4_cache *aws_sigv4_cache_new(void);
void aws_sigv4_cache_free(aws_sigv4_cache *cache); /* wipes the keys; NULL accepted */

/* Sign `req`. `cache` may be NULL (no caching). On success fills `out` (the
 * caller adds X-Amz-Date, Authorization and, when there is a session token and
 * it is not omitted, X-Amz-Security-Token to the request it sends). */
sdh_status aws_sigv4_sign(aws_sigv4_cache *cache, const aws_sigv4_request *req,
                          const aws_sigv4_params *params, aws_sigv4_result *out, sdh_error *err);

void aws_sigv4_result_clear(aws_sigv4_result *res);

/* Query-string (presigned) signing, valid `expires_seconds`. Only the request's
 * own headers are signed. On success `out->authorization` holds the encoded
 * parameters to append to the request's query ("X-Amz-Algorithm=...&...&
 * X-Amz-Signature=..."); the body, if any, is hashed but no header is added, so
 * `out->content_sha256` is NULL. (Appended by the SigV4 owner.) */
sdh_status aws_sigv4_presign(aws_sigv4_cache *cache, const aws_sigv4_request *req,
                             const aws_sigv4_params *params, unsigned expires_seconds,
                             aws_sigv4_result *out, sdh_error *err);

#endif
