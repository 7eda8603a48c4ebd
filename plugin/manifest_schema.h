/* The shape a policy manifest must have: allowed keys, types, fixed values and
 * placeholders of every part. Pure. Used by manifest.c on load. */
#ifndef SDH_MANIFEST_SCHEMA_H
#define SDH_MANIFEST_SCHEMA_H

#include <jansson.h>

#include "util/error.h"

/* Check `doc` (borrowed) completely: keys, types, enumerations, placeholders,
 * names and lengths, and the safety rules (step policy and alarm come
 * together; the alarm fires the step policy; no target tracking with a
 * minimum of 0 without the alarm). Errors: SDH_STATUS_INVALID_INPUT, code
 * "InvalidManifest", field = path in the manifest, message prefixed by
 * `source` (borrowed). */
sdh_status manifest_schema_check(const json_t *doc, const char *source, sdh_error *err);

/* Non-zero when `name` (the text between "${" and "}") is a known placeholder. */
int manifest_placeholder_known(const char *name, size_t len);

#endif
