/* Helpers shared by the autoscaling operations (enable, disable, status,
 * deployed): name checks, the request's client, manifest loading, the
 * manifest variables for a live endpoint. */
#ifndef SDH_OP_COMMON_H
#define SDH_OP_COMMON_H

#include <jansson.h>

#include "instance.h"
#include "live.h"
#include "manifest.h"
#include "request.h"
#include "util/error.h"

/* Limits of instance counts accepted in requests. */
#define OP_MAX_INSTANCES 10000

/* SageMaker's name pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$ (at most 63). */
int op_valid_name(const char *s);

/* Check the "endpoint" and, when present, "variant" members (borrowed req). */
sdh_status op_check_names(const json_t *req, sdh_error *err);

/* The AWS client for the request's "region"/"profile" (borrowed, instance-owned). */
aws_client *op_client(sdh_instance *inst, const json_t *req, sdh_error *err);

/* Load the request's "policy" (default documented), using the host's
 * "policy_dir" for names that are not built in. */
sdh_status op_load_manifest(sdh_instance *inst, const json_t *req, manifest *m, sdh_error *err);

/* Render every part of m for vars into desired[] (new references, NULL for
 * absent parts); release with op_desired_free. */
sdh_status op_render_all(const manifest *m, const manifest_vars *vars,
                         json_t *desired[MANIFEST_PART_COUNT], sdh_error *err);
void op_desired_free(json_t *desired[MANIFEST_PART_COUNT]);

/* The live objects matching each manifest part (borrowed from l). */
void op_live_parts(const manifest *m, const manifest_vars *vars, const sdh_live *l,
                   const json_t *live[MANIFEST_PART_COUNT]);

/* NULL-terminated alarm names to read for m and vars, written into names
 * (2 slots) and buf. */
const char *const *op_alarm_names(const manifest *m, const manifest_vars *vars, char *buf,
                                  size_t size, const char *names[2]);

#endif
