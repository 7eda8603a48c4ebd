/* Unit tests for the status view: drift computation against the manifest,
 * the CLI's ScalingPolicies shape (member order, ISO CreationTime), the
 * alarm typed as the CLI prints it, and the unsafe scale-in warning. Pure. */
#include <stdlib.h>
#include <string.h>

#include "live.h"
#include "manifest.h"
#include "op_status.h"
#include "tap.h"

#define ARN                                                                                        \
    "arn:aws:autoscaling:us-east-1:1:scalingPolicy:u:resource/sagemaker/endpoint/ep/variant/"      \
    "prod:policyName/HasBacklogWithoutCapacity-ScalingPolicy"

static void make(sdh_live *l)
{
    memset(l, 0, sizeof(*l));
    snprintf(l->variant, sizeof(l->variant), "prod");
    snprintf(l->resource_id, sizeof(l->resource_id), "endpoint/ep/variant/prod");
    l->async = 1;
    l->endpoint = json_loads("{\"EndpointName\":\"ep\",\"EndpointStatus\":\"InService\","
                             "\"ProductionVariants\":[{\"VariantName\":\"prod\","
                             "\"CurrentInstanceCount\":2,\"DesiredInstanceCount\":2}]}",
                             0, NULL);
    l->target = json_loads("{\"ServiceNamespace\":\"sagemaker\",\"ResourceId\":"
                           "\"endpoint/ep/variant/prod\",\"ScalableDimension\":"
                           "\"sagemaker:variant:DesiredInstanceCount\",\"MinCapacity\":0,"
                           "\"MaxCapacity\":2,\"CreationTime\":1692021190.48}",
                           0, NULL);
    l->policies = json_loads(
        "[{\"CreationTime\":1692021190.0,\"Alarms\":[],\"PolicyType\":\"StepScaling\","
        "\"PolicyName\":\"HasBacklogWithoutCapacity-ScalingPolicy\",\"PolicyARN\":\"" ARN "\","
        "\"ServiceNamespace\":\"sagemaker\",\"ResourceId\":\"endpoint/ep/variant/prod\","
        "\"ScalableDimension\":\"sagemaker:variant:DesiredInstanceCount\","
        "\"StepScalingPolicyConfiguration\":{\"MetricAggregationType\":\"Average\","
        "\"Cooldown\":300,\"StepAdjustments\":[{\"ScalingAdjustment\":1,"
        "\"MetricIntervalLowerBound\":0.0}],\"AdjustmentType\":\"ChangeInCapacity\"}},"
        "{\"PolicyName\":\"CPUUtil-ScalingPolicy\",\"PolicyType\":\"TargetTrackingScaling\","
        "\"ServiceNamespace\":\"sagemaker\",\"ResourceId\":\"endpoint/ep/variant/prod\","
        "\"ScalableDimension\":\"sagemaker:variant:DesiredInstanceCount\","
        "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":45.0,"
        "\"CustomizedMetricSpecification\":{\"MetricName\":\"CPUUtilization\","
        "\"Namespace\":\"/aws/sagemaker/Endpoints\",\"Dimensions\":[{\"Name\":\"EndpointName\","
        "\"Value\":\"ep\"},{\"Name\":\"VariantName\",\"Value\":\"prod\"}],\"Statistic\":"
        "\"Average\",\"Unit\":\"Percent\"},\"ScaleOutCooldown\":300,\"ScaleInCooldown\":300}}]",
        0, NULL);
    l->alarms = json_loads(
        "[{\"AlarmName\":\"ep-HasBacklogWithoutCapacity-Alarm\",\"AlarmActions\":[\"" ARN "\"],"
        "\"OKActions\":\"\",\"ActionsEnabled\":\"true\",\"MetricName\":"
        "\"HasBacklogWithoutCapacity\",\"Namespace\":\"AWS/SageMaker\",\"Statistic\":\"Average\","
        "\"Dimensions\":[{\"Name\":\"EndpointName\",\"Value\":\"ep\"}],\"Period\":\"60\","
        "\"EvaluationPeriods\":\"2\",\"DatapointsToAlarm\":\"2\",\"Threshold\":\"1.0\","
        "\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\",\"TreatMissingData\":"
        "\"missing\",\"StateValue\":\"OK\"}]",
        0, NULL);
}

int main(void)
{
    manifest m;
    sdh_error err;
    manifest_load("documented", NULL, &m, &err);
    sdh_live l;
    make(&l);
    manifest_vars v = {"ep", "prod", 0, 2, NULL};
    json_t *s = status_view(&m, &l, &v);
    CHECK(s != NULL, "status view built");
    CHECK(json_is_true(json_object_get(s, "enabled")), "enabled");
    CHECK(json_is_false(json_object_get(s, "in_sync")), "not in sync (TargetValue 45)");
    json_t *drifts = json_object_get(s, "drifts");
    CHECK_INT_EQ(json_array_size(drifts), 1, "one drift");
    json_t *d = json_array_get(drifts, 0);
    CHECK_STR_EQ(json_string_value(json_object_get(d, "field")),
                 "CPUUtil-ScalingPolicy.TargetTrackingScalingPolicyConfiguration.TargetValue",
                 "drift field");
    CHECK(json_number_value(json_object_get(d, "wanted")) == 50.0, "wanted 50");
    CHECK(json_number_value(json_object_get(d, "found")) == 45.0, "found 45");

    json_t *step = json_array_get(json_object_get(s, "ScalingPolicies"), 0);
    const char *want_order[] = {"PolicyARN",
                                "PolicyName",
                                "ServiceNamespace",
                                "ResourceId",
                                "ScalableDimension",
                                "PolicyType",
                                "StepScalingPolicyConfiguration",
                                "Alarms",
                                "CreationTime"};
    void *it = json_object_iter(step);
    int i = 0, in_order = 1;
    for (; it && i < 9; it = json_object_iter_next(step, it), i++)
        in_order &= strcmp(json_object_iter_key(it), want_order[i]) == 0;
    CHECK(in_order && i == 9 && !it, "policy members in the CLI's order");
    CHECK_STR_EQ(json_string_value(json_object_get(step, "CreationTime")),
                 "2023-08-14T13:53:10+00:00", "whole second: no fraction (as Python prints)");
    CHECK_STR_EQ(
        json_string_value(json_object_get(json_object_get(s, "scalable_target"), "CreationTime")),
        "2023-08-14T13:53:10.480000+00:00", "microseconds");
    json_t *cfg = json_object_get(step, "StepScalingPolicyConfiguration");
    CHECK_STR_EQ(json_object_iter_key(json_object_iter(cfg)), "AdjustmentType",
                 "configuration reordered");
    json_t *alarm = json_object_get(s, "alarm");
    CHECK_INT_EQ(json_integer_value(json_object_get(alarm, "Period")), 60, "Period typed");
    CHECK(json_real_value(json_object_get(alarm, "Threshold")) == 1.0, "Threshold typed");
    CHECK(json_is_true(json_object_get(alarm, "ActionsEnabled")), "ActionsEnabled typed");
    CHECK(json_is_array(json_object_get(alarm, "OKActions")), "empty list typed");
    CHECK_INT_EQ(json_array_size(json_object_get(s, "warnings")), 0, "no warning");
    json_decref(s);

    /* the alarm gone: not enabled, a drift for it, and the unsafe warning */
    json_array_clear(l.alarms);
    s = status_view(&m, &l, &v);
    CHECK(json_is_false(json_object_get(s, "enabled")), "not enabled without the alarm");
    CHECK_INT_EQ(json_array_size(json_object_get(s, "warnings")), 1, "unsafe scale-in warning");
    int seen = 0;
    size_t k;
    json_array_foreach(json_object_get(s, "drifts"), k, d) seen |=
        strcmp(json_string_value(json_object_get(d, "field")),
               "ep-HasBacklogWithoutCapacity-Alarm") == 0;
    CHECK(seen, "missing alarm reported as a drift");
    CHECK(json_is_null(json_object_get(s, "alarm")), "alarm null");
    json_decref(s);

    char buf[64];
    CHECK_STR_EQ(status_iso_time(1692021190.182, buf, sizeof(buf)),
                 "2023-08-14T13:53:10.182000+00:00", "iso time");
    live_free(&l);
    manifest_free(&m);
    return tap_done();
}
