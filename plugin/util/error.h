/* The plugin's one error value: a status (the ABI's sdh_status), a machine code,
 * the request field at fault and a human message. Fixed-size, never allocates,
 * so it can be filled on any failure path, including out-of-memory. */
#ifndef SDH_UTIL_ERROR_H
#define SDH_UTIL_ERROR_H

#include <jansson.h>

#include "sdhost/plugin.h"

typedef struct sdh_error {
    sdh_status status;   /* SDH_STATUS_OK when no error is set */
    char code[64];       /* e.g. "InvalidRequest", "ValidationException", "NoCredentials" */
    char field[128];     /* offending request/manifest field, "" when none */
    char message[1024];  /* human text; never contains secrets */
    char request_id[96]; /* AWS request id when the error came from AWS, else "" */
    int http_status;     /* HTTP status from AWS, 0 when none */
} sdh_error;

/* Reset `e` to "no error". */
void sdh_error_clear(sdh_error *e);

/* Fill `e` (any of code/field may be NULL) and return `status`, so callers can
 * write `return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest",
 * "max", "must be >= min (%d)", min);`. Truncates long texts. `e` may be NULL. */
sdh_status sdh_error_set(sdh_error *e, sdh_status status, const char *code, const char *field,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Set "out of memory" (SDH_STATUS_INTERNAL, code "OutOfMemory") and return
 * SDH_STATUS_INTERNAL. `e` may be NULL. */
sdh_status sdh_error_oom(sdh_error *e);

/* Copy `src` into `dst` (both borrowed). */
void sdh_error_copy(sdh_error *dst, const sdh_error *src);

/* New reference: {"code":..,"message":..[,"field":..][,"request_id":..][,"http_status":..]}.
 * NULL only when out of memory. */
json_t *sdh_error_to_json(const sdh_error *e);

/* The stable name of a status, e.g. "remote_error". Static string. */
const char *sdh_status_name(sdh_status status);

#endif
