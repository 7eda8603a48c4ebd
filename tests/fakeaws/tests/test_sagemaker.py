#!/usr/bin/env python3
# SageMaker through botocore: DescribeEndpoint / DescribeEndpointConfig,
# UpdateEndpointWeightsAndCapacities, scheduled status transitions and the
# admin endpoint controls.
import sys

from common import check, client, eq, error_code, run, wait_for


def test_describe(aws):
    aws.create_endpoint("ep1", variants=[("prod", 2), ("canary", 1)])
    sm = client(aws, "sagemaker")
    ep = sm.describe_endpoint(EndpointName="ep1")
    eq(ep["EndpointStatus"], "InService")
    eq(ep["EndpointArn"], "arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep1")
    eq([(v["VariantName"], v["CurrentInstanceCount"], v["DesiredInstanceCount"])
        for v in ep["ProductionVariants"]], [("prod", 2, 2), ("canary", 1, 1)])
    check("CreationTime" in ep and "LastModifiedTime" in ep)
    cfg = sm.describe_endpoint_config(EndpointConfigName=ep["EndpointConfigName"])
    check(cfg["AsyncInferenceConfig"]["OutputConfig"]["S3OutputPath"].startswith("s3://"))
    eq([(v["VariantName"], v["InitialInstanceCount"]) for v in cfg["ProductionVariants"]],
       [("prod", 2), ("canary", 1)])
    check(cfg["ProductionVariants"][0]["InstanceType"].startswith("ml."))
    aws.create_endpoint("rt", async_=False)
    cfg = sm.describe_endpoint_config(EndpointConfigName=sm.describe_endpoint(
        EndpointName="rt")["EndpointConfigName"])
    check("AsyncInferenceConfig" not in cfg, "real-time endpoint has no async config")


def test_missing(aws):
    sm = client(aws, "sagemaker")
    code, msg, status = error_code(sm.describe_endpoint, EndpointName="Nope")
    eq((code, status), ("ValidationException", 400))
    eq(msg, 'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/nope".')
    eq(error_code(sm.describe_endpoint_config, EndpointConfigName="nope")[0], "ValidationException")


def test_update_capacity(aws):
    aws.config(endpoint_update_seconds=0.5)
    aws.create_endpoint("ep1", variants=[("prod", 1)])
    sm = client(aws, "sagemaker")
    arn = sm.update_endpoint_weights_and_capacities(
        EndpointName="ep1", DesiredWeightsAndCapacities=[{"VariantName": "prod",
                                                          "DesiredInstanceCount": 3}])["EndpointArn"]
    check(arn.endswith(":endpoint/ep1"))
    ep = sm.describe_endpoint(EndpointName="ep1")
    eq((ep["EndpointStatus"], ep["ProductionVariants"][0]["DesiredInstanceCount"],
        ep["ProductionVariants"][0]["CurrentInstanceCount"]), ("Updating", 3, 1))
    eq(error_code(sm.update_endpoint_weights_and_capacities, EndpointName="ep1",
                  DesiredWeightsAndCapacities=[{"VariantName": "prod", "DesiredInstanceCount": 2}])[0],
       "ValidationException", "update while Updating")
    check(wait_for(lambda: sm.describe_endpoint(EndpointName="ep1")["EndpointStatus"] == "InService"))
    eq(sm.describe_endpoint(EndpointName="ep1")["ProductionVariants"][0]["CurrentInstanceCount"], 3)
    eq(error_code(sm.update_endpoint_weights_and_capacities, EndpointName="ep1",
                  DesiredWeightsAndCapacities=[{"VariantName": "x", "DesiredInstanceCount": 2}])[0],
       "ValidationException", "unknown variant")


def test_transitions_and_admin(aws):
    aws.create_endpoint("ep1", status="Creating",
                        transitions=[{"after_seconds": 0.5, "status": "InService"}])
    sm = client(aws, "sagemaker")
    eq(sm.describe_endpoint(EndpointName="ep1")["EndpointStatus"], "Creating")
    check(wait_for(lambda: sm.describe_endpoint(EndpointName="ep1")["EndpointStatus"] == "InService"))
    aws.admin("POST", "endpoints/ep1/status", {"status": "Failed", "failure_reason": "boom"})
    ep = sm.describe_endpoint(EndpointName="ep1")
    eq((ep["EndpointStatus"], ep["FailureReason"]), ("Failed", "boom"))
    aws.set_endpoint_status("ep1", "InService")
    aws.admin("POST", "endpoints/ep1/instances", {"variant": "prod", "current": 0, "desired": 0})
    v = sm.describe_endpoint(EndpointName="ep1")["ProductionVariants"][0]
    eq((v["CurrentInstanceCount"], v["DesiredInstanceCount"]), (0, 0))
    aws.admin("DELETE", "endpoints/ep1")
    eq(error_code(sm.describe_endpoint, EndpointName="ep1")[0], "ValidationException")


def test_unknown_operation(aws):
    sm = client(aws, "sagemaker")
    code, _, status = error_code(sm.list_endpoints)
    eq((code, status), ("UnknownOperationException", 400))


if __name__ == "__main__":
    sys.exit(run([test_describe, test_missing, test_update_capacity, test_transitions_and_admin,
                  test_unknown_operation]))
