/* Policy manifests: the desired autoscaling setup as data. A manifest holds the
 * AWS request bodies (RegisterScalableTarget, PutScalingPolicy for the step and
 * target-tracking policies, PutMetricAlarm) with ${...} placeholders. This file
 * loads one (built-in name or file path), validates it completely on load, and
 * renders it for one endpoint/variant. Pure apart from reading the file. */
#ifndef SDH_MANIFEST_H
#define SDH_MANIFEST_H

#include <jansson.h>

#include "util/error.h"

/* The parts of a manifest, in the safe apply order (the planner owns the order). */
typedef enum manifest_part {
    MANIFEST_TARGET = 0,  /* "scalable_target": RegisterScalableTarget */
    MANIFEST_STEP_POLICY, /* "step_policy": PutScalingPolicy, StepScaling */
    MANIFEST_ALARM,       /* "alarm": PutMetricAlarm, actions -> the step policy */
    MANIFEST_TT_POLICY,   /* "target_tracking_policy": PutScalingPolicy, TargetTracking */
    MANIFEST_PART_COUNT
} manifest_part;

typedef enum manifest_endpoint_type {
    MANIFEST_ENDPOINT_ANY = 0,
    MANIFEST_ENDPOINT_ASYNC,   /* needs an AsyncInferenceConfig */
    MANIFEST_ENDPOINT_REALTIME /* refuses asynchronous endpoints */
} manifest_endpoint_type;

typedef struct manifest {
    char name[64];    /* the manifest's "name" */
    char source[512]; /* "builtin:<name>" or the file path */
    manifest_endpoint_type endpoint_type;
    int min_capacity;                  /* default MinCapacity */
    json_t *part[MANIFEST_PART_COUNT]; /* owned templates; NULL when the part is absent */
} manifest;

/* The key of a part in the manifest file, e.g. "step_policy". Static. */
const char *manifest_part_key(manifest_part p);
/* The reply's step name, e.g. "step_policy", "target_tracking_policy". Static. */
const char *manifest_part_step(manifest_part p);

/* Parse and validate manifest text (`len` bytes, borrowed). `source` names the
 * file in error messages. On success fills *m (release with manifest_free).
 * Errors: SDH_STATUS_INVALID_INPUT, code "InvalidManifest", field = the path
 * inside the manifest (e.g. "alarm.Threshold"), message starting with source. */
sdh_status manifest_parse(const char *text, size_t len, const char *source, manifest *m,
                          sdh_error *err);

/* Load by request value: a built-in name ("documented", "backlog", "realtime"),
 * or a file path (contains '/' or ends in ".json"). NULL -> "documented".
 * A name that is not built in is looked up as <policy_dir>/<name>.json when
 * policy_dir (borrowed, may be NULL) is set. */
sdh_status manifest_load(const char *policy, const char *policy_dir, manifest *m, sdh_error *err);

/* Release the templates (m itself is the caller's). NULL is accepted. */
void manifest_free(manifest *m);

/* Names of the built-in manifests, NULL-terminated (static). */
const char *const *manifest_builtin_names(void);

/* Values for the placeholders. Strings are borrowed. step_policy_arn may be
 * NULL: then "${StepPolicyARN}" is left as it is (the alarm is not rendered
 * final until the step policy exists). */
typedef struct manifest_vars {
    const char *endpoint;
    const char *variant;
    int min_capacity;
    int max_capacity;
    const char *step_policy_arn;
} manifest_vars;

/* Render part `p` for `vars`: a new object (the AWS request body), or NULL
 * when the part is absent (not an error). A string that is exactly a numeric
 * placeholder becomes a number. Errors (e.g. a rendered AlarmName longer than
 * 255 characters): SDH_STATUS_INVALID_INPUT. */
sdh_status manifest_render(const manifest *m, manifest_part p, const manifest_vars *vars,
                           json_t **out, sdh_error *err);

/* The name of part `p` for `vars` (PolicyName, or the rendered AlarmName,
 * or "" for the target) into buf. Returns buf. */
const char *manifest_part_name(const manifest *m, manifest_part p, const manifest_vars *vars,
                               char *buf, size_t size);

/* "endpoint/<endpoint>/variant/<variant>" into buf; returns buf. */
const char *manifest_resource_id(const char *endpoint, const char *variant, char *buf, size_t size);

/* The unrendered step-policy ARN placeholder text "${StepPolicyARN}". */
#define MANIFEST_STEP_ARN_PLACEHOLDER "${StepPolicyARN}"

#endif
