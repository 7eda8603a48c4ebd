/* Helpers shared by the autoscaling operations (enable, disable, status,
 * deployed): name checks, the request's manifest and client, rendering a
 * manifest for a live endpoint, and the final state after writes. */
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

/* req_check of req (borrowed) against spec (borrowed, static), then the
 * "endpoint" and, when present, "variant" members against SageMaker's name
 * pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$. */
sdh_status op_check_request(const json_t *req, const req_field *spec, sdh_error *err);

/* Load the request's "policy" (default documented) into *m, using the host's
 * "policy_dir" for names that are not built in. */
sdh_status op_load_manifest(sdh_instance *inst, const json_t *req, manifest *m, sdh_error *err);

/* The request's "policy" manifest (default documented; names that are not
 * built in are looked up in the host's "policy_dir") into *m, and the AWS
 * client for its "region"/"profile" into *client (borrowed, instance-owned).
 * On failure nothing is left to release. */
sdh_status op_open(sdh_instance *inst, const json_t *req, manifest *m, aws_client **client,
                   sdh_error *err);

/* Render every part of m for vars into desired[] (new references, NULL for
 * absent parts); release with op_desired_free. */
sdh_status op_render_all(const manifest *m, const manifest_vars *vars,
                         json_t *desired[MANIFEST_PART_COUNT], sdh_error *err);
void op_desired_free(json_t *desired[MANIFEST_PART_COUNT]);

/* The live objects matching each manifest part (borrowed from l). */
void op_live_parts(const manifest *m, const manifest_vars *vars, const sdh_live *l,
                   const json_t *live[MANIFEST_PART_COUNT]);

/* The "state" member of a reply: the live state re-read when `applied` writes
 * were made (JSON null when that read fails), else the view of l. rq, m, l and
 * vars are borrowed. New value, NULL only when out of memory. */
json_t *op_final_state(aws_client *client, const live_request *rq, const manifest *m,
                       const sdh_live *l, const manifest_vars *vars, int applied);

#endif
