#!/usr/bin/env python3
# Application Auto Scaling through botocore: targets, policies, managed
# alarms, filters, paging, SageMaker endpoint checks and validation errors.
import sys

from common import check, client, eq, error_code, run

NS = "sagemaker"
DIM = "sagemaker:variant:DesiredInstanceCount"
RID = "endpoint/ep1/variant/prod"


def _register(aas, rid=RID, lo=0, hi=4):
    return aas.register_scalable_target(ServiceNamespace=NS, ResourceId=rid,
                                        ScalableDimension=DIM, MinCapacity=lo, MaxCapacity=hi)


def _tt_policy(aas, name="backlog", target=5.0, rid=RID):
    return aas.put_scaling_policy(
        PolicyName=name, ServiceNamespace=NS, ResourceId=rid, ScalableDimension=DIM,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": target,
            "CustomizedMetricSpecification": {
                "MetricName": "ApproximateBacklogSizePerInstance", "Namespace": "AWS/SageMaker",
                "Dimensions": [{"Name": "EndpointName", "Value": "ep1"}], "Statistic": "Average"},
            "ScaleInCooldown": 300, "ScaleOutCooldown": 60})


def _step_config():
    return {"AdjustmentType": "ChangeInCapacity", "Cooldown": 120, "MetricAggregationType": "Maximum",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}]}


def test_register_and_describe_targets(aws):
    aws.create_endpoint("ep1", variants=[("prod", 1), ("canary", 1)])
    aas = client(aws, "application-autoscaling")
    _register(aas)
    _register(aas, rid="endpoint/ep1/variant/canary", lo=1, hi=2)
    got = aas.describe_scalable_targets(ServiceNamespace=NS)["ScalableTargets"]
    eq(len(got), 2, "targets")
    eq((got[0]["MinCapacity"], got[0]["MaxCapacity"]), (0, 4), "capacities")
    check("AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint" in got[0]["RoleARN"])
    # upsert: only MaxCapacity changes
    aas.register_scalable_target(ServiceNamespace=NS, ResourceId=RID, ScalableDimension=DIM,
                                 MaxCapacity=8)
    got = aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[RID])["ScalableTargets"]
    eq([(t["MinCapacity"], t["MaxCapacity"]) for t in got], [(0, 8)], "after upsert")
    eq(aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"], [], "namespace")
    page1 = aas.describe_scalable_targets(ServiceNamespace=NS, MaxResults=1)
    check("NextToken" in page1, "paging token")
    page2 = aas.describe_scalable_targets(ServiceNamespace=NS, MaxResults=1,
                                          NextToken=page1["NextToken"])
    check("NextToken" not in page2, "last page")
    eq({page1["ScalableTargets"][0]["ResourceId"], page2["ScalableTargets"][0]["ResourceId"]},
       {RID, "endpoint/ep1/variant/canary"}, "paged targets")
    eq(error_code(aas.describe_scalable_targets, ServiceNamespace=NS, NextToken="garbage")[0],
       "InvalidNextTokenException")


def test_register_checks_endpoint(aws):
    aas = client(aws, "application-autoscaling")
    code, msg, status = error_code(_register, aas)
    eq((code, status), ("ValidationException", 400), "missing endpoint")
    aws.create_endpoint("ep1", status="Creating")
    check("InService" in error_code(_register, aas)[1], "status message")
    aws.set_endpoint_status("ep1", "InService")
    eq(error_code(_register, aas, rid="endpoint/ep1/variant/nope")[0], "ValidationException")
    eq(error_code(_register, aas, lo=5, hi=2)[0], "ValidationException")
    _register(aas)
    aws.create_endpoint("sync1", async_=False)
    msg = error_code(_register, aas, rid="endpoint/sync1/variant/prod", lo=0)[1]
    check("AsyncInferenceConfig" in msg, msg)
    _register(aas, rid="endpoint/sync1/variant/prod", lo=1)


def test_server_side_validation(aws):
    aws.create_endpoint("ep1")
    aas = client(aws, "application-autoscaling", validate=False)
    code, msg, status = error_code(aas.register_scalable_target, ServiceNamespace="sagemakerx",
                                   ResourceId="", ScalableDimension=DIM, MinCapacity=1,
                                   MaxCapacity=2)
    eq((code, status), ("ValidationException", 400))
    check("2 validation errors detected" in msg and "serviceNamespace" in msg
          and "resourceId" in msg, msg)
    code, msg, _ = error_code(aas.describe_scaling_policies)
    check(code == "ValidationException" and "serviceNamespace" in msg, msg)
    eq(error_code(aas.describe_scalable_targets, ServiceNamespace=NS, MaxResults="x")[0],
       "ValidationException")


def test_target_tracking_policy_alarms(aws):
    aws.create_endpoint("ep1")
    aas = client(aws, "application-autoscaling")
    cw = client(aws, "cloudwatch")
    eq(error_code(_tt_policy, aas)[0], "ObjectNotFoundException", "no target")
    _register(aas)
    first = _tt_policy(aas)
    arn = first["PolicyARN"]
    check(arn.startswith("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:"), arn)
    check(arn.endswith(":resource/sagemaker/%s:policyName/backlog" % RID), arn)
    names = sorted(a["AlarmName"] for a in first["Alarms"])
    eq(len(names), 2, "managed alarms")
    check(names[0].startswith("TargetTracking-%s-AlarmHigh-" % RID), names[0])
    check(names[1].startswith("TargetTracking-%s-AlarmLow-" % RID), names[1])
    alarms = cw.describe_alarms(AlarmNames=names)["MetricAlarms"]
    eq(len(alarms), 2, "alarms in CloudWatch")
    high = [a for a in alarms if "AlarmHigh" in a["AlarmName"]][0]
    eq((high["Threshold"], high["ComparisonOperator"], high["AlarmActions"]),
       (5.0, "GreaterThanThreshold", [arn]), "high alarm")
    eq(high["MetricName"], "ApproximateBacklogSizePerInstance")
    # upsert keeps the ARN and the alarm names, updates thresholds
    again = _tt_policy(aas, target=7.0)
    eq(again["PolicyARN"], arn, "ARN kept")
    eq(sorted(a["AlarmName"] for a in again["Alarms"]), names, "alarm names kept")
    high = cw.describe_alarms(AlarmNames=[names[0]])["MetricAlarms"][0]
    eq(high["Threshold"], 7.0, "updated threshold")
    pol = aas.describe_scaling_policies(ServiceNamespace=NS)["ScalingPolicies"]
    eq(len(pol), 1)
    p = pol[0]
    for key in ("PolicyARN", "PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension",
                "PolicyType", "TargetTrackingScalingPolicyConfiguration", "Alarms", "CreationTime"):
        check(key in p, "missing " + key)
    eq(p["TargetTrackingScalingPolicyConfiguration"]["TargetValue"], 7.0)
    eq(sorted(a["AlarmName"] for a in p["Alarms"]), names)
    check(all(a["AlarmARN"].endswith(":alarm:" + a["AlarmName"]) for a in p["Alarms"]))
    aas.delete_scaling_policy(PolicyName="backlog", ServiceNamespace=NS, ResourceId=RID,
                              ScalableDimension=DIM)
    eq(cw.describe_alarms(AlarmNames=names)["MetricAlarms"], [], "alarms removed")
    eq(error_code(aas.delete_scaling_policy, PolicyName="backlog", ServiceNamespace=NS,
                  ResourceId=RID, ScalableDimension=DIM)[0], "ObjectNotFoundException")


def test_step_policy_reports_alarms_by_action(aws):
    aws.create_endpoint("ep1")
    aas = client(aws, "application-autoscaling")
    cw = client(aws, "cloudwatch")
    _register(aas)
    arn = aas.put_scaling_policy(PolicyName="from-zero", ServiceNamespace=NS, ResourceId=RID,
                                 ScalableDimension=DIM, PolicyType="StepScaling",
                                 StepScalingPolicyConfiguration=_step_config())["PolicyARN"]
    p = aas.describe_scaling_policies(ServiceNamespace=NS, PolicyNames=["from-zero"])
    eq(p["ScalingPolicies"][0]["Alarms"], [], "no alarms yet")
    cw.put_metric_alarm(AlarmName="ep1-has-backlog", Namespace="AWS/SageMaker",
                        MetricName="HasBacklogWithoutCapacity", Statistic="Average", Period=60,
                        EvaluationPeriods=2, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
                        Dimensions=[{"Name": "EndpointName", "Value": "ep1"}], AlarmActions=[arn])
    p = aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=RID, ScalableDimension=DIM)
    pol = p["ScalingPolicies"][0]
    eq([a["AlarmName"] for a in pol["Alarms"]], ["ep1-has-backlog"], "alarm by action")
    eq(pol["StepScalingPolicyConfiguration"]["StepAdjustments"][0]["ScalingAdjustment"], 1)
    check("TargetTrackingScalingPolicyConfiguration" not in pol)
    eq(error_code(aas.put_scaling_policy, PolicyName="bad", ServiceNamespace=NS, ResourceId=RID,
                  ScalableDimension=DIM, PolicyType="StepScaling")[0], "ValidationException",
       "missing configuration")


def test_policy_filters_paging_and_deregister(aws):
    aws.create_endpoint("ep1")
    aas = client(aws, "application-autoscaling")
    cw = client(aws, "cloudwatch")
    _register(aas)
    for i in range(3):
        _tt_policy(aas, name="tt%d" % i)
    seen, token = [], None
    while True:
        kw = {"NextToken": token} if token else {}
        resp = aas.describe_scaling_policies(ServiceNamespace=NS, MaxResults=2, **kw)
        seen += [p["PolicyName"] for p in resp["ScalingPolicies"]]
        token = resp.get("NextToken")
        if not token:
            break
    eq(seen, ["tt0", "tt1", "tt2"], "paged policies")
    eq(len(aas.describe_scaling_policies(ServiceNamespace=NS, PolicyNames=["tt1"])["ScalingPolicies"]), 1)
    eq(aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId="endpoint/x/variant/y")
       ["ScalingPolicies"], [], "resource filter")
    eq(len(cw.describe_alarms(AlarmNamePrefix="TargetTracking-")["MetricAlarms"]), 6)
    aas.deregister_scalable_target(ServiceNamespace=NS, ResourceId=RID, ScalableDimension=DIM)
    eq(aas.describe_scaling_policies(ServiceNamespace=NS)["ScalingPolicies"], [], "policies gone")
    eq(cw.describe_alarms(AlarmNamePrefix="TargetTracking-")["MetricAlarms"], [], "alarms gone")
    eq(error_code(aas.deregister_scalable_target, ServiceNamespace=NS, ResourceId=RID,
                  ScalableDimension=DIM)[0], "ObjectNotFoundException")


def test_predefined_metric_and_disable_scale_in(aws):
    aws.create_endpoint("ep1")
    aas = client(aws, "application-autoscaling")
    cw = client(aws, "cloudwatch")
    _register(aas, lo=1)
    resp = aas.put_scaling_policy(
        PolicyName="ipi", ServiceNamespace=NS, ResourceId=RID, ScalableDimension=DIM,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 100.0, "DisableScaleIn": True,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}})
    eq(len(resp["Alarms"]), 1, "no low alarm with DisableScaleIn")
    alarm = cw.describe_alarms(AlarmNames=[resp["Alarms"][0]["AlarmName"]])["MetricAlarms"][0]
    eq((alarm["Namespace"], alarm["MetricName"]), ("AWS/SageMaker", "InvocationsPerInstance"))
    eq(alarm["Dimensions"], [{"Name": "EndpointName", "Value": "ep1"},
                             {"Name": "VariantName", "Value": "prod"}])
    # switching to step scaling drops the managed alarm
    aas.put_scaling_policy(PolicyName="ipi", ServiceNamespace=NS, ResourceId=RID,
                           ScalableDimension=DIM, PolicyType="StepScaling",
                           StepScalingPolicyConfiguration=_step_config())
    eq(cw.describe_alarms()["MetricAlarms"], [], "managed alarm removed")


def test_regions_and_partitions(aws):
    aws.create_endpoint("ep1", region="cn-north-1")
    aas = client(aws, "application-autoscaling", region="cn-north-1")
    _register(aas)
    arn = _tt_policy(aas)["PolicyARN"]
    check(arn.startswith("arn:aws-cn:autoscaling:cn-north-1:"), arn)
    us = client(aws, "application-autoscaling")
    eq(us.describe_scalable_targets(ServiceNamespace=NS)["ScalableTargets"], [], "per region")


if __name__ == "__main__":
    sys.exit(run([test_register_and_describe_targets, test_register_checks_endpoint,
                  test_server_side_validation, test_target_tracking_policy_alarms,
                  test_step_policy_reports_alarms_by_action,
                  test_policy_filters_paging_and_deregister,
                  test_predefined_metric_and_disable_scale_in, test_regions_and_partitions]))
