#!/usr/bin/env python3
# status: every field against the documented setup, the CLI shape of
# ScalingPolicies (member order, ISO CreationTime), drifts, one round of reads.
import re

from opscommon import FakeAWS, STEP_POLICY, TT_POLICY, main, ops, shim, writes

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$")
DIM = "sagemaker:variant:DesiredInstanceCount"


def test_documented_status(c):
    with FakeAWS() as aws:
        aws.create_endpoint("infer-endpoint-c356f91", variants=[("prod", 2)])
        r = shim(aws, "status", "--endpoint", "infer-endpoint-c356f91")
        c.eq(r.code, 0, "status before enable", r)
        c.eq((r.json["enabled"], r.json["in_sync"], r.json["scalable_target"], r.json["alarm"]),
             (False, False, None, None), "nothing enabled yet")
        c.eq(len(r.json["drifts"]), 4, "four missing parts as drifts")
        shim(aws, "enable", "--endpoint", "infer-endpoint-c356f91")
        aws.clear_log()
        r = shim(aws, "status", "--endpoint", "infer-endpoint-c356f91")
        c.eq(r.code, 0, "status exits 0", r)
        s = r.json
        c.eq(writes(aws), [], "status writes nothing")
        c.eq(sorted(ops(aws)), sorted(["DescribeEndpoint", "DescribeScalableTargets",
                                       "DescribeScalingPolicies", "DescribeAlarms"]),
             "status: one round of four reads")
        c.eq(s["endpoint"], {"name": "infer-endpoint-c356f91", "status": "InService",
                             "async": True,
                             "variants": [{"name": "prod", "current_instance_count": 2,
                                           "desired_instance_count": 2}]}, "endpoint object")
        rid = "endpoint/infer-endpoint-c356f91/variant/prod"
        t = s["scalable_target"]
        c.eq((t["ServiceNamespace"], t["ResourceId"], t["ScalableDimension"], t["MinCapacity"],
              t["MaxCapacity"]), ("sagemaker", rid, DIM, 0, 2), "scalable target")
        c.check(ISO.match(t["CreationTime"]), "target CreationTime ISO", t["CreationTime"])
        pols = s["ScalingPolicies"]
        c.eq([p["PolicyName"] for p in pols], [STEP_POLICY, TT_POLICY], "two policies")
        step, tt = pols
        c.eq(list(step), ["PolicyARN", "PolicyName", "ServiceNamespace", "ResourceId",
                          "ScalableDimension", "PolicyType", "StepScalingPolicyConfiguration",
                          "Alarms", "CreationTime"], "step policy members in CLI order")
        c.eq((step["ServiceNamespace"], step["ResourceId"], step["ScalableDimension"],
              step["PolicyType"]), ("sagemaker", rid, DIM, "StepScaling"), "step identity")
        c.eq(step["StepScalingPolicyConfiguration"],
             {"AdjustmentType": "ChangeInCapacity",
              "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}],
              "Cooldown": 300, "MetricAggregationType": "Average"}, "step configuration")
        c.eq(list(step["StepScalingPolicyConfiguration"]),
             ["AdjustmentType", "StepAdjustments", "Cooldown", "MetricAggregationType"],
             "step configuration order")
        c.check(ISO.match(step["CreationTime"]), "step CreationTime ISO", step["CreationTime"])
        c.eq([a["AlarmName"] for a in step["Alarms"]],
             ["infer-endpoint-c356f91-HasBacklogWithoutCapacity-Alarm"], "step policy's alarm")
        c.eq(list(tt), ["PolicyARN", "PolicyName", "ServiceNamespace", "ResourceId",
                        "ScalableDimension", "PolicyType",
                        "TargetTrackingScalingPolicyConfiguration", "Alarms", "CreationTime"],
             "tt members in CLI order")
        c.eq(tt["PolicyType"], "TargetTrackingScaling", "tt type")
        cfg = tt["TargetTrackingScalingPolicyConfiguration"]
        c.eq(cfg, {"TargetValue": 50.0,
                   "CustomizedMetricSpecification": {
                       "MetricName": "CPUUtilization", "Namespace": "/aws/sagemaker/Endpoints",
                       "Dimensions": [{"Name": "EndpointName", "Value": "infer-endpoint-c356f91"},
                                      {"Name": "VariantName", "Value": "prod"}],
                       "Statistic": "Average", "Unit": "Percent"},
                   "ScaleOutCooldown": 300, "ScaleInCooldown": 300}, "tt configuration")
        c.eq(list(cfg), ["TargetValue", "CustomizedMetricSpecification", "ScaleOutCooldown",
                         "ScaleInCooldown"], "tt configuration order")
        c.check(isinstance(cfg["TargetValue"], float), "TargetValue printed as 50.0")
        c.check('"TargetValue":50.0' in r.stdout.replace(" ", ""), "50.0 in the text")
        c.check(all(a["AlarmName"].startswith("TargetTracking-" + rid + "-Alarm")
                    for a in tt["Alarms"]) and len(tt["Alarms"]) == 2, "tt's managed alarms")
        a = s["alarm"]
        c.eq({k: a[k] for k in ("AlarmName", "MetricName", "Namespace", "Statistic", "Period",
                                "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
                                "ComparisonOperator", "TreatMissingData", "Dimensions")},
             {"AlarmName": "infer-endpoint-c356f91-HasBacklogWithoutCapacity-Alarm",
              "MetricName": "HasBacklogWithoutCapacity", "Namespace": "AWS/SageMaker",
              "Statistic": "Average", "Period": 60, "EvaluationPeriods": 2,
              "DatapointsToAlarm": 2, "Threshold": 1.0,
              "ComparisonOperator": "GreaterThanOrEqualToThreshold",
              "TreatMissingData": "missing",
              "Dimensions": [{"Name": "EndpointName", "Value": "infer-endpoint-c356f91"}]},
             "alarm fields")
        c.eq(a["AlarmActions"], [step["PolicyARN"]], "alarm linked to the step policy ARN")
        c.eq(a["StateValue"], "INSUFFICIENT_DATA", "alarm StateValue")
        c.eq((s["enabled"], s["in_sync"], s["drifts"], s["warnings"]), (True, True, [], []),
             "enabled and in sync")

        # drift: another target value for the tt policy (through a realtime-free path:
        # enable with max 4 changes only the target)
        shim(aws, "enable", "--endpoint", "infer-endpoint-c356f91", "--max", "4")
        r = shim(aws, "status", "--endpoint", "infer-endpoint-c356f91", "--policy", "backlog")
        d = {x["field"]: x for x in r.json["drifts"]}
        c.check("HasBacklogWithoutCapacity-ScalingPolicy.StepScalingPolicyConfiguration.Cooldown"
                in d, "drift against backlog: step cooldown", r.json["drifts"])
        cd = d.get("HasBacklogWithoutCapacity-ScalingPolicy."
                   "StepScalingPolicyConfiguration.Cooldown", {})
        c.eq((cd.get("wanted"), cd.get("found")), (180, 300), "wanted 180, found 300")
        c.check("ApproximateBacklogSizePerInstance-ScalingPolicy" in d, "missing tt as drift")
        c.eq((r.json["enabled"], r.json["in_sync"]), (False, False), "not in sync with backlog")
        c.check(not any(x["field"].startswith("scalable_target") for x in r.json["drifts"]),
                "no capacity drift when not asked")
        r = shim(aws, "status", "--endpoint", "infer-endpoint-c356f91")
        c.eq(r.json["scalable_target"]["MaxCapacity"], 4, "max 4 reported")
        c.eq(r.json["in_sync"], True, "in sync with documented")


if __name__ == "__main__":
    main([test_documented_status])
