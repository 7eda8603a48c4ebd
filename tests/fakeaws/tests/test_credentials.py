#!/usr/bin/env python3
# Credential sources: IMDSv2 (token flow, refuse_v2, hang, off), container
# credentials with/without an authorization token, STS
# AssumeRoleWithWebIdentity, and the expiry of handed-out temporary keys.
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from botocore import UNSIGNED
from botocore.utils import ContainerMetadataFetcher, InstanceMetadataFetcher

from common import check, client, eq, error_code, raw_request, run, session
from harness import WEB_IDENTITY_TOKEN

CREDS = "/latest/meta-data/iam/security-credentials/"


def _token(aws, ttl="60"):
    return raw_request(aws, "PUT", "/latest/api/token", b"",
                       {"X-aws-ec2-metadata-token-ttl-seconds": ttl})


def test_imds_v2_flow(aws):
    status, headers, token = _token(aws)
    eq(status, 200)
    eq(headers["X-aws-ec2-metadata-token-ttl-seconds"], "60")
    eq(_token(aws, "0")[0], 400)
    eq(_token(aws, "21601")[0], 400)
    eq(raw_request(aws, "GET", CREDS)[0], 401, "no token")
    eq(raw_request(aws, "GET", CREDS, headers={"X-aws-ec2-metadata-token": "bad"})[0], 401)
    hdr = {"X-aws-ec2-metadata-token": token}
    status, _, role = raw_request(aws, "GET", CREDS, headers=hdr)
    eq((status, role), (200, "fakeaws-instance-role"))
    status, _, body = raw_request(aws, "GET", CREDS + role, headers=hdr)
    creds = json.loads(body)
    eq((creds["Code"], creds["Type"]), ("Success", "AWS-HMAC"))
    check(creds["Expiration"].endswith("Z") and creds["AccessKeyId"].startswith("ASIA"))
    eq(raw_request(aws, "GET", "/latest/meta-data/placement/region", headers=hdr)[2], "us-east-1")
    eq(raw_request(aws, "GET", CREDS + "other-role", headers=hdr)[0], 404)
    # the handed-out keys sign requests
    aas = client(aws, "application-autoscaling", key=creds["AccessKeyId"],
                 secret=creds["SecretAccessKey"], token=creds["Token"])
    aas.describe_scalable_targets(ServiceNamespace="sagemaker")
    # botocore's own IMDS client
    got = InstanceMetadataFetcher(timeout=2, num_attempts=1, base_url=aws.url) \
        .retrieve_iam_role_credentials()
    eq(got["role_name"], "fakeaws-instance-role")
    check(got["access_key"].startswith("ASIA"))


def test_imds_modes(aws):
    aws.config(imds_mode="refuse_v2")
    eq(_token(aws)[0], 403)
    eq(raw_request(aws, "GET", CREDS)[:3:2], (200, "fakeaws-instance-role"), "v1 works")
    aws.config(imds_mode="off")
    eq(raw_request(aws, "GET", CREDS)[0], 404)
    eq(_token(aws)[0], 404)
    aws.config(imds_mode="hang")
    start = time.monotonic()
    try:
        raw_request(aws, "PUT", "/latest/api/token", b"",
                    {"X-aws-ec2-metadata-token-ttl-seconds": "60"}, timeout=0.5)
        raise AssertionError("expected a timeout")
    except (socket.timeout, TimeoutError, urllib.error.URLError):
        pass
    check(time.monotonic() - start < 30, "client gave up")  # "hang" never answers
    aws.config(imds_mode="v2", imds_role_name="custom", imds_region="eu-central-1")
    hdr = {"X-aws-ec2-metadata-token": _token(aws)[2]}
    eq(raw_request(aws, "GET", CREDS, headers=hdr)[2], "custom")
    eq(raw_request(aws, "GET", "/latest/meta-data/placement/region", headers=hdr)[2], "eu-central-1")


def test_container_credentials(aws):
    status, _, body = raw_request(aws, "GET", "/container-credentials/x")
    eq(status, 200)
    creds = json.loads(body)
    for key in ("AccessKeyId", "SecretAccessKey", "Token", "Expiration", "RoleArn"):
        check(key in creds, key)
    aws.config(container_auth_token="Bearer sekrit")
    eq(raw_request(aws, "GET", "/container-credentials/x")[0], 401)
    eq(raw_request(aws, "GET", "/container-credentials/x", headers={"Authorization": "nope"})[0], 403)
    status, _, body = raw_request(aws, "GET", "/container-credentials/x",
                                  headers={"Authorization": "Bearer sekrit"})
    eq(status, 200)
    got = ContainerMetadataFetcher().retrieve_full_uri(
        aws.url + "/container-credentials/x", headers={"Authorization": "Bearer sekrit"})
    check(got["AccessKeyId"].startswith("ASIA"))
    creds = json.loads(body)
    eq(error_code(client(aws, "sagemaker", key=creds["AccessKeyId"],
                         secret=creds["SecretAccessKey"], token=creds["Token"]).describe_endpoint,
                  EndpointName="none")[0], "ValidationException", "container keys accepted")


def _sts(aws):
    from botocore.config import Config
    return session().create_client("sts", region_name="us-east-1", endpoint_url=aws.url,
                                   config=Config(signature_version=UNSIGNED,
                                                 retries={"total_max_attempts": 1}))


def test_sts_web_identity(aws):
    sts = _sts(aws)
    role = "arn:aws:iam::123456789012:role/sdhost-autoscaler"
    resp = sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="s1",
                                             WebIdentityToken=WEB_IDENTITY_TOKEN)
    c = resp["Credentials"]
    check(c["AccessKeyId"].startswith("ASIA") and c["SessionToken"])
    check(resp["AssumedRoleUser"]["Arn"].endswith(":assumed-role/sdhost-autoscaler/s1"))
    signed = client(aws, "sts", key=c["AccessKeyId"], secret=c["SecretAccessKey"],
                    token=c["SessionToken"])
    eq(signed.get_caller_identity()["Arn"], resp["AssumedRoleUser"]["Arn"])
    code, _, status = error_code(sts.assume_role_with_web_identity, RoleArn=role,
                                 RoleSessionName="s1", WebIdentityToken="wrong-token")
    eq((code, status), ("InvalidIdentityToken", 400))
    eq(error_code(sts.assume_role_with_web_identity, RoleArn="arn:aws:iam::bad:user/nobody",
                  RoleSessionName="s1", WebIdentityToken=WEB_IDENTITY_TOKEN)[0], "ValidationError")
    aws.config(accepted_web_identity_tokens=["another-token"])
    sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="s2",
                                      WebIdentityToken="another-token")


def test_temporary_credentials_expire(aws):
    aws.config(credential_lifetime_seconds=1)
    c = _sts(aws).assume_role_with_web_identity(
        RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="s9",
        WebIdentityToken=WEB_IDENTITY_TOKEN)["Credentials"]
    aas = client(aws, "application-autoscaling", key=c["AccessKeyId"],
                 secret=c["SecretAccessKey"], token=c["SessionToken"])
    aas.describe_scalable_targets(ServiceNamespace="sagemaker")
    time.sleep(1.1)
    eq(error_code(aas.describe_scalable_targets, ServiceNamespace="sagemaker")[0],
       "ExpiredTokenException")
    cw = client(aws, "cloudwatch", key=c["AccessKeyId"], secret=c["SecretAccessKey"],
                token=c["SessionToken"])
    eq(error_code(cw.describe_alarms)[0], "ExpiredToken")


_CHILD = """
import os, botocore.session
c = botocore.session.get_session().create_client(
    "application-autoscaling", region_name=os.environ["AWS_REGION"],
    endpoint_url=os.environ["AWS_ENDPOINT_URL"])
c.describe_scalable_targets(ServiceNamespace="sagemaker")
"""


def test_botocore_credential_chain(aws):
    """A child process with no static keys finds credentials via IMDS, then
    via the container endpoint, and signs with them."""
    no_keys = dict(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None)
    aws.clear_log()
    subprocess.run([sys.executable, "-c", _CHILD], check=True, timeout=30, env=aws.env(
        AWS_EC2_METADATA_DISABLED=None, AWS_EC2_METADATA_SERVICE_ENDPOINT=aws.url, **no_keys))
    log = aws.log()
    eq([e["service"] for e in log][-1], "application-autoscaling")
    check(log[-1]["status"] == 200 and log[-1]["key_id"].startswith("ASIA"), log[-1])
    check({"GetMetadataToken", "GetMetadata"} <= {e["operation"] for e in log}, log)
    aws.config(container_auth_token="Bearer child")
    aws.clear_log()
    subprocess.run([sys.executable, "-c", _CHILD], check=True, timeout=30, env=aws.env(
        AWS_CONTAINER_CREDENTIALS_FULL_URI=aws.url + "/container-credentials/task",
        AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer child", **no_keys))
    eq([(e["operation"], e["status"]) for e in aws.log()],
       [("GetContainerCredentials", 200), ("DescribeScalableTargets", 200)])


def test_metadata_faults(aws):
    aws.add_fault("GetMetadataToken", "error", status=500, message="boom")
    eq(_token(aws)[:3:2], (500, "boom"))
    eq(_token(aws)[0], 200)
    log = aws.log()
    eq([(e["service"], e["operation"], e["status"]) for e in log],
       [("imds", "GetMetadataToken", 500), ("imds", "GetMetadataToken", 200)])


if __name__ == "__main__":
    sys.exit(run([test_imds_v2_flow, test_imds_modes, test_container_credentials,
                  test_sts_web_identity, test_temporary_credentials_expire,
                  test_botocore_credential_chain, test_metadata_faults]))
