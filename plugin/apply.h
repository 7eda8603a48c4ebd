/* Applying a plan: the AWS writes, one at a time in the plan's order, stopping
 * at the first failure so later (less safe) steps are never applied without the
 * earlier ones. The only writer besides the capacity restore in op_disable. */
#ifndef SDH_APPLY_H
#define SDH_APPLY_H

#include <jansson.h>

#include "aws/client.h"
#include "plan.h"
#include "util/error.h"

/* Apply (or, with dry_run, only report) plan `p`. Appends one entry per change
 * to `changes` (borrowed array): {"step","name","action"[,"request_id"]
 * [,"error"]}; after a failure the failed and later writes are "not_applied".
 * *applied is the number of writes done. Returns SDH_STATUS_OK, or on failure
 * the failed call's status with `err` set (the caller decides whether that is
 * partial). */
sdh_status apply_plan(aws_client *client, const plan *p, int dry_run, json_t *changes, int *applied,
                      sdh_error *err);

/* The status to return after a failed apply: the error's own status when
 * nothing was applied (or when cancelled), else SDH_STATUS_PARTIAL with the
 * message saying so. Updates err. */
sdh_status apply_outcome(sdh_status st, int applied, sdh_error *err);

#endif
