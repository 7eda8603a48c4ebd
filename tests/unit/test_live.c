/* Unit tests for the shape checks of the describe replies (live_shape.c):
 * replies as AWS sends them pass, in both protocols' forms; a missing name,
 * a member of the wrong type or a body that is not an object fails with
 * MalformedResponse naming the operation and the member. Pure. */
#include <string.h>

#include "live_shape.h"
#include "tap.h"

/* Check `text` as the reply of `op`: the error field ("" = expect success). */
static void expect(const char *op, const char *text, const char *field, const char *what)
{
    json_error_t jerr;
    json_t *out = json_loads(text, JSON_DECODE_ANY, &jerr);
    sdh_error err;
    sdh_error_clear(&err);
    sdh_status st = live_check_reply(op, out, &err);
    if (!field[0]) {
        CHECK(st == SDH_STATUS_OK, what);
    } else {
        if (!CHECK(st == SDH_STATUS_REMOTE_ERROR && strcmp(err.code, "MalformedResponse") == 0 &&
                       strcmp(err.field, field) == 0 && strstr(err.message, op) != NULL,
                   what))
            printf("#   field %s, want %s; message: %s\n", err.field, field, err.message);
    }
    json_decref(out);
}

int main(void)
{
    /* as AWS sends them */
    expect("DescribeEndpoint",
           "{\"EndpointName\":\"ep\",\"EndpointStatus\":\"InService\",\"EndpointConfigName\":"
           "\"c\",\"AsyncInferenceConfig\":{},\"ProductionVariants\":[{\"VariantName\":\"prod\","
           "\"CurrentInstanceCount\":1,\"DesiredInstanceCount\":1}]}",
           "", "DescribeEndpoint: a whole reply passes");
    expect("DescribeEndpoint", "{\"EndpointName\":\"ep\",\"EndpointStatus\":\"Creating\"}", "",
           "DescribeEndpoint: Creating without variants passes");
    expect("DescribeScalingPolicies", "{}", "", "DescribeScalingPolicies: no member is no list");
    expect("DescribeScalingPolicies",
           "{\"ScalingPolicies\":[{\"PolicyName\":\"p\",\"PolicyType\":\"StepScaling\","
           "\"PolicyARN\":\"arn\",\"Alarms\":[]}],\"NextToken\":\"t\"}",
           "", "DescribeScalingPolicies: a policy passes");
    expect("DescribeScalableTargets",
           "{\"ScalableTargets\":[{\"ResourceId\":\"r\",\"MinCapacity\":0,\"MaxCapacity\":2}]}", "",
           "DescribeScalableTargets: a target passes");
    expect("DescribeAlarms", "{\"MetricAlarms\":\"\"}", "",
           "DescribeAlarms: the query protocol's empty list passes");
    expect("DescribeAlarms", "{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"AlarmActions\":\"\"}]}", "",
           "DescribeAlarms: an alarm without actions passes");
    expect("UpdateEndpointWeightsAndCapacities", "{\"x\":1}", "", "other operations pass");

    /* malformed */
    expect("DescribeEndpoint", "[]", "DescribeEndpoint", "body not an object");
    expect("DescribeEndpoint", "{\"EndpointName\":\"ep\"}", "DescribeEndpoint.EndpointStatus",
           "DescribeEndpoint without EndpointStatus");
    expect("DescribeEndpoint", "{\"EndpointStatus\":\"InService\"}",
           "DescribeEndpoint.EndpointName", "DescribeEndpoint without EndpointName");
    expect("DescribeEndpoint",
           "{\"EndpointName\":\"ep\",\"EndpointStatus\":\"InService\",\"ProductionVariants\":"
           "{\"VariantName\":\"prod\"}}",
           "DescribeEndpoint.ProductionVariants", "ProductionVariants not a list");
    expect("DescribeEndpoint",
           "{\"EndpointName\":\"ep\",\"EndpointStatus\":\"InService\",\"ProductionVariants\":"
           "[{\"VariantName\":\"a\"},{\"DesiredInstanceCount\":1}]}",
           "DescribeEndpoint.ProductionVariants[1].VariantName", "a variant without a name");
    expect("DescribeEndpoint",
           "{\"EndpointName\":\"ep\",\"EndpointStatus\":\"InService\",\"ProductionVariants\":"
           "[{\"VariantName\":\"a\",\"DesiredInstanceCount\":\"2\"}]}",
           "DescribeEndpoint.ProductionVariants[0].DesiredInstanceCount",
           "an instance count as a string");
    expect("DescribeScalingPolicies", "{\"ScalingPolicies\":{\"PolicyName\":\"p\"}}",
           "DescribeScalingPolicies.ScalingPolicies", "ScalingPolicies an object");
    expect("DescribeScalingPolicies", "{\"ScalingPolicies\":\"p\"}",
           "DescribeScalingPolicies.ScalingPolicies", "ScalingPolicies a non-empty string");
    expect("DescribeScalingPolicies", "{\"ScalingPolicies\":[7]}",
           "DescribeScalingPolicies.ScalingPolicies[0]", "a policy that is not an object");
    expect("DescribeScalingPolicies",
           "{\"ScalingPolicies\":[{\"PolicyName\":\"p\",\"PolicyType\":\"StepScaling\"}]}",
           "DescribeScalingPolicies.ScalingPolicies[0].PolicyARN", "a policy without its ARN");
    expect("DescribeScalingPolicies", "{\"ScalingPolicies\":[],\"NextToken\":5}",
           "DescribeScalingPolicies.NextToken", "NextToken not a string");
    expect("DescribeScalableTargets",
           "{\"ScalableTargets\":[{\"ResourceId\":\"r\",\"MinCapacity\":\"0\","
           "\"MaxCapacity\":2}]}",
           "DescribeScalableTargets.ScalableTargets[0].MinCapacity", "MinCapacity a string");
    expect("DescribeAlarms", "{\"MetricAlarms\":[{\"AlarmActions\":[]}]}",
           "DescribeAlarms.MetricAlarms[0].AlarmName", "an alarm without a name");
    expect("DescribeAlarms", "{\"MetricAlarms\":[{\"AlarmName\":\"a\",\"AlarmActions\":{}}]}",
           "DescribeAlarms.MetricAlarms[0].AlarmActions", "AlarmActions an object");
    expect("DescribeEndpointConfig", "{\"AsyncInferenceConfig\":\"yes\"}",
           "DescribeEndpointConfig.AsyncInferenceConfig", "AsyncInferenceConfig a string");
    return tap_done();
}
