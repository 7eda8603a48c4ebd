/* The planner: desired state (rendered manifest parts) against live state
 * (what AWS described) -> an ordered list of changes. The safe order lives
 * here and only here:
 *   enable:  scalable target, step policy, alarm, target-tracking policy
 *            (when an existing target would drop to MinCapacity 0 before the
 *            step policy and alarm are in place, the target moves after them);
 *   disable: target-tracking policies, alarms, step policies, then the target
 *            (kept when policies this plugin does not manage remain on it).
 * Pure: data in, data out. Also the comparison rules (numbers sent as strings,
 * CloudWatch's string scalars, AWS defaults) used for idempotence and drift. */
#ifndef SDH_PLAN_H
#define SDH_PLAN_H

#include <jansson.h>

#include "manifest.h"
#include "util/error.h"

typedef enum plan_action {
    PLAN_CREATE,    /* absent: write it */
    PLAN_UPDATE,    /* present but different: write it */
    PLAN_UNCHANGED, /* present and equal: nothing to do */
    PLAN_DELETE,    /* disable: remove it */
    PLAN_ABSENT,    /* disable: already gone */
    PLAN_KEEP       /* disable: the target stays (other policies remain on it) */
} plan_action;

#define PLAN_MAX_CHANGES 16

typedef struct plan_change {
    manifest_part part; /* which kind of object */
    plan_action action;
    char name[320]; /* resource id, policy name or alarm name */
    json_t *body;   /* new: the request body to send (create/update/delete), else NULL */
    json_t *drifts; /* new array of {"field","wanted","found"} (empty when equal) */
} plan_change;

typedef struct plan {
    plan_change change[PLAN_MAX_CHANGES];
    size_t n;
} plan;

/* Release every change's body and drifts; the plan is left empty. */
void plan_free(plan *p);

/* Plan an enable. desired[part]: rendered request bodies (borrowed; NULL =
 * the manifest has no such part). live[part]: the described objects (borrowed;
 * NULL = absent): the ScalableTargets item, ScalingPolicies items, the
 * MetricAlarms item. On success fills *out (release with plan_free). */
sdh_status plan_enable(const json_t *const desired[MANIFEST_PART_COUNT],
                       const json_t *const live[MANIFEST_PART_COUNT], plan *out, sdh_error *err);

/* Inputs of a disable plan; every pointer is borrowed. */
typedef struct plan_disable_input {
    const char *resource_id;
    const json_t *target;              /* live ScalableTargets item or NULL */
    const json_t *policies;            /* live ScalingPolicies array for the resource */
    const char *const *managed_names;  /* policy names this plugin manages, NULL-terminated */
    const json_t *alarms;              /* live MetricAlarms with managed names (array) */
    const char *const *reported_names; /* names reported "absent" when not live:
                                          [step, alarm, tt] of the request's manifest, NULL-
                                          terminated; may be NULL */
} plan_disable_input;

/* Plan a disable. *foreign becomes a new array of the names of policies on the
 * resource that this plugin does not manage (they keep the target). */
sdh_status plan_disable(const plan_disable_input *in, plan *out, json_t **foreign, sdh_error *err);

/* Equality under AWS's representations: numbers equal to numeric strings
 * ("1.0" == 1), booleans to "true"/"false", "" to [], arrays as multisets,
 * objects by the members of `wanted` (extra members of `found` ignored). */
int plan_values_equal(const json_t *wanted, const json_t *found);

/* Append to `drifts` (array) one {"field","wanted","found"} per difference
 * between wanted and found; field paths are prefix.Member.Member. Inside
 * nested objects (depth >= 1), members only `found` has count when they are
 * not empty/false. */
void plan_diff(const json_t *wanted, const json_t *found, const char *prefix, int depth,
               json_t *drifts);

/* "created", "updated", "unchanged", "deleted", "absent", "kept", or the
 * dry-run forms "would_create", ... when dry_run. Static. */
const char *plan_action_done(plan_action a, int dry_run);

#endif
