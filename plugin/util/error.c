/* sdh_error: filling, copying and rendering the plugin's error value. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy_text(char *dst, size_t cap, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, cap, "%s", src);
}

void sdh_error_clear(sdh_error *e)
{
    if (e)
        memset(e, 0, sizeof(*e));
}

sdh_status sdh_error_set(sdh_error *e, sdh_status status, const char *code, const char *field,
                         const char *fmt, ...)
{
    if (!e)
        return status;
    e->status = status;
    copy_text(e->code, sizeof(e->code), code);
    copy_text(e->field, sizeof(e->field), field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
    return status;
}

sdh_status sdh_error_oom(sdh_error *e)
{
    return sdh_error_set(e, SDH_STATUS_INTERNAL, "OutOfMemory", NULL, "out of memory");
}

void sdh_error_copy(sdh_error *dst, const sdh_error *src)
{
    if (dst && src && dst != src)
        memcpy(dst, src, sizeof(*dst));
}

json_t *sdh_error_to_json(const sdh_error *e)
{
    json_t *obj = json_object();
    if (!obj)
        return NULL;
    int rc = 0;
    rc |= json_object_set_new(obj, "code", json_string(e->code[0] ? e->code : "Error"));
    rc |= json_object_set_new(obj, "message", json_string(e->message));
    if (e->field[0])
        rc |= json_object_set_new(obj, "field", json_string(e->field));
    if (e->request_id[0])
        rc |= json_object_set_new(obj, "request_id", json_string(e->request_id));
    if (e->http_status)
        rc |= json_object_set_new(obj, "http_status", json_integer(e->http_status));
    if (rc) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

const char *sdh_status_name(sdh_status status)
{
    switch (status) {
    case SDH_STATUS_OK:
        return "ok";
    case SDH_STATUS_REMOTE_ERROR:
        return "remote_error";
    case SDH_STATUS_INVALID_INPUT:
        return "invalid_input";
    case SDH_STATUS_CONFIG_ERROR:
        return "config_error";
    case SDH_STATUS_PARTIAL:
        return "partial";
    case SDH_STATUS_CANCELLED:
        return "cancelled";
    case SDH_STATUS_INTERNAL:
        return "internal";
    }
    return "unknown";
}
