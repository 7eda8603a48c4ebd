/* The policy manifest schema: tables of allowed keys per part (the AWS request
 * shapes the plugin supports) and the checks run on load. Pure. */
#include "manifest_schema.h"

#include <stdio.h>
#include <string.h>

typedef enum s_type { S_STRING, S_INT, S_NUMBER, S_BOOL, S_OBJECT, S_ARRAY } s_type;

typedef struct s_field {
    const char *key;
    s_type type;
    int required;
    const char *fixed;         /* the only allowed string value, or NULL */
    const char *const *enums;  /* allowed string values (NULL-terminated), or NULL */
    const struct s_field *sub; /* object members, or array items' members */
    s_type item;               /* array item type */
    long lo, hi;               /* integer range (lo > hi: unchecked); string length */
} s_field;

#define END                                                                                        \
    {                                                                                              \
        NULL, S_STRING, 0, NULL, NULL, NULL, S_STRING, 0, 0                                        \
    }

static const char *const adjustment_types[] = {"ChangeInCapacity", "PercentChangeInCapacity",
                                               "ExactCapacity", NULL};
static const char *const aggregations[] = {"Average", "Minimum", "Maximum", NULL};
static const char *const statistics[] = {"SampleCount", "Average", "Sum",
                                         "Minimum",     "Maximum", NULL};
static const char *const comparisons[] = {"GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
                                          "LessThanThreshold", "LessThanOrEqualToThreshold", NULL};
static const char *const missing_data[] = {"missing", "ignore", "breaching", "notBreaching", NULL};
static const char *const endpoint_types[] = {"async", "realtime", "any", NULL};

#define SAGEMAKER_IDENTITY                                                                         \
    {"ServiceNamespace", S_STRING, 1, "sagemaker", NULL, NULL, S_STRING, 1, 0},                    \
        {"ResourceId", S_STRING, 1, "${ResourceId}", NULL, NULL, S_STRING, 1, 0},                  \
    {                                                                                              \
        "ScalableDimension", S_STRING, 1, "sagemaker:variant:DesiredInstanceCount", NULL, NULL,    \
            S_STRING, 1, 0                                                                         \
    }

static const s_field dimension[] = {
    {"Name", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 255},
    {"Value", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 1024},
    END,
};

static const s_field suspended[] = {
    {"DynamicScalingInSuspended", S_BOOL, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    {"DynamicScalingOutSuspended", S_BOOL, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    {"ScheduledScalingSuspended", S_BOOL, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    END,
};

static const s_field target[] = {
    SAGEMAKER_IDENTITY,
    {"MinCapacity", S_STRING, 1, "${MinCapacity}", NULL, NULL, S_STRING, 1, 0},
    {"MaxCapacity", S_STRING, 1, "${MaxCapacity}", NULL, NULL, S_STRING, 1, 0},
    {"SuspendedState", S_OBJECT, 0, NULL, NULL, suspended, S_STRING, 1, 0},
    END,
};

static const s_field step_adjustment[] = {
    {"MetricIntervalLowerBound", S_NUMBER, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    {"MetricIntervalUpperBound", S_NUMBER, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    {"ScalingAdjustment", S_INT, 1, NULL, NULL, NULL, S_STRING, -1000000, 1000000},
    END,
};

static const s_field step_config[] = {
    {"AdjustmentType", S_STRING, 1, NULL, adjustment_types, NULL, S_STRING, 1, 0},
    {"StepAdjustments", S_ARRAY, 1, NULL, NULL, step_adjustment, S_OBJECT, 1, 20},
    {"MinAdjustmentMagnitude", S_INT, 0, NULL, NULL, NULL, S_STRING, 1, 1000000},
    {"Cooldown", S_INT, 0, NULL, NULL, NULL, S_STRING, 0, 86400},
    {"MetricAggregationType", S_STRING, 0, NULL, aggregations, NULL, S_STRING, 1, 0},
    END,
};

static const s_field step_policy[] = {
    {"PolicyName", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 256},
    SAGEMAKER_IDENTITY,
    {"PolicyType", S_STRING, 1, "StepScaling", NULL, NULL, S_STRING, 1, 0},
    {"StepScalingPolicyConfiguration", S_OBJECT, 1, NULL, NULL, step_config, S_STRING, 1, 0},
    END,
};

static const s_field predefined[] = {
    {"PredefinedMetricType", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 256},
    {"ResourceLabel", S_STRING, 0, NULL, NULL, NULL, S_STRING, 1, 1023},
    END,
};

static const s_field customized[] = {
    {"MetricName", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 255},
    {"Namespace", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 255},
    {"Dimensions", S_ARRAY, 0, NULL, NULL, dimension, S_OBJECT, 0, 30},
    {"Statistic", S_STRING, 1, NULL, statistics, NULL, S_STRING, 1, 0},
    {"Unit", S_STRING, 0, NULL, NULL, NULL, S_STRING, 1, 64},
    END,
};

static const s_field tt_config[] = {
    {"TargetValue", S_NUMBER, 1, NULL, NULL, NULL, S_STRING, 1, 0},
    {"PredefinedMetricSpecification", S_OBJECT, 0, NULL, NULL, predefined, S_STRING, 1, 0},
    {"CustomizedMetricSpecification", S_OBJECT, 0, NULL, NULL, customized, S_STRING, 1, 0},
    {"ScaleOutCooldown", S_INT, 0, NULL, NULL, NULL, S_STRING, 0, 86400},
    {"ScaleInCooldown", S_INT, 0, NULL, NULL, NULL, S_STRING, 0, 86400},
    {"DisableScaleIn", S_BOOL, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    END,
};

static const s_field tt_policy[] = {
    {"PolicyName", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 256},
    SAGEMAKER_IDENTITY,
    {"PolicyType", S_STRING, 1, "TargetTrackingScaling", NULL, NULL, S_STRING, 1, 0},
    {"TargetTrackingScalingPolicyConfiguration", S_OBJECT, 1, NULL, NULL, tt_config, S_STRING, 1,
     0},
    END,
};

static const s_field alarm[] = {
    {"AlarmName", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 255},
    {"AlarmDescription", S_STRING, 0, NULL, NULL, NULL, S_STRING, 0, 1024},
    {"ActionsEnabled", S_BOOL, 0, NULL, NULL, NULL, S_STRING, 1, 0},
    {"AlarmActions", S_ARRAY, 1, NULL, NULL, NULL, S_STRING, 1, 5},
    {"OKActions", S_ARRAY, 0, NULL, NULL, NULL, S_STRING, 0, 5},
    {"InsufficientDataActions", S_ARRAY, 0, NULL, NULL, NULL, S_STRING, 0, 5},
    {"MetricName", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 255},
    {"Namespace", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 255},
    {"Statistic", S_STRING, 1, NULL, statistics, NULL, S_STRING, 1, 0},
    {"Dimensions", S_ARRAY, 0, NULL, NULL, dimension, S_OBJECT, 0, 30},
    {"Period", S_INT, 1, NULL, NULL, NULL, S_STRING, 10, 86400},
    {"Unit", S_STRING, 0, NULL, NULL, NULL, S_STRING, 1, 64},
    {"EvaluationPeriods", S_INT, 1, NULL, NULL, NULL, S_STRING, 1, 1440},
    {"DatapointsToAlarm", S_INT, 0, NULL, NULL, NULL, S_STRING, 1, 1440},
    {"Threshold", S_NUMBER, 1, NULL, NULL, NULL, S_STRING, 1, 0},
    {"ComparisonOperator", S_STRING, 1, NULL, comparisons, NULL, S_STRING, 1, 0},
    {"TreatMissingData", S_STRING, 0, NULL, missing_data, NULL, S_STRING, 1, 0},
    END,
};

static const s_field top[] = {
    {"format", S_INT, 1, NULL, NULL, NULL, S_STRING, 1, 1},
    {"name", S_STRING, 1, NULL, NULL, NULL, S_STRING, 1, 63},
    {"description", S_STRING, 0, NULL, NULL, NULL, S_STRING, 0, 2000},
    {"endpoint_type", S_STRING, 1, NULL, endpoint_types, NULL, S_STRING, 1, 0},
    {"min_capacity", S_INT, 1, NULL, NULL, NULL, S_STRING, 0, 1000},
    {"scalable_target", S_OBJECT, 1, NULL, NULL, target, S_STRING, 1, 0},
    {"step_policy", S_OBJECT, 0, NULL, NULL, step_policy, S_STRING, 1, 0},
    {"alarm", S_OBJECT, 0, NULL, NULL, alarm, S_STRING, 1, 0},
    {"target_tracking_policy", S_OBJECT, 0, NULL, NULL, tt_policy, S_STRING, 1, 0},
    END,
};

static const char *type_text(s_type t)
{
    switch (t) {
    case S_STRING:
        return "a string";
    case S_INT:
        return "an integer";
    case S_NUMBER:
        return "a number";
    case S_BOOL:
        return "true or false";
    case S_OBJECT:
        return "an object";
    case S_ARRAY:
        return "an array";
    }
    return "a value";
}

static int type_ok(const json_t *v, s_type t)
{
    switch (t) {
    case S_STRING:
        return json_is_string(v);
    case S_INT:
        return json_is_integer(v);
    case S_NUMBER:
        return json_is_number(v);
    case S_BOOL:
        return json_is_boolean(v);
    case S_OBJECT:
        return json_is_object(v);
    case S_ARRAY:
        return json_is_array(v);
    }
    return 0;
}

static sdh_status fail(sdh_error *err, const char *source, const char *path, const char *fmt,
                       const char *a, const char *b)
{
    char msg[600];
    snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
    return sdh_error_set(err, SDH_STATUS_INVALID_INPUT, "InvalidManifest", path, "%s: %s: %s",
                         source, path[0] ? path : "(top level)", msg);
}

static void join(char *out, size_t size, const char *path, const char *key)
{
    if (path[0])
        snprintf(out, size, "%s.%s", path, key);
    else
        snprintf(out, size, "%s", key);
}

int manifest_placeholder_known(const char *name, size_t len)
{
    static const char *const known[] = {
        "EndpointName", "VariantName",   "ResourceId", "MinCapacity",
        "MaxCapacity",  "StepPolicyARN", NULL};
    for (const char *const *k = known; *k; k++)
        if (strlen(*k) == len && memcmp(*k, name, len) == 0)
            return 1;
    return 0;
}

/* Every ${...} in `s` must be known; ${StepPolicyARN} only where allowed. */
static sdh_status check_placeholders(const char *s, const char *source, const char *path,
                                     int arn_ok, sdh_error *err)
{
    for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
        const char *end = strchr(p + 2, '}');
        if (!end)
            return fail(err, source, path, "unterminated placeholder in \"%s\"", s, NULL);
        size_t len = (size_t)(end - (p + 2));
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ? len : 63), p + 2);
        if (!manifest_placeholder_known(p + 2, len))
            return fail(err, source, path,
                        "unknown placeholder ${%s} (known: ${EndpointName}, ${VariantName}, "
                        "${ResourceId}, ${MinCapacity}, ${MaxCapacity}, ${StepPolicyARN})%s",
                        name, NULL);
        if (strcmp(name, "StepPolicyARN") == 0 && !arn_ok)
            return fail(err, source, path, "${StepPolicyARN} may only appear in the alarm%s%s",
                        NULL, NULL);
    }
    return SDH_STATUS_OK;
}

static sdh_status check_object(const json_t *obj, const s_field *spec, const char *source,
                               const char *path, int arn_ok, sdh_error *err);

static sdh_status check_value(const json_t *v, const s_field *f, const char *source,
                              const char *path, int arn_ok, sdh_error *err)
{
    sdh_status st = SDH_STATUS_OK;
    if (!type_ok(v, f->type))
        return fail(err, source, path, "must be %s%s", type_text(f->type), NULL);
    if (f->type == S_STRING) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        if (f->fixed && strcmp(s, f->fixed) != 0)
            return fail(err, source, path, "must be \"%s\"%s", f->fixed, NULL);
        if (f->enums) {
            const char *const *e = f->enums;
            while (*e && strcmp(*e, s) != 0)
                e++;
            if (!*e)
                return fail(err, source, path, "\"%s\" is not an allowed value%s", s, NULL);
        }
        if (f->lo <= f->hi && ((long)len < f->lo || (long)len > f->hi)) {
            char range[64];
            snprintf(range, sizeof(range), "%ld to %ld", f->lo, f->hi);
            return fail(err, source, path, "length must be %s characters%s", range, NULL);
        }
        if (memchr(s, '\0', len))
            return fail(err, source, path, "contains a NUL character%s%s", NULL, NULL);
        return check_placeholders(s, source, path, arn_ok, err);
    }
    if (f->type == S_INT && f->lo <= f->hi) {
        json_int_t n = json_integer_value(v);
        if (n < f->lo || n > f->hi) {
            char range[64];
            snprintf(range, sizeof(range), "%ld to %ld", f->lo, f->hi);
            return fail(err, source, path, "must be from %s%s", range, NULL);
        }
    }
    if (f->type == S_OBJECT)
        return check_object(v, f->sub, source, path, arn_ok, err);
    if (f->type == S_ARRAY) {
        size_t n = json_array_size(v);
        if (f->lo <= f->hi && ((long)n < f->lo || (long)n > f->hi)) {
            char range[64];
            snprintf(range, sizeof(range), "%ld to %ld", f->lo, f->hi);
            return fail(err, source, path, "must have %s items%s", range, NULL);
        }
        s_field item = {f->key, f->item, 1, NULL, NULL, f->sub, S_STRING, 1, 0};
        if (f->item == S_STRING)
            item.lo = 1, item.hi = 1600;
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
        {
            char sub[256];
            snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
            st = check_value(x, &item, source, sub, arn_ok, err);
            if (st != SDH_STATUS_OK)
                return st;
        }
    }
    return st;
}

static sdh_status check_object(const json_t *obj, const s_field *spec, const char *source,
                               const char *path, int arn_ok, sdh_error *err)
{
    const char *key;
    const json_t *v;
    char sub[256];
    json_object_foreach((json_t *)obj, key, v)
    {
        const s_field *f = spec;
        while (f->key && strcmp(f->key, key) != 0)
            f++;
        join(sub, sizeof(sub), path, key);
        if (!f->key)
            return fail(err, source, sub, "unknown key \"%s\"%s", key, NULL);
        sdh_status st = check_value(v, f, source, sub, arn_ok, err);
        if (st != SDH_STATUS_OK)
            return st;
    }
    for (const s_field *f = spec; f->key; f++) {
        join(sub, sizeof(sub), path, f->key);
        if (f->required && !json_object_get(obj, f->key))
            return fail(err, source, sub, "missing required key \"%s\"%s", f->key, NULL);
    }
    return SDH_STATUS_OK;
}

static sdh_status check_rules(const json_t *doc, const char *source, sdh_error *err)
{
    const json_t *step = json_object_get(doc, "step_policy");
    const json_t *al = json_object_get(doc, "alarm");
    const json_t *tt = json_object_get(doc, "target_tracking_policy");
    const char *type = json_string_value(json_object_get(doc, "endpoint_type"));
    json_int_t min = json_integer_value(json_object_get(doc, "min_capacity"));
    const char *name = json_string_value(json_object_get(doc, "name"));

    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            return fail(err, source, "name", "\"%s\" may use only letters, digits, '-' and '_'%s",
                        name, NULL);
    if (!step && !tt)
        return fail(err, source, "", "needs a step_policy or a target_tracking_policy%s%s", NULL,
                    NULL);
    if (step && !al)
        return fail(err, source, "alarm",
                    "missing: a step_policy needs the alarm that triggers it%s%s", NULL, NULL);
    if (al && !step)
        return fail(err, source, "step_policy",
                    "missing: the alarm needs the step policy it triggers%s%s", NULL, NULL);
    if (al) {
        const json_t *actions = json_object_get(al, "AlarmActions");
        size_t i;
        const json_t *a;
        int found = 0;
        json_array_foreach(actions, i, a) found |=
            strcmp(json_string_value(a), "${StepPolicyARN}") == 0;
        if (!found)
            return fail(err, source, "alarm.AlarmActions",
                        "must contain \"${StepPolicyARN}\" so the alarm fires the step policy%s%s",
                        NULL, NULL);
        if (!strstr(json_string_value(json_object_get(al, "AlarmName")), "${EndpointName}"))
            return fail(err, source, "alarm.AlarmName",
                        "must contain ${EndpointName}: one alarm name shared by all endpoints "
                        "makes each deployment take over the previous endpoint's alarm%s%s",
                        NULL, NULL);
    }
    if (tt && min == 0 && !al)
        return fail(err, source, "min_capacity",
                    "is 0 with a target_tracking_policy but no step_policy and alarm: the "
                    "endpoint could scale in to 0 and never come back%s%s",
                    NULL, NULL);
    if (min == 0 && strcmp(type, "async") != 0)
        return fail(err, source, "min_capacity",
                    "is 0, which only asynchronous endpoints support; set endpoint_type "
                    "\"async\"%s%s",
                    NULL, NULL);
    if (step && tt &&
        json_equal(json_object_get(step, "PolicyName"), json_object_get(tt, "PolicyName")))
        return fail(err, source, "target_tracking_policy.PolicyName",
                    "must differ from the step policy's name%s%s", NULL, NULL);
    if (tt) {
        const json_t *cfg = json_object_get(tt, "TargetTrackingScalingPolicyConfiguration");
        int pre = json_object_get(cfg, "PredefinedMetricSpecification") != NULL;
        int cus = json_object_get(cfg, "CustomizedMetricSpecification") != NULL;
        if (pre == cus)
            return fail(err, source,
                        "target_tracking_policy.TargetTrackingScalingPolicyConfiguration",
                        "needs exactly one of PredefinedMetricSpecification and "
                        "CustomizedMetricSpecification%s%s",
                        NULL, NULL);
    }
    if (al) {
        const json_t *dp = json_object_get(al, "DatapointsToAlarm");
        if (dp &&
            json_integer_value(dp) > json_integer_value(json_object_get(al, "EvaluationPeriods")))
            return fail(err, source, "alarm.DatapointsToAlarm",
                        "must not exceed EvaluationPeriods%s%s", NULL, NULL);
        json_int_t period = json_integer_value(json_object_get(al, "Period"));
        if (period != 10 && period != 20 && period != 30 && period % 60 != 0)
            return fail(err, source, "alarm.Period", "must be 10, 20, 30 or a multiple of 60%s%s",
                        NULL, NULL);
    }
    return SDH_STATUS_OK;
}

sdh_status manifest_schema_check(const json_t *doc, const char *source, sdh_error *err)
{
    if (!json_is_object(doc))
        return fail(err, source, "", "a manifest must be a JSON object%s%s", NULL, NULL);
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)doc, key, v)
    {
        const s_field *f = top;
        while (f->key && strcmp(f->key, key) != 0)
            f++;
        if (!f->key)
            return fail(err, source, key,
                        "unknown top-level key \"%s\" (allowed: format, name, description, "
                        "endpoint_type, min_capacity, scalable_target, step_policy, alarm, "
                        "target_tracking_policy)%s",
                        key, NULL);
        sdh_status st = check_value(v, f, source, key, strcmp(key, "alarm") == 0, err);
        if (st != SDH_STATUS_OK)
            return st;
    }
    for (const s_field *f = top; f->key; f++)
        if (f->required && !json_object_get(doc, f->key))
            return fail(err, source, f->key, "missing required key \"%s\"%s", f->key, NULL);
    return check_rules(doc, source, err);
}
