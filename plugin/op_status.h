/* The "status" operation and the state object it reports (also the final
 * "state" of enable): endpoint, scalable target, ScalingPolicies in the shape
 * `aws application-autoscaling describe-scaling-policies` prints, the alarm,
 * enabled / in_sync and the drifts from the manifest. */
#ifndef SDH_OP_STATUS_H
#define SDH_OP_STATUS_H

#include <jansson.h>

#include "instance.h"
#include "live.h"
#include "manifest.h"
#include "util/error.h"

sdh_status op_status(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err);

/* The state object for manifest m against live l (both borrowed), with the
 * wanted capacities in vars (step_policy_arn is filled from l). Pure. New
 * object, NULL only when out of memory. */
json_t *status_view(const manifest *m, const sdh_live *l, const manifest_vars *vars);

/* "2023-08-14T13:53:10.480000+00:00" for epoch seconds `t` (as the AWS CLI
 * prints timestamps in UTC; no fraction when it is zero). Returns buf. */
const char *status_iso_time(double t, char *buf, size_t size);

#endif
