# SageMaker (JSON 1.1, target SageMaker.<Op>): DescribeEndpoint,
# DescribeEndpointConfig, UpdateEndpointWeightsAndCapacities, plus the
# endpoint model shared with the admin API and Application Auto Scaling.
import time

from protocols import AwsError

SERVICE = "sagemaker"
MODEL = "sagemaker"
PROTOCOL = "json"
TARGET_PREFIX = "SageMaker"

STATUSES = ("OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack",
            "InService", "Deleting", "Failed", "UpdateRollbackFailed")


def endpoint_arn(ctx, name):
    return ctx.arn("sagemaker", "endpoint/" + name.lower())


def _schedule(endpoint, transitions):
    """transitions: [{"after_seconds": S, "status": X, "failure_reason"?}]; real-time based."""
    base = time.time()
    endpoint["transitions"] = sorted(
        ({"at": base + float(t.get("after_seconds", 0)), "status": t["status"],
          "failure_reason": t.get("failure_reason")} for t in transitions or []),
        key=lambda t: t["at"])


def _apply(endpoint, status, now, failure_reason=None):
    endpoint["status"] = status
    endpoint["failure_reason"] = failure_reason if status == "Failed" else None
    endpoint["last_modified"] = now
    if status == "InService":
        for v in endpoint["variants"]:
            v["current"] = v["desired"]


def set_status(endpoint, status, now, failure_reason=None, transitions=None):
    """Set the status now and replace the scheduled transitions."""
    if status not in STATUSES or any(t.get("status") not in STATUSES for t in transitions or []):
        raise ValueError("endpoint status must be one of " + ", ".join(STATUSES))
    _apply(endpoint, status, now, failure_reason)
    _schedule(endpoint, transitions)


def advance(data, now):
    """Apply scheduled status transitions that are due (called on every access)."""
    real = time.time()
    for endpoint in data["sagemaker"]["endpoints"].values():
        pending = endpoint.get("transitions") or []
        while pending and pending[0]["at"] <= real:
            step = pending.pop(0)
            _apply(endpoint, step["status"], now, step.get("failure_reason"))


def create_endpoint(data, now, spec):
    """Admin: spec = {name, variants:[{name, instances, instance_type}], async,
    status, transitions, config_name, s3_output_path, failure_reason}."""
    name = spec["name"]
    variants = spec.get("variants") or [{"name": "AllTraffic", "instances": 1}]
    config_name = spec.get("config_name") or name + "-config"
    is_async = bool(spec.get("async", True))
    endpoint = {
        "name": name, "config_name": config_name, "async": is_async,
        "creation_time": now, "last_modified": now,
        "variants": [{"name": v["name"], "current": int(v.get("instances", 1)),
                      "desired": int(v.get("instances", 1)), "weight": float(v.get("weight", 1.0)),
                      "instance_type": v.get("instance_type", "ml.g5.xlarge")} for v in variants],
    }
    set_status(endpoint, spec.get("status", "InService"), now, spec.get("failure_reason"),
               spec.get("transitions"))
    config = {
        "name": config_name, "creation_time": now,
        "variants": [{"name": v["name"], "model": name + "-model", "initial_count": v["desired"],
                      "instance_type": v["instance_type"], "weight": v["weight"]}
                     for v in endpoint["variants"]],
        "async": ({"OutputConfig": {"S3OutputPath": spec.get("s3_output_path",
                                                             "s3://fakeaws-bucket/%s/output" % name)},
                   "ClientConfig": {"MaxConcurrentInvocationsPerInstance": 4}}
                  if is_async else None),
    }
    data["sagemaker"]["endpoints"][name] = endpoint
    data["sagemaker"]["endpoint_configs"][config_name] = config
    return endpoint


def find_endpoint(ctx, name):
    with ctx.state.lock:
        advance(ctx.data, ctx.now)
        return ctx.data["sagemaker"]["endpoints"].get(name)


def _missing_endpoint(ctx, name):
    return AwsError("ValidationException", 'Could not find endpoint "%s".' % endpoint_arn(ctx, name))


def describe_endpoint(ctx, params):
    endpoint = find_endpoint(ctx, params["EndpointName"])
    if endpoint is None:
        raise _missing_endpoint(ctx, params["EndpointName"])
    with ctx.state.lock:
        out = {
            "EndpointName": endpoint["name"],
            "EndpointArn": endpoint_arn(ctx, endpoint["name"]),
            "EndpointConfigName": endpoint["config_name"],
            "ProductionVariants": [{
                "VariantName": v["name"], "CurrentWeight": v["weight"], "DesiredWeight": v["weight"],
                "CurrentInstanceCount": v["current"], "DesiredInstanceCount": v["desired"],
            } for v in endpoint["variants"]],
            "EndpointStatus": endpoint["status"],
            "CreationTime": endpoint["creation_time"],
            "LastModifiedTime": endpoint["last_modified"],
        }
        if endpoint["failure_reason"]:
            out["FailureReason"] = endpoint["failure_reason"]
        config = ctx.data["sagemaker"]["endpoint_configs"].get(endpoint["config_name"])
        if config and config["async"]:
            out["AsyncInferenceConfig"] = config["async"]
        return out


def describe_endpoint_config(ctx, params):
    name = params["EndpointConfigName"]
    with ctx.state.lock:
        config = ctx.data["sagemaker"]["endpoint_configs"].get(name)
        if config is None:
            raise AwsError("ValidationException", 'Could not find endpoint configuration "%s".'
                           % ctx.arn("sagemaker", "endpoint-config/" + name.lower()))
        out = {
            "EndpointConfigName": name,
            "EndpointConfigArn": ctx.arn("sagemaker", "endpoint-config/" + name.lower()),
            "ProductionVariants": [{
                "VariantName": v["name"], "ModelName": v["model"],
                "InitialInstanceCount": v["initial_count"], "InstanceType": v["instance_type"],
                "InitialVariantWeight": v["weight"],
            } for v in config["variants"]],
            "CreationTime": config["creation_time"],
        }
        if config["async"]:
            out["AsyncInferenceConfig"] = config["async"]
        return out


def update_endpoint_weights_and_capacities(ctx, params):
    name = params["EndpointName"]
    endpoint = find_endpoint(ctx, name)
    if endpoint is None:
        raise _missing_endpoint(ctx, name)
    with ctx.state.lock:
        if endpoint["status"] != "InService":
            raise AwsError("ValidationException", 'Cannot update in-progress endpoint "%s".'
                           % endpoint_arn(ctx, name))
        by_name = {v["name"]: v for v in endpoint["variants"]}
        for item in params["DesiredWeightsAndCapacities"]:
            if item["VariantName"] not in by_name:
                raise AwsError("ValidationException", 'The variant name "%s" is not present in '
                               'endpoint "%s".' % (item["VariantName"], endpoint_arn(ctx, name)))
        for item in params["DesiredWeightsAndCapacities"]:
            variant = by_name[item["VariantName"]]
            if "DesiredInstanceCount" in item:
                variant["desired"] = item["DesiredInstanceCount"]
            if "DesiredWeight" in item:
                variant["weight"] = float(item["DesiredWeight"])
        delay = float(ctx.state.config["endpoint_update_seconds"])
        set_status(endpoint, "Updating", ctx.now,
                   transitions=[{"after_seconds": delay, "status": "InService"}])
        return {"EndpointArn": endpoint_arn(ctx, name)}


OPERATIONS = {
    "DescribeEndpoint": describe_endpoint,
    "DescribeEndpointConfig": describe_endpoint_config,
    "UpdateEndpointWeightsAndCapacities": update_endpoint_weights_and_capacities,
}
