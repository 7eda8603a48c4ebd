/* The operations the plugin answers, dispatched by the request's "op". Each
 * takes the parsed request (borrowed object) and, on success, sets *reply to a
 * new object holding the operation's result members (entry.c adds "ok").
 * On failure returns the status and fills `err`; it may still set *reply to
 * an object with details (e.g. what was applied before a partial failure),
 * which entry.c merges into the error body. */
#ifndef SDH_OPS_H
#define SDH_OPS_H

#include <jansson.h>

#include "instance.h"
#include "util/error.h"

typedef sdh_status (*sdh_op_fn)(sdh_instance *inst, const json_t *req, json_t **reply,
                                sdh_error *err);

typedef struct sdh_op {
    const char *name;
    sdh_op_fn fn;
    const char *summary; /* one line for "info" */
} sdh_op;

/* The table of operations, terminated by {NULL}. Static. */
const sdh_op *sdh_ops_table(void);

#endif
