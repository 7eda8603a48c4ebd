/* The small interface behind every credentials provider (one file each:
 * creds_env.c, creds_web_identity.c, creds_profile.c, creds_container.c,
 * creds_imds.c) and the helpers they share (credentials.c). Internal to the
 * AWS client. */
#ifndef SDH_AWS_CREDS_PROVIDER_H
#define SDH_AWS_CREDS_PROVIDER_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "aws/credentials.h"
#include "aws/http.h"
#include "aws/settings.h"
#include "util/error.h"

/* What a provider may use; all borrowed. */
typedef struct creds_ctx {
    const aws_settings *settings;
    aws_http *http;
    const sdh_host_services *host;
    time_t now;
} creds_ctx;

/* A provider's answer: SDH_STATUS_OK with out->access_key_id set (found), or
 * SDH_STATUS_OK with out untouched and `why` saying why it has nothing (not
 * configured), or an error status with `err` set (configured but broken).
 * `out` is zeroed by the caller; on success its members are new. A `why`
 * that starts with the provider's name and a space is shown as is (e.g.
 * "profile dev: not found ..."), otherwise as "<name>: <why>". */
typedef sdh_status (*creds_resolve_fn)(const creds_ctx *ctx, aws_credentials *out, char *why,
                                       size_t why_len, sdh_error *err);

typedef struct creds_provider {
    const char *name; /* "environment", "web identity", ... (used in messages) */
    creds_resolve_fn resolve;
} creds_provider;

extern const creds_provider creds_env_provider;
extern const creds_provider creds_web_identity_provider;
extern const creds_provider creds_profile_provider;
extern const creds_provider creds_container_provider;
extern const creds_provider creds_imds_provider;

/* Fill `out` from new copies of the given values (secret and token go through
 * sdh_secret_dup; token may be NULL). Returns 0, or -1 when out of memory. */
int creds_set(aws_credentials *out, const char *key_id, const char *secret, const char *token,
              time_t expiration, const char *source);

/* Parse "YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm)" to a UTC time_t.
 * Returns 0 and sets *out, or -1 when malformed. */
int creds_parse_iso8601(const char *s, time_t *out);

/* Fill `out` from a JSON credentials document (borrowed): string members
 * AccessKeyId, SecretAccessKey, `token_key` (optional: "Token" or
 * "SessionToken") and Expiration (optional ISO 8601). `what` names the
 * document in errors (e.g. "container credentials"). Never puts values of
 * secret members in messages. */
sdh_status creds_from_json(const json_t *doc, const char *token_key, const char *source,
                           const char *what, aws_credentials *out, sdh_error *err);

/* Release a parsed credentials document (steals the caller's reference; NULL
 * accepted): every string value in it is overwritten in place first, so the
 * secret copies Jansson made do not stay in freed memory. The document must
 * not be shared (reference count 1, as a fresh json_loadb / aws_xml_parse
 * result is). Jansson's own parse buffers are freed unwiped. */
void creds_json_release(json_t *doc);

/* Read at most `max` bytes of the file at `path` (new, NUL-terminated text in
 * *out). Returns 0, or -1 with errno set (EFBIG when larger than `max`). */
int creds_read_file(const char *path, size_t max, char **out);

/* One HTTP exchange through ctx->http. Returns SDH_STATUS_OK when the exchange
 * was attempted (the caller reads resp), or CANCELLED/INTERNAL. */
sdh_status creds_http(const creds_ctx *ctx, const aws_http_request *req, aws_http_response *resp,
                      sdh_error *err);

/* Non-zero when an answer (borrowed) is worth another attempt. */
typedef int (*creds_retryable_fn)(const aws_http_response *resp);

/* Like creds_http, but up to `attempts` exchanges while the answer is a
 * transport failure, a 5xx, a 429 or one that `also` (may be NULL) accepts,
 * pausing CREDS_RETRY_PAUSE_MS times the attempt number in between (ended
 * early by a cancel: CANCELLED). `resp` holds the last answer. */
#define CREDS_RETRY_PAUSE_MS 250L
sdh_status creds_http_retry(const creds_ctx *ctx, const aws_http_request *req,
                            aws_http_response *resp, int attempts, creds_retryable_fn also,
                            sdh_error *err);

#endif
