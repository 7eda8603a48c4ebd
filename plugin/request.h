/* Request JSON checking shared by every operation: the allowed members, their
 * types and whether they are required. Pure; errors name the field. */
#ifndef SDH_REQUEST_H
#define SDH_REQUEST_H

#include <jansson.h>
#include <stdint.h>

#include "util/error.h"

typedef enum req_type {
    REQ_STRING,  /* non-empty JSON string */
    REQ_INTEGER, /* JSON integer */
    REQ_BOOLEAN, /* true / false */
    REQ_OBJECT,
    REQ_ANY
} req_type;

typedef struct req_field {
    const char *name;
    req_type type;
    int required;
} req_field;

/* Check that `req` (borrowed object) has only the members in `spec` (terminated
 * by a {NULL} entry, plus always "op" and "id"), each of its type, and every
 * required one. SDH_STATUS_INVALID_INPUT with code "InvalidRequest" and the
 * field named otherwise. */
sdh_status req_check(const json_t *req, const req_field *spec, sdh_error *err);

/* Typed getters for members already checked by req_check: the value, or `dflt`
 * when absent. Strings are borrowed from `req`. */
const char *req_string(const json_t *req, const char *name, const char *dflt);
json_int_t req_integer(const json_t *req, const char *name, json_int_t dflt);
int req_boolean(const json_t *req, const char *name, int dflt);

/* An integer member within [lo, hi]; SDH_STATUS_INVALID_INPUT naming the field
 * and the range otherwise. Absent -> *out = dflt. */
sdh_status req_integer_in(const json_t *req, const char *name, json_int_t lo, json_int_t hi,
                          json_int_t dflt, json_int_t *out, sdh_error *err);

#endif
