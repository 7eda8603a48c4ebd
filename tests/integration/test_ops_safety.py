#!/usr/bin/env python3
# "Never leave an endpoint able to scale in to zero without the alarm that
# scales it back out", tried against state changed behind the plugin's back
# (botocore calls straight to the fake): the alarm deleted, the step policy
# deleted and re-created with a new ARN, the alarm firing another ARN. Also a
# manifest whose alarm name depends on the variant (idempotence when the
# variant is resolved, not named) and disable with such a manifest.
import json
import os
import sys
import tempfile

from opscommon import (FakeAWS, ROOT, STEP_POLICY, actions, call, alarms, main, policies,
                       shim, targets, writes)

sys.path.insert(0, os.path.join(ROOT, "tests", "fakeaws", "tests"))
import common  # noqa: E402  (botocore clients pointed at the fake)

DIM = "sagemaker:variant:DesiredInstanceCount"
UNSAFE = "can scale in to 0"


def alarm_name(ep):
    return ep + "-HasBacklogWithoutCapacity-Alarm"


def test_alarm_deleted(c):
    with FakeAWS() as aws:
        aws.create_endpoint("s1", variants=[("prod", 2)])
        c.eq(shim(aws, "enable", "--endpoint", "s1").code, 0, "enabled")
        common.client(aws, "cloudwatch").delete_alarms(AlarmNames=[alarm_name("s1")])
        r = shim(aws, "status", "--endpoint", "s1")
        c.check(any(UNSAFE in w for w in r.json["warnings"]),
                "status warns: min 0 + target tracking + no alarm", r.json.get("warnings"))
        c.eq(r.json["enabled"], False, "not enabled without the alarm")
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "s1")
        c.eq(r.code, 0, "enable repairs", r)
        c.eq(actions(r), [("scalable_target", "unchanged"), ("step_policy", "unchanged"),
                          ("alarm", "created"), ("target_tracking_policy", "unchanged")],
             "only the alarm is written")
        c.eq(writes(aws), ["PutMetricAlarm"], "request log: one PutMetricAlarm")
        c.eq(alarms(aws)[alarm_name("s1")]["AlarmActions"],
             [policies(aws)[STEP_POLICY]["PolicyARN"]], "alarm fires the step policy")
        c.eq((r.json["state"]["in_sync"], r.json["state"]["warnings"]), (True, []),
             "in sync, no warning")


def test_step_policy_recreated_new_arn(c):
    with FakeAWS() as aws:
        aws.create_endpoint("s2", variants=[("prod", 2)])
        c.eq(shim(aws, "enable", "--endpoint", "s2").code, 0, "enabled")
        old_arn = policies(aws)[STEP_POLICY]["PolicyARN"]
        common.client(aws, "application-autoscaling").delete_scaling_policy(
            PolicyName=STEP_POLICY, ServiceNamespace="sagemaker",
            ResourceId="endpoint/s2/variant/prod", ScalableDimension=DIM)
        c.eq(alarms(aws)[alarm_name("s2")]["AlarmActions"], [old_arn],
             "the alarm still fires the deleted policy's ARN")
        r = shim(aws, "status", "--endpoint", "s2")
        c.check(any(UNSAFE in w for w in r.json["warnings"]), "status warns", r.json["warnings"])
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "s2")
        c.eq(r.code, 0, "enable repairs", r)
        c.eq(actions(r), [("scalable_target", "unchanged"), ("step_policy", "created"),
                          ("alarm", "updated"), ("target_tracking_policy", "unchanged")],
             "step policy created, alarm updated")
        c.eq(writes(aws), ["PutScalingPolicy", "PutMetricAlarm"],
             "request log: the step policy before its alarm")
        new_arn = policies(aws)[STEP_POLICY]["PolicyARN"]
        c.check(new_arn != old_arn, "the re-created policy has a new ARN")
        c.eq(alarms(aws)[alarm_name("s2")]["AlarmActions"], [new_arn],
             "the alarm fires the new ARN")
        c.eq(r.json["state"]["in_sync"], True, "in sync")
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "s2")
        c.eq(writes(aws), [], "then idempotent")


def test_alarm_fires_other_arn(c):
    with FakeAWS() as aws:
        aws.create_endpoint("s3", variants=[("prod", 2)])
        c.eq(shim(aws, "enable", "--endpoint", "s3").code, 0, "enabled")
        cur = alarms(aws)[alarm_name("s3")]
        other = policies(aws)[STEP_POLICY]["PolicyARN"].replace("s3", "elsewhere")
        common.client(aws, "cloudwatch").put_metric_alarm(
            AlarmName=alarm_name("s3"), MetricName=cur["MetricName"],
            Namespace=cur["Namespace"], Dimensions=cur["Dimensions"], Statistic="Average",
            Period=60, EvaluationPeriods=2, DatapointsToAlarm=2, Threshold=1.0,
            ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="missing",
            AlarmActions=[other])
        r = shim(aws, "status", "--endpoint", "s3")
        fields = [d["field"] for d in r.json["drifts"]]
        c.check(alarm_name("s3") + ".AlarmActions" in fields, "AlarmActions drift reported",
                r.json["drifts"])
        c.check(any(UNSAFE in w for w in r.json["warnings"]), "status warns", r.json["warnings"])
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "s3")
        c.eq(actions(r)[2], ("alarm", "updated"), "alarm updated", r)
        c.eq(writes(aws), ["PutMetricAlarm"], "request log: only the alarm")
        c.eq(alarms(aws)[alarm_name("s3")]["AlarmActions"],
             [policies(aws)[STEP_POLICY]["PolicyARN"]], "alarm fires the step policy again")


def test_variant_in_names(c):
    with open(os.path.join(ROOT, "manifests", "policies", "documented.json")) as f:
        doc = json.load(f)
    doc["name"] = "per-variant"
    doc["alarm"]["AlarmName"] = "${EndpointName}-${VariantName}-Backlog-Alarm"
    doc["step_policy"]["PolicyName"] = "Backlog-${VariantName}-ScalingPolicy"
    with FakeAWS() as aws, tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "per-variant.json")
        with open(path, "w") as f:
            json.dump(doc, f)
        aws.create_endpoint("s4", variants=[("prod", 2)])
        r = shim(aws, "enable", "--endpoint", "s4", "--policy", path)
        c.eq(r.code, 0, "enable with the variant resolved", r)
        c.check("s4-prod-Backlog-Alarm" in alarms(aws), "alarm named for the resolved variant",
                sorted(alarms(aws)))
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "s4", "--policy", path)
        c.eq([a for _, a in actions(r)], ["unchanged"] * 4,
             "second enable (variant not named): all unchanged", r)
        c.eq(writes(aws), [], "second enable: no writes")
        r = shim(aws, "status", "--endpoint", "s4", "--policy", path)
        c.eq((r.json["enabled"], r.json["in_sync"]), (True, True), "status: in sync", r)
        r = call(aws, {"op": "disable", "endpoint": "s4", "policy": path})
        c.eq(r.code, 0, "disable", r)
        c.eq(r.json["foreign_policies"], [], "the variant's policies are managed, not foreign")
        c.eq((policies(aws), alarms(aws), targets(aws)), ({}, {}, {}), "everything removed")


if __name__ == "__main__":
    main([test_alarm_deleted, test_step_policy_recreated_new_arn, test_alarm_fires_other_arn,
          test_variant_in_names])
