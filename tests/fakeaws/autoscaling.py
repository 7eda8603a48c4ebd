# Application Auto Scaling (JSON 1.1, target AnyScaleFrontendService.<Op>):
# scalable targets and scaling policies; target tracking policies own two
# CloudWatch alarms kept in the CloudWatch state of the same region.
import re
import uuid

import cloudwatch
import sagemaker
from paging import page
from protocols import AwsError
from state import ACCOUNT_ID

SERVICE = "application-autoscaling"
MODEL = "application-autoscaling"
PROTOCOL = "json"
TARGET_PREFIX = "AnyScaleFrontendService"

SAGEMAKER_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
_SAGEMAKER_RESOURCE = re.compile(r"^endpoint/([^/]+)/variant/([^/]+)$")
# predefined metric type -> (namespace, metric name, statistic)
_PREDEFINED = {
    "SageMakerVariantInvocationsPerInstance": ("AWS/SageMaker", "InvocationsPerInstance", "Sum"),
}
_CONFIG_KEYS = ("StepScalingPolicyConfiguration", "TargetTrackingScalingPolicyConfiguration")


def _invalid(message):
    return AwsError("ValidationException", message)


def _target_key(ns, rid, dim):
    return "%s|%s|%s" % (ns, rid, dim)


def _describe_target(ns, rid, dim):
    return "service namespace: %s, resource ID: %s, scalable dimension: %s" % (ns, rid, dim)


def _check_sagemaker_resource(ctx, rid, dim, min_capacity):
    m = _SAGEMAKER_RESOURCE.match(rid)
    if not m:
        raise _invalid("Unsupported resource ID %s for service namespace sagemaker; expected "
                       "endpoint/<endpoint-name>/variant/<variant-name>." % rid)
    if dim != SAGEMAKER_DIMENSION:
        raise _invalid("Unsupported scalable dimension %s for resource %s." % (dim, rid))
    endpoint_name, variant_name = m.groups()
    endpoint = sagemaker.find_endpoint(ctx, endpoint_name)
    if endpoint is None:
        raise _invalid("The endpoint %s does not exist." % sagemaker.endpoint_arn(ctx, endpoint_name))
    if variant_name not in [v["name"] for v in endpoint["variants"]]:
        raise _invalid("The variant %s does not exist in endpoint %s."
                       % (variant_name, endpoint_name))
    if endpoint["status"] != "InService":
        raise _invalid("Endpoint %s is in %s status; scalable targets can only be registered "
                       "for endpoints that are InService." % (endpoint_name, endpoint["status"]))
    if min_capacity == 0:
        config = ctx.data["sagemaker"]["endpoint_configs"].get(endpoint["config_name"])
        if not (config and config["async"]):
            raise _invalid("MinCapacity 0 is only supported for endpoints with an "
                           "AsyncInferenceConfig; endpoint %s has none." % endpoint_name)


def _target_arn(ctx, target):
    return ctx.arn("application-autoscaling", "scalable-target/" + target["id"])


def register_scalable_target(ctx, params):
    ns, rid, dim = params["ServiceNamespace"], params["ResourceId"], params["ScalableDimension"]
    with ctx.state.lock:
        targets = ctx.data["autoscaling"]["targets"]
        old = targets.get(_target_key(ns, rid, dim))
        min_cap = params.get("MinCapacity", old and old["MinCapacity"])
        max_cap = params.get("MaxCapacity", old and old["MaxCapacity"])
        if min_cap is None or max_cap is None:
            raise _invalid("MinCapacity and MaxCapacity are required to register a new "
                           "scalable target.")
        if min_cap > max_cap:
            raise _invalid("Minimum capacity cannot be larger than maximum capacity")
        if ns == "sagemaker":
            _check_sagemaker_resource(ctx, rid, dim, min_cap)
        target = old or {
            "ServiceNamespace": ns, "ResourceId": rid, "ScalableDimension": dim,
            "CreationTime": ctx.now, "id": uuid.uuid4().hex,
            "RoleARN": "arn:%s:iam::%s:role/aws-service-role/%s.application-autoscaling."
                       "amazonaws.com/AWSServiceRoleForApplicationAutoScaling_%s"
                       % (ctx.partition, ACCOUNT_ID, ns,
                          "SageMakerEndpoint" if ns == "sagemaker" else ns),
            "SuspendedState": {"DynamicScalingInSuspended": False,
                               "DynamicScalingOutSuspended": False,
                               "ScheduledScalingSuspended": False},
        }
        target["MinCapacity"], target["MaxCapacity"] = min_cap, max_cap
        if params.get("RoleARN"):
            target["RoleARN"] = params["RoleARN"]
        if params.get("SuspendedState"):
            target["SuspendedState"].update(params["SuspendedState"])
        targets[_target_key(ns, rid, dim)] = target
        return {"ScalableTargetARN": _target_arn(ctx, target)}


def _paged(params, found, member, render):
    """One page of `found` (MaxResults, NextToken) as {member: [render(x)...]}."""
    items, token = page(found, params.get("MaxResults") or 50, params.get("NextToken"),
                        "InvalidNextTokenException", "Invalid token")
    out = {member: [render(x) for x in items]}
    if token:
        out["NextToken"] = token
    return out


def describe_scalable_targets(ctx, params):
    with ctx.state.lock:
        found = [t for t in ctx.data["autoscaling"]["targets"].values()
                 if t["ServiceNamespace"] == params["ServiceNamespace"]
                 and (not params.get("ResourceIds") or t["ResourceId"] in params["ResourceIds"])
                 and (not params.get("ScalableDimension")
                      or t["ScalableDimension"] == params["ScalableDimension"])]
        return _paged(params, found, "ScalableTargets", lambda t: dict(
            {k: v for k, v in t.items() if k != "id"}, ScalableTargetARN=_target_arn(ctx, t)))


def _tt_alarm_params(policy, high):
    config = policy["TargetTrackingScalingPolicyConfiguration"]
    target = float(config["TargetValue"])
    arn = policy["PolicyARN"]
    params = {
        "AlarmDescription": "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy %s." % arn,
        "AlarmActions": [arn], "ActionsEnabled": True, "Period": 60,
        "EvaluationPeriods": 3 if high else 15, "DatapointsToAlarm": 3 if high else 15,
        "Threshold": target if high else target * 0.9,
        "ComparisonOperator": "GreaterThanThreshold" if high else "LessThanThreshold",
        "TreatMissingData": "missing",
    }
    if "PredefinedMetricSpecification" in config:
        kind = config["PredefinedMetricSpecification"]["PredefinedMetricType"]
        namespace, metric, stat = _PREDEFINED.get(kind, ("AWS/ApplicationAutoScaling", kind, "Average"))
        params.update(Namespace=namespace, MetricName=metric, Statistic=stat)
        m = _SAGEMAKER_RESOURCE.match(policy["ResourceId"])
        if m:
            params["Dimensions"] = [{"Name": "EndpointName", "Value": m.group(1)},
                                    {"Name": "VariantName", "Value": m.group(2)}]
    else:
        spec = config["CustomizedMetricSpecification"]
        if spec.get("Metrics"):
            params["Metrics"] = spec["Metrics"]
        else:
            params.update(Namespace=spec.get("Namespace"), MetricName=spec.get("MetricName"),
                          Statistic=spec.get("Statistic", "Average"),
                          Dimensions=spec.get("Dimensions", []))
            if spec.get("Unit"):
                params["Unit"] = spec["Unit"]
    return params


def _sync_managed_alarms(ctx, policy):
    """Create/update (target tracking) or drop (other types) the policy's alarms."""
    old_names = policy.get("managed_alarms") or []
    if policy["PolicyType"] != "TargetTrackingScaling":
        cloudwatch.delete_alarm_names(ctx.data, old_names)
        policy["managed_alarms"] = []
        return
    config = policy["TargetTrackingScalingPolicyConfiguration"]
    wanted = ["High"] if config.get("DisableScaleIn") else ["High", "Low"]
    by_kind = {}
    for name in old_names:
        kind = "High" if "-AlarmHigh-" in name else "Low"
        if kind in wanted:
            by_kind[kind] = name
        else:
            cloudwatch.delete_alarm_names(ctx.data, [name])
    names = []
    for kind in wanted:
        name = by_kind.get(kind) or "TargetTracking-%s-Alarm%s-%s" % (
            policy["ResourceId"], kind, uuid.uuid4())
        cloudwatch.store_alarm(ctx, dict(_tt_alarm_params(policy, kind == "High"), AlarmName=name))
        names.append(name)
    policy["managed_alarms"] = names


def _alarm_refs(ctx, policy):
    if policy["PolicyType"] == "TargetTrackingScaling":
        names = policy.get("managed_alarms") or []
    else:
        names = [a["AlarmName"] for a in cloudwatch.alarms_with_action(ctx.data, policy["PolicyARN"])]
    return [{"AlarmName": n, "AlarmARN": ctx.arn("cloudwatch", "alarm:" + n)} for n in names]


def _check_policy_config(params, policy_type):
    if policy_type not in ("StepScaling", "TargetTrackingScaling"):
        raise _invalid("Policy type %s is not supported by fakeaws." % policy_type)
    wanted = ("StepScalingPolicyConfiguration" if policy_type == "StepScaling"
              else "TargetTrackingScalingPolicyConfiguration")
    if params.get(wanted) is None:
        raise _invalid("%s is required for policy type %s." % (wanted, policy_type))
    for key in _CONFIG_KEYS:
        if key != wanted and params.get(key) is not None:
            raise _invalid("%s is not allowed for policy type %s." % (key, policy_type))
    if policy_type == "TargetTrackingScaling":
        config = params[wanted]
        if ("PredefinedMetricSpecification" in config) == ("CustomizedMetricSpecification" in config):
            raise _invalid("Exactly one of PredefinedMetricSpecification and "
                           "CustomizedMetricSpecification must be specified.")


def put_scaling_policy(ctx, params):
    ns, rid, dim = params["ServiceNamespace"], params["ResourceId"], params["ScalableDimension"]
    name = params["PolicyName"]
    policy_type = params.get("PolicyType", "StepScaling")
    _check_policy_config(params, policy_type)
    with ctx.state.lock:
        if _target_key(ns, rid, dim) not in ctx.data["autoscaling"]["targets"]:
            raise AwsError("ObjectNotFoundException", "No scalable target registered for "
                           + _describe_target(ns, rid, dim))
        policies = ctx.data["autoscaling"]["policies"]
        key = _target_key(ns, rid, dim) + "|" + name
        policy = policies.get(key) or {
            "PolicyARN": ctx.arn("autoscaling", "scalingPolicy:%s:resource/%s/%s:policyName/%s"
                                 % (uuid.uuid4(), ns, rid, name)),
            "PolicyName": name, "ServiceNamespace": ns, "ResourceId": rid,
            "ScalableDimension": dim, "CreationTime": ctx.now,
        }
        policy["PolicyType"] = policy_type
        for k in _CONFIG_KEYS:
            policy.pop(k, None)
            if params.get(k) is not None:
                policy[k] = params[k]
        _sync_managed_alarms(ctx, policy)
        policies[key] = policy
        out = {"PolicyARN": policy["PolicyARN"]}
        if policy_type == "TargetTrackingScaling":
            out["Alarms"] = _alarm_refs(ctx, policy)
        return out


def describe_scaling_policies(ctx, params):
    with ctx.state.lock:
        found = [p for p in ctx.data["autoscaling"]["policies"].values()
                 if p["ServiceNamespace"] == params["ServiceNamespace"]
                 and (not params.get("ResourceId") or p["ResourceId"] == params["ResourceId"])
                 and (not params.get("ScalableDimension")
                      or p["ScalableDimension"] == params["ScalableDimension"])
                 and (not params.get("PolicyNames") or p["PolicyName"] in params["PolicyNames"])]
        return _paged(params, found, "ScalingPolicies", lambda p: dict(
            {k: v for k, v in p.items() if k != "managed_alarms"}, Alarms=_alarm_refs(ctx, p)))


def delete_scaling_policy(ctx, params):
    ns, rid, dim = params["ServiceNamespace"], params["ResourceId"], params["ScalableDimension"]
    with ctx.state.lock:
        key = _target_key(ns, rid, dim) + "|" + params["PolicyName"]
        policy = ctx.data["autoscaling"]["policies"].pop(key, None)
        if policy is None:
            raise AwsError("ObjectNotFoundException", "No scaling policy found for %s, policy "
                           "name: %s" % (_describe_target(ns, rid, dim), params["PolicyName"]))
        cloudwatch.delete_alarm_names(ctx.data, policy.get("managed_alarms") or [])
        return {}


def deregister_scalable_target(ctx, params):
    ns, rid, dim = params["ServiceNamespace"], params["ResourceId"], params["ScalableDimension"]
    with ctx.state.lock:
        key = _target_key(ns, rid, dim)
        if ctx.data["autoscaling"]["targets"].pop(key, None) is None:
            raise AwsError("ObjectNotFoundException", "No scalable target found for "
                           + _describe_target(ns, rid, dim))
        policies = ctx.data["autoscaling"]["policies"]
        for pkey in [k for k in policies if k.startswith(key + "|")]:
            cloudwatch.delete_alarm_names(ctx.data, policies.pop(pkey).get("managed_alarms") or [])
        return {}


OPERATIONS = {
    "RegisterScalableTarget": register_scalable_target,
    "DescribeScalableTargets": describe_scalable_targets,
    "PutScalingPolicy": put_scaling_policy,
    "DescribeScalingPolicies": describe_scaling_policies,
    "DeleteScalingPolicy": delete_scaling_policy,
    "DeregisterScalableTarget": deregister_scalable_target,
}
