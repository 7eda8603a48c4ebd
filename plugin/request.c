/* Request JSON checking: allowed members, types, required members. */
#include "request.h"

#include <string.h>

static const char *type_name(req_type t)
{
    switch (t) {
    case REQ_STRING:
        return "a non-empty string";
    case REQ_INTEGER:
        return "an integer";
    case REQ_BOOLEAN:
        return "true or false";
    case REQ_OBJECT:
        return "an object";
    case REQ_ANY:
        break;
    }
    return "a value";
}

static int type_ok(const json_t *v, req_type t)
{
    switch (t) {
    case REQ_STRING:
        return json_is_string(v) && json_string_length(v) > 0;
    case REQ_INTEGER:
        return json_is_integer(v);
    case REQ_BOOLEAN:
        return json_is_boolean(v);
    case REQ_OBJECT:
        return json_is_object(v);
    case REQ_ANY:
        return 1;
    }
    return 0;
}

static const req_field *find_field(const req_field *spec, const char *name)
{
    for (; spec->name; spec++)
        if (strcmp(spec->name, name) == 0)
            return spec;
    return NULL;
}

sdh_status req_check(const json_t *req, const req_field *spec, sdh_error *err)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)req, key, value)
    {
        if (strcmp(key, "op") == 0 || strcmp(key, "id") == 0)
            continue;
        const req_field *f = find_field(spec, key);
        if (!f)
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", key,
                                 "unknown field \"%s\" for this operation", key);
        if (!type_ok(value, f->type))
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", key,
                                 "field \"%s\" must be %s", key, type_name(f->type));
    }
    for (; spec->name; spec++)
        if (spec->required && !json_object_get(req, spec->name))
            return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", spec->name,
                                 "missing required field \"%s\"", spec->name);
    return SDH_STATUS_OK;
}

const char *req_string(const json_t *req, const char *name, const char *dflt)
{
    const json_t *v = json_object_get(req, name);
    return json_is_string(v) ? json_string_value(v) : dflt;
}

json_int_t req_integer(const json_t *req, const char *name, json_int_t dflt)
{
    const json_t *v = json_object_get(req, name);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

int req_boolean(const json_t *req, const char *name, int dflt)
{
    const json_t *v = json_object_get(req, name);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

sdh_status req_integer_in(const json_t *req, const char *name, json_int_t lo, json_int_t hi,
                          json_int_t dflt, json_int_t *out, sdh_error *err)
{
    const json_t *v = json_object_get(req, name);
    if (!v) {
        *out = dflt;
        return SDH_STATUS_OK;
    }
    json_int_t n = json_integer_value(v);
    if (!json_is_integer(v) || n < lo || n > hi)
        return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidRequest", name,
                             "field \"%s\" must be an integer from %lld to %lld", name,
                             (long long)lo, (long long)hi);
    *out = n;
    return SDH_STATUS_OK;
}
