/* Unit tests for the planner: order of changes, idempotence under AWS's
 * representations (numbers as strings, defaults), drifts, and disable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "plan.h"
#include "tap.h"

#define STEP_ARN                                                                                   \
    "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1111:resource/sagemaker/"            \
    "endpoint/ep/variant/prod:policyName/HasBacklogWithoutCapacity-ScalingPolicy"

typedef struct fixture {
    manifest m;
    json_t *desired[MANIFEST_PART_COUNT];
    json_t *live[MANIFEST_PART_COUNT];
} fixture;

static void render_all(fixture *f, int min, int max, const char *arn)
{
    sdh_error err;
    manifest_vars v = {"ep", "prod", min, max, arn};
    for (int p = 0; p < MANIFEST_PART_COUNT; p++) {
        json_decref(f->desired[p]);
        manifest_render(&f->m, (manifest_part)p, &v, &f->desired[p], &err);
    }
}

static void setup(fixture *f, const char *name)
{
    memset(f, 0, sizeof(*f));
    sdh_error err;
    manifest_load(name, NULL, &f->m, &err);
    render_all(f, 0, 2, STEP_ARN);
}

static void teardown(fixture *f)
{
    for (int p = 0; p < MANIFEST_PART_COUNT; p++) {
        json_decref(f->desired[p]);
        json_decref(f->live[p]);
    }
    manifest_free(&f->m);
}

/* Live objects the way AWS describes them: extra members, floats, and for
 * CloudWatch every scalar as a string. */
static void make_live(fixture *f)
{
    f->live[MANIFEST_TARGET] = json_loads(
        "{\"ServiceNamespace\":\"sagemaker\",\"ResourceId\":\"endpoint/ep/variant/prod\","
        "\"ScalableDimension\":\"sagemaker:variant:DesiredInstanceCount\",\"MinCapacity\":0,"
        "\"MaxCapacity\":2,\"RoleARN\":\"arn:aws:iam::1:role/x\",\"CreationTime\":1692021190.48,"
        "\"SuspendedState\":{\"DynamicScalingInSuspended\":false}}",
        0, NULL);
    f->live[MANIFEST_STEP_POLICY] = json_loads(
        "{\"PolicyARN\":\"" STEP_ARN
        "\",\"PolicyName\":\"HasBacklogWithoutCapacity-ScalingPolicy\","
        "\"ServiceNamespace\":\"sagemaker\",\"ResourceId\":\"endpoint/ep/variant/prod\","
        "\"ScalableDimension\":\"sagemaker:variant:DesiredInstanceCount\","
        "\"PolicyType\":\"StepScaling\",\"StepScalingPolicyConfiguration\":{"
        "\"AdjustmentType\":\"ChangeInCapacity\",\"StepAdjustments\":[{"
        "\"MetricIntervalLowerBound\":0.0,\"ScalingAdjustment\":1}],\"Cooldown\":300,"
        "\"MetricAggregationType\":\"Average\"},\"Alarms\":[],\"CreationTime\":1692021190.48}",
        0, NULL);
    f->live[MANIFEST_ALARM] = json_loads(
        "{\"AlarmName\":\"ep-HasBacklogWithoutCapacity-Alarm\",\"AlarmArn\":\"arn:x\","
        "\"ActionsEnabled\":\"true\",\"OKActions\":\"\",\"AlarmActions\":[\"" STEP_ARN "\"],"
        "\"InsufficientDataActions\":\"\",\"StateValue\":\"INSUFFICIENT_DATA\","
        "\"MetricName\":\"HasBacklogWithoutCapacity\",\"Namespace\":\"AWS/SageMaker\","
        "\"Statistic\":\"Average\",\"Dimensions\":[{\"Name\":\"EndpointName\",\"Value\":\"ep\"}],"
        "\"Period\":\"60\",\"EvaluationPeriods\":\"2\",\"DatapointsToAlarm\":\"2\","
        "\"Threshold\":\"1.0\",\"ComparisonOperator\":\"GreaterThanOrEqualToThreshold\","
        "\"TreatMissingData\":\"missing\"}",
        0, NULL);
    f->live[MANIFEST_TT_POLICY] = json_loads(
        "{\"PolicyARN\":\"arn:tt\",\"PolicyName\":\"CPUUtil-ScalingPolicy\","
        "\"ServiceNamespace\":\"sagemaker\",\"ResourceId\":\"endpoint/ep/variant/prod\","
        "\"ScalableDimension\":\"sagemaker:variant:DesiredInstanceCount\","
        "\"PolicyType\":\"TargetTrackingScaling\",\"TargetTrackingScalingPolicyConfiguration\":{"
        "\"TargetValue\":50.0,\"CustomizedMetricSpecification\":{\"MetricName\":\"CPUUtilization\","
        "\"Namespace\":\"/aws/sagemaker/Endpoints\",\"Dimensions\":[{\"Name\":\"VariantName\","
        "\"Value\":\"prod\"},{\"Name\":\"EndpointName\",\"Value\":\"ep\"}],"
        "\"Statistic\":\"Average\",\"Unit\":\"Percent\"},\"ScaleOutCooldown\":300,"
        "\"ScaleInCooldown\":300,\"DisableScaleIn\":false},\"Alarms\":[{\"AlarmName\":\"a\"}],"
        "\"CreationTime\":1692021190.182}",
        0, NULL);
}

static sdh_status run(fixture *f, plan *p)
{
    sdh_error err;
    sdh_error_clear(&err);
    return plan_enable((const json_t *const *)f->desired, (const json_t *const *)f->live, p, &err);
}

static void test_all_absent(void)
{
    fixture f;
    setup(&f, "documented");
    render_all(&f, 0, 2, NULL);
    plan p;
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.n, 4, "4 changes");
    manifest_part want[] = {MANIFEST_TARGET, MANIFEST_STEP_POLICY, MANIFEST_ALARM,
                            MANIFEST_TT_POLICY};
    for (size_t i = 0; i < 4 && i < p.n; i++) {
        CHECK_INT_EQ(p.change[i].part, want[i], "safe order");
        CHECK_INT_EQ(p.change[i].action, PLAN_CREATE, "create");
        CHECK(p.change[i].body != NULL, "create has a body");
    }
    CHECK_STR_EQ(p.change[0].name, "endpoint/ep/variant/prod", "target named by resource id");
    CHECK_STR_EQ(p.change[2].name, "ep-HasBacklogWithoutCapacity-Alarm", "alarm name");
    CHECK_STR_EQ(p.change[3].name, "CPUUtil-ScalingPolicy", "tt name");
    plan_free(&p);
    teardown(&f);
}

static void test_all_equal(void)
{
    fixture f;
    setup(&f, "documented");
    make_live(&f);
    plan p;
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.n, 4, "4 entries");
    for (size_t i = 0; i < p.n; i++) {
        CHECK_INT_EQ(p.change[i].action, PLAN_UNCHANGED, p.change[i].name);
        if (json_array_size(p.change[i].drifts)) {
            char *d = json_dumps(p.change[i].drifts, JSON_COMPACT);
            printf("#   drifts: %s\n", d);
            free(d);
        }
        CHECK(p.change[i].body == NULL, "unchanged has no body");
    }
    plan_free(&p);
    teardown(&f);
}

static void test_drifts(void)
{
    fixture f;
    setup(&f, "documented");
    make_live(&f);
    json_t *cfg =
        json_object_get(f.live[MANIFEST_TT_POLICY], "TargetTrackingScalingPolicyConfiguration");
    json_object_set_new(cfg, "TargetValue", json_real(40.0));
    json_object_set_new(f.live[MANIFEST_ALARM], "Threshold", json_string("2.0"));
    json_object_set_new(f.live[MANIFEST_TARGET], "MaxCapacity", json_integer(5));
    plan p;
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.change[0].action, PLAN_UPDATE, "target update");
    CHECK_INT_EQ(p.change[1].action, PLAN_UNCHANGED, "step unchanged");
    CHECK_INT_EQ(p.change[2].action, PLAN_UPDATE, "alarm update");
    CHECK_INT_EQ(p.change[3].action, PLAN_UPDATE, "tt update");
    json_t *d = json_array_get(p.change[3].drifts, 0);
    CHECK_STR_EQ(json_string_value(json_object_get(d, "field")),
                 "CPUUtil-ScalingPolicy.TargetTrackingScalingPolicyConfiguration.TargetValue",
                 "drift field path");
    CHECK(json_number_value(json_object_get(d, "wanted")) == 50.0, "drift wanted 50");
    CHECK(json_number_value(json_object_get(d, "found")) == 40.0, "drift found 40");
    d = json_array_get(p.change[0].drifts, 0);
    CHECK_STR_EQ(json_string_value(json_object_get(d, "field")), "scalable_target.MaxCapacity",
                 "target drift field");
    d = json_array_get(p.change[2].drifts, 0);
    CHECK_STR_EQ(json_string_value(json_object_get(d, "field")),
                 "ep-HasBacklogWithoutCapacity-Alarm.Threshold", "alarm drift field");
    CHECK_STR_EQ(json_string_value(json_object_get(d, "found")), "2.0", "found as AWS said");
    plan_free(&p);

    /* a member only AWS has, set, inside a configuration counts */
    json_object_set_new(cfg, "TargetValue", json_real(50.0));
    json_object_set_new(cfg, "DisableScaleIn", json_true());
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.change[3].action, PLAN_UPDATE, "DisableScaleIn true is a drift");
    d = json_array_get(p.change[3].drifts, 0);
    CHECK_STR_EQ(json_string_value(json_object_get(d, "field")),
                 "CPUUtil-ScalingPolicy.TargetTrackingScalingPolicyConfiguration.DisableScaleIn",
                 "extra member path");
    plan_free(&p);

    /* the alarm firing another ARN */
    json_object_set_new(cfg, "DisableScaleIn", json_false());
    json_object_set_new(f.live[MANIFEST_ALARM], "AlarmActions", json_pack("[s]", "arn:other"));
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.change[2].action, PLAN_UPDATE, "alarm with the wrong action is updated");
    CHECK_INT_EQ(p.change[3].action, PLAN_UNCHANGED, "tt back to unchanged");
    plan_free(&p);
    teardown(&f);
}

static void test_late_target(void)
{
    /* existing target at min 1 with a target-tracking policy but no alarm:
     * lowering to 0 must wait for the step policy and alarm */
    fixture f;
    setup(&f, "documented");
    make_live(&f);
    json_object_set_new(f.live[MANIFEST_TARGET], "MinCapacity", json_integer(1));
    json_decref(f.live[MANIFEST_ALARM]);
    f.live[MANIFEST_ALARM] = NULL;
    plan p;
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.n, 4, "4 entries");
    CHECK_INT_EQ(p.change[0].part, MANIFEST_STEP_POLICY, "step policy first");
    CHECK_INT_EQ(p.change[1].part, MANIFEST_ALARM, "alarm second");
    CHECK_INT_EQ(p.change[1].action, PLAN_CREATE, "alarm created");
    CHECK_INT_EQ(p.change[2].part, MANIFEST_TARGET, "target after the alarm");
    CHECK_INT_EQ(p.change[2].action, PLAN_UPDATE, "target updated");
    CHECK_INT_EQ(p.change[3].part, MANIFEST_TT_POLICY, "tt last");
    plan_free(&p);

    /* raising the minimum keeps the normal order */
    render_all(&f, 1, 2, STEP_ARN);
    json_object_set_new(f.live[MANIFEST_TARGET], "MinCapacity", json_integer(0));
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.change[0].part, MANIFEST_TARGET, "normal order");
    plan_free(&p);
    teardown(&f);
}

static void test_realtime(void)
{
    fixture f;
    setup(&f, "realtime");
    render_all(&f, 1, 4, NULL);
    plan p;
    CHECK_INT_EQ(run(&f, &p), SDH_STATUS_OK, "plan");
    CHECK_INT_EQ(p.n, 2, "target and tt only");
    CHECK_INT_EQ(p.change[1].part, MANIFEST_TT_POLICY, "tt second");
    plan_free(&p);
    teardown(&f);
}

static void test_equality(void)
{
    json_t *a = json_integer(1), *b = json_string("1.0"), *c = json_string("abc");
    CHECK(plan_values_equal(a, b), "1 == \"1.0\"");
    CHECK(!plan_values_equal(a, c), "1 != \"abc\"");
    json_t *r = json_real(0.0), *z = json_integer(0);
    CHECK(plan_values_equal(z, r), "0 == 0.0");
    json_t *t = json_true(), *ts = json_string("true"), *fs = json_string("false");
    CHECK(plan_values_equal(t, ts), "true == \"true\"");
    CHECK(!plan_values_equal(t, fs), "true != \"false\"");
    json_t *e = json_array(), *es = json_string("");
    CHECK(plan_values_equal(e, es), "[] == \"\"");
    json_t *x =
        json_loads("[{\"Name\":\"A\",\"Value\":\"1\"},{\"Name\":\"B\",\"Value\":\"2\"}]", 0, NULL);
    json_t *y =
        json_loads("[{\"Name\":\"B\",\"Value\":\"2\"},{\"Name\":\"A\",\"Value\":\"1\"}]", 0, NULL);
    json_t *w =
        json_loads("[{\"Name\":\"B\",\"Value\":\"2\"},{\"Name\":\"A\",\"Value\":\"3\"}]", 0, NULL);
    CHECK(plan_values_equal(x, y), "arrays as multisets");
    CHECK(!plan_values_equal(x, w), "different arrays");
    json_t *s1 = json_string("50"), *n1 = json_real(50.5);
    CHECK(!plan_values_equal(n1, s1), "50.5 != \"50\"");
    json_decref(a), json_decref(b), json_decref(c), json_decref(r), json_decref(z);
    json_decref(t), json_decref(ts), json_decref(fs), json_decref(e), json_decref(es);
    json_decref(x), json_decref(y), json_decref(w), json_decref(s1), json_decref(n1);
}

static void test_disable(void)
{
    fixture f;
    setup(&f, "documented");
    make_live(&f);
    json_t *step = f.live[MANIFEST_STEP_POLICY];
    json_object_set_new(step, "Alarms",
                        json_pack("[{s:s},{s:s}]", "AlarmName",
                                  "ep-HasBacklogWithoutCapacity-Alarm", "AlarmName",
                                  "stable-diffusion-hasbacklogwithoutcapacity-alarm"));
    json_t *foreign_policy =
        json_pack("{s:s,s:s}", "PolicyName", "MyOwnPolicy", "PolicyType", "StepScaling");
    json_t *policies = json_pack("[O,O,O]", step, f.live[MANIFEST_TT_POLICY], foreign_policy);
    json_t *alarms = json_pack("[O]", f.live[MANIFEST_ALARM]);
    static const char *const managed[] = {"HasBacklogWithoutCapacity-ScalingPolicy",
                                          "CPUUtil-ScalingPolicy", NULL};
    static const char *const reported[] = {"HasBacklogWithoutCapacity-ScalingPolicy",
                                           "ep-HasBacklogWithoutCapacity-Alarm",
                                           "CPUUtil-ScalingPolicy", NULL};
    plan_disable_input in = {
        "endpoint/ep/variant/prod", f.live[MANIFEST_TARGET], policies, managed, alarms, reported};
    plan p;
    json_t *foreign = NULL;
    sdh_error err;
    CHECK_INT_EQ(plan_disable(&in, &p, &foreign, &err), SDH_STATUS_OK, "disable plan");
    CHECK_INT_EQ(p.n, 5, "tt, 2 alarms, step, target");
    CHECK_INT_EQ(p.change[0].part, MANIFEST_TT_POLICY, "tt first");
    CHECK_INT_EQ(p.change[0].action, PLAN_DELETE, "tt deleted");
    CHECK_INT_EQ(p.change[1].part, MANIFEST_ALARM, "alarm second");
    CHECK_STR_EQ(p.change[1].name, "ep-HasBacklogWithoutCapacity-Alarm", "our alarm");
    CHECK_STR_EQ(p.change[2].name, "stable-diffusion-hasbacklogwithoutcapacity-alarm",
                 "the legacy alarm firing our step policy");
    CHECK_INT_EQ(p.change[3].part, MANIFEST_STEP_POLICY, "step third");
    CHECK_INT_EQ(p.change[4].part, MANIFEST_TARGET, "target last");
    CHECK_INT_EQ(p.change[4].action, PLAN_KEEP, "target kept for the foreign policy");
    CHECK_STR_EQ(json_string_value(json_array_get(foreign, 0)), "MyOwnPolicy", "foreign named");
    CHECK_STR_EQ(json_string_value(json_object_get(p.change[0].body, "PolicyName")),
                 "CPUUtil-ScalingPolicy", "delete body");
    plan_free(&p);
    json_decref(foreign);

    json_array_remove(policies, 2);
    CHECK_INT_EQ(plan_disable(&in, &p, &foreign, &err), SDH_STATUS_OK, "disable plan");
    CHECK_INT_EQ(p.change[p.n - 1].action, PLAN_DELETE, "target deregistered");
    CHECK(json_object_get(p.change[p.n - 1].body, "ResourceId") != NULL, "deregister body");
    plan_free(&p);
    json_decref(foreign);

    json_t *none = json_array();
    plan_disable_input empty = {"endpoint/ep/variant/prod", NULL, none, managed, none, reported};
    CHECK_INT_EQ(plan_disable(&empty, &p, &foreign, &err), SDH_STATUS_OK, "nothing live");
    CHECK_INT_EQ(p.n, 4, "4 absent entries");
    for (size_t i = 0; i < p.n; i++)
        CHECK_INT_EQ(p.change[i].action, PLAN_ABSENT, p.change[i].name);
    plan_free(&p);
    json_decref(foreign);
    json_decref(none);
    json_decref(policies);
    json_decref(alarms);
    json_decref(foreign_policy);
    teardown(&f);
}

int main(void)
{
    test_all_absent();
    test_all_equal();
    test_drifts();
    test_late_target();
    test_realtime();
    test_equality();
    test_disable();
    return tap_done();
}
