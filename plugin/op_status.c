/* The "status" operation: one round of reads, reported as a state object with
 * the CLI's ScalingPolicies shape and the drifts from the manifest. */
#include "op_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "op_common.h"
#include "plan.h"
#include "request.h"

const char *status_iso_time(double t, char *buf, size_t size)
{
    time_t secs = (time_t)t;
    if ((double)secs > t)
        secs--;
    long usec = (long)((t - (double)secs) * 1e6 + 0.5);
    if (usec >= 1000000) {
        secs++;
        usec -= 1000000;
    }
    struct tm tm;
    gmtime_r(&secs, &tm);
    char base[32];
    strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
    if (usec)
        snprintf(buf, size, "%s.%06ld+00:00", base, usec);
    else
        snprintf(buf, size, "%s+00:00", base);
    return buf;
}

/* Member orders of botocore's application-autoscaling model (what the CLI prints). */
static const char *const policy_order[] = {"PolicyARN",
                                           "PolicyName",
                                           "ServiceNamespace",
                                           "ResourceId",
                                           "ScalableDimension",
                                           "PolicyType",
                                           "StepScalingPolicyConfiguration",
                                           "TargetTrackingScalingPolicyConfiguration",
                                           "PredictiveScalingPolicyConfiguration",
                                           "Alarms",
                                           "CreationTime",
                                           NULL};
static const char *const step_order[] = {"AdjustmentType",         "StepAdjustments",
                                         "MinAdjustmentMagnitude", "Cooldown",
                                         "MetricAggregationType",  NULL};
static const char *const adjustment_order[] = {
    "MetricIntervalLowerBound", "MetricIntervalUpperBound", "ScalingAdjustment", NULL};
static const char *const tt_order[] = {"TargetValue",
                                       "PredefinedMetricSpecification",
                                       "CustomizedMetricSpecification",
                                       "ScaleOutCooldown",
                                       "ScaleInCooldown",
                                       "DisableScaleIn",
                                       NULL};
static const char *const custom_order[] = {"MetricName", "Namespace", "Dimensions", "Statistic",
                                           "Unit",       "Metrics",   NULL};
static const char *const predefined_order[] = {"PredefinedMetricType", "ResourceLabel", NULL};
static const char *const dimension_order[] = {"Name", "Value", NULL};
static const char *const alarm_ref_order[] = {"AlarmName", "AlarmARN", NULL};
static const char *const target_order[] = {"ServiceNamespace",
                                           "ResourceId",
                                           "ScalableDimension",
                                           "MinCapacity",
                                           "MaxCapacity",
                                           "PredictedCapacity",
                                           "RoleARN",
                                           "CreationTime",
                                           "SuspendedState",
                                           "ScalableTargetARN",
                                           NULL};

/* New object: obj's members in `order`, then the others; CreationTime as ISO. */
static json_t *ordered(const json_t *obj, const char *const *order)
{
    json_t *out = json_object();
    for (const char *const *k = order; *k; k++) {
        json_t *v = json_object_get(obj, *k);
        if (!v)
            continue;
        if (strcmp(*k, "CreationTime") == 0 && json_is_number(v)) {
            char iso[64];
            json_object_set_new(
                out, *k, json_string(status_iso_time(json_number_value(v), iso, sizeof(iso))));
        } else {
            json_object_set(out, *k, v);
        }
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) if (!json_object_get(out, key))
        json_object_set(out, key, v);
    return out;
}

static json_t *ordered_array(const json_t *arr, const char *const *order)
{
    json_t *out = json_array();
    size_t i;
    const json_t *x;
    json_array_foreach(arr, i, x) json_array_append_new(out, ordered(x, order));
    return out;
}

/* Replace obj[key] (object) by its ordered copy; arrays of objects item-wise. */
static void reorder_member(json_t *obj, const char *key, const char *const *order)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_object(v))
        json_object_set_new(obj, key, ordered(v, order));
    else if (json_is_array(v))
        json_object_set_new(obj, key, ordered_array(v, order));
}

static json_t *cli_policy(const json_t *p)
{
    json_t *out = ordered(p, policy_order);
    reorder_member(out, "StepScalingPolicyConfiguration", step_order);
    reorder_member(json_object_get(out, "StepScalingPolicyConfiguration"), "StepAdjustments",
                   adjustment_order);
    reorder_member(out, "TargetTrackingScalingPolicyConfiguration", tt_order);
    json_t *tt = json_object_get(out, "TargetTrackingScalingPolicyConfiguration");
    reorder_member(tt, "CustomizedMetricSpecification", custom_order);
    reorder_member(tt, "PredefinedMetricSpecification", predefined_order);
    reorder_member(json_object_get(tt, "CustomizedMetricSpecification"), "Dimensions",
                   dimension_order);
    reorder_member(out, "Alarms", alarm_ref_order);
    return out;
}

/* New copy of a MetricAlarms item with CloudWatch's query-protocol strings
 * typed as botocore types them (what `aws cloudwatch describe-alarms` prints). */
static json_t *cli_alarm(const json_t *a)
{
    static const char *const ints[] = {"Period", "EvaluationPeriods", "DatapointsToAlarm", NULL};
    static const char *const lists[] = {"OKActions",  "AlarmActions", "InsufficientDataActions",
                                        "Dimensions", "Metrics",      NULL};
    json_t *out = json_deep_copy(a);
    for (const char *const *k = ints; *k; k++) {
        const char *s = json_string_value(json_object_get(out, *k));
        if (s)
            json_object_set_new(out, *k, json_integer(strtoll(s, NULL, 10)));
    }
    for (const char *const *k = lists; *k; k++) {
        json_t *v = json_object_get(out, *k);
        if (v && !json_is_array(v))
            json_object_set_new(out, *k, json_array());
    }
    const char *t = json_string_value(json_object_get(out, "Threshold"));
    if (t)
        json_object_set_new(out, "Threshold", json_real(strtod(t, NULL)));
    const char *b = json_string_value(json_object_get(out, "ActionsEnabled"));
    if (b)
        json_object_set_new(out, "ActionsEnabled", json_boolean(strcmp(b, "true") == 0));
    return out;
}

static json_t *endpoint_view(const sdh_live *l)
{
    json_t *variants = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(l->endpoint, "ProductionVariants"), i, v)
    {
        json_t *item = json_pack("{s:O}", "name", json_object_get(v, "VariantName"));
        json_t *cur = json_object_get(v, "CurrentInstanceCount");
        json_t *des = json_object_get(v, "DesiredInstanceCount");
        json_object_set(item, "current_instance_count", cur ? cur : json_null());
        json_object_set(item, "desired_instance_count", des ? des : json_null());
        json_array_append_new(variants, item);
    }
    json_t *out = json_pack(
        "{s:O,s:O,s:b,s:o}", "name", json_object_get(l->endpoint, "EndpointName"), "status",
        json_object_get(l->endpoint, "EndpointStatus"), "async", l->async, "variants", variants);
    json_t *reason = json_object_get(l->endpoint, "FailureReason");
    if (out && reason)
        json_object_set(out, "failure_reason", reason);
    return out;
}

/* Does any target-tracking policy exist while the step policy's alarm that
 * lifts the endpoint from 0 does not (or fires something else)? */
static int unsafe_scale_in(const sdh_live *l, const json_t *const live[MANIFEST_PART_COUNT])
{
    if (!l->target || json_integer_value(json_object_get(l->target, "MinCapacity")) != 0)
        return 0;
    int tt = 0;
    size_t i;
    const json_t *p;
    json_array_foreach(l->policies, i, p)
    {
        const char *type = json_string_value(json_object_get(p, "PolicyType"));
        tt |= type && strcmp(type, "TargetTrackingScaling") == 0;
    }
    if (!tt)
        return 0;
    const json_t *step = live[MANIFEST_STEP_POLICY];
    const json_t *alarm = live[MANIFEST_ALARM];
    if (!step || !alarm)
        return 1;
    const json_t *arn = json_object_get(step, "PolicyARN");
    json_array_foreach(json_object_get(alarm, "AlarmActions"), i,
                       p) if (json_equal((json_t *)p, (json_t *)arn)) return 0;
    return 1;
}

json_t *status_view(const manifest *m, const sdh_live *l, const manifest_vars *in_vars)
{
    manifest_vars vars = *in_vars;
    const json_t *live[MANIFEST_PART_COUNT];
    op_live_parts(m, &vars, l, live);
    vars.step_policy_arn =
        json_string_value(json_object_get(live[MANIFEST_STEP_POLICY], "PolicyARN"));
    json_t *desired[MANIFEST_PART_COUNT];
    sdh_error err;
    sdh_error_clear(&err);
    json_t *drifts = json_array();
    int enabled = 1;
    if (op_render_all(m, &vars, desired, &err) == SDH_STATUS_OK) {
        plan p;
        if (plan_enable((const json_t *const *)desired, live, &p, &err) == SDH_STATUS_OK) {
            for (size_t i = 0; i < p.n; i++) {
                json_array_extend(drifts, p.change[i].drifts);
                enabled &= p.change[i].action != PLAN_CREATE;
            }
            plan_free(&p);
        }
        op_desired_free(desired);
    }
    json_t *policies = json_array();
    size_t i;
    const json_t *x;
    json_array_foreach(l->policies, i, x) json_array_append_new(policies, cli_policy(x));
    json_t *target = l->target ? ordered(l->target, target_order) : json_null();
    reorder_member(target, "SuspendedState",
                   (const char *const[]){"DynamicScalingInSuspended", "DynamicScalingOutSuspended",
                                         "ScheduledScalingSuspended", NULL});
    json_t *alarm = live[MANIFEST_ALARM] ? cli_alarm(live[MANIFEST_ALARM]) : json_null();
    json_t *warnings = json_array();
    if (unsafe_scale_in(l, live))
        json_array_append_new(
            warnings, json_string("the endpoint can scale in to 0 instances but no alarm fires "
                                  "the step policy that brings it back: run enable"));
    json_t *out = json_pack(
        "{s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:b,s:o,s:o}", "endpoint", endpoint_view(l), "variant",
        l->variant, "resource_id", l->resource_id, "policy", m->name, "scalable_target", target,
        "ScalingPolicies", policies, "alarm", alarm, "enabled", enabled, "in_sync",
        enabled && json_array_size(drifts) == 0, "drifts", drifts, "warnings", warnings);
    return out;
}

sdh_status op_status(sdh_instance *inst, const json_t *req, json_t **reply, sdh_error *err)
{
    static const req_field spec[] = {
        {"endpoint", REQ_STRING, 1}, {"variant", REQ_STRING, 0}, {"policy", REQ_STRING, 0},
        {"min", REQ_INTEGER, 0},     {"max", REQ_INTEGER, 0},    {"region", REQ_STRING, 0},
        {"profile", REQ_STRING, 0},  {NULL, REQ_ANY, 0},
    };
    sdh_status st = op_check_request(req, spec, err);
    json_int_t min = -1, max = -1;
    if (st == SDH_STATUS_OK)
        st = req_integer_in(req, "min", 0, OP_MAX_INSTANCES, -1, &min, err);
    if (st == SDH_STATUS_OK)
        st = req_integer_in(req, "max", 1, OP_MAX_INSTANCES, -1, &max, err);
    if (st != SDH_STATUS_OK)
        return st;
    manifest m;
    aws_client *client;
    st = op_open(inst, req, &m, &client, err);
    if (st != SDH_STATUS_OK)
        return st;
    const char *endpoint = req_string(req, "endpoint", NULL);
    manifest_vars vars = {endpoint, req_string(req, "variant", NULL), 0, 1, NULL};
    const manifest *read[] = {&m, NULL};
    live_request rq = {endpoint, vars.variant, read, 0};
    sdh_live l;
    st = live_read(client, &rq, &l, err);
    if (st != SDH_STATUS_OK) {
        manifest_free(&m);
        return st;
    }
    vars.variant = l.variant;
    /* wanted capacities: as asked, else as registered, else the manifest's / the variant's */
    double have;
    vars.min_capacity = min >= 0 ? (int)min
                        : l.target
                            ? (int)json_integer_value(json_object_get(l.target, "MinCapacity"))
                            : m.min_capacity;
    have = json_number_value(json_object_get(live_variant(&l), "DesiredInstanceCount"));
    vars.max_capacity = max >= 0 ? (int)max
                        : l.target
                            ? (int)json_integer_value(json_object_get(l.target, "MaxCapacity"))
                            : (have >= 1 ? (int)have : 1);
    *reply = status_view(&m, &l, &vars);
    live_free(&l);
    manifest_free(&m);
    if (!*reply)
        return sdh_error_oom(err);
    return SDH_STATUS_OK;
}
