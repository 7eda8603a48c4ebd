#!/usr/bin/env python3
# SigV4 checks for JSON 1.1 and query services: good keys (with and without
# session token), wrong secret, tampering, unknown key, missing/wrong token,
# expired temporary keys, missing auth, clock skew and the Date header.
import email.utils
import sys
import time

from common import (check, client, eq, error_code, json_request, query_request, raw_request,
                    run)
from harness import SESSION_ACCESS_KEY, SESSION_SECRET_KEY, SESSION_TOKEN

AAS_TARGET = "AnyScaleFrontendService.DescribeScalableTargets"


def _aas(aws, **kw):
    return client(aws, "application-autoscaling", **kw).describe_scalable_targets


def _cw(aws, **kw):
    return client(aws, "cloudwatch", **kw).describe_alarms


def test_good_keys(aws):
    _aas(aws)(ServiceNamespace="sagemaker")
    _aas(aws, key=SESSION_ACCESS_KEY, secret=SESSION_SECRET_KEY, token=SESSION_TOKEN)(
        ServiceNamespace="sagemaker")
    _cw(aws)()
    _cw(aws, key=SESSION_ACCESS_KEY, secret=SESSION_SECRET_KEY, token=SESSION_TOKEN)()
    aws.add_credentials("AKIAADDEDBYADMIN0001", "added-secret")
    _aas(aws, key="AKIAADDEDBYADMIN0001", secret="added-secret")(ServiceNamespace="sagemaker")
    log = aws.log()
    eq([e["key_id"] for e in log][-1], "AKIAADDEDBYADMIN0001", "log key id")
    eq(log[-1]["status"], 200)


def test_wrong_secret(aws):
    code, msg, status = error_code(_aas(aws, secret="wrong"), ServiceNamespace="sagemaker")
    eq((code, status), ("InvalidSignatureException", 403))
    check(msg.startswith("The request signature we calculated does not match"), msg)
    eq(error_code(_cw(aws, secret="wrong"))[:3:2], ("SignatureDoesNotMatch", 403))


def test_tampering(aws):
    def bad_sig(h):
        h["Authorization"] = h["Authorization"][:-4] + "0000"
    status, _, body = json_request(aws, AAS_TARGET, {"ServiceNamespace": "sagemaker"}, tamper=bad_sig)
    check(status == 403 and "InvalidSignatureException" in body, body)
    status, _, body = query_request(aws, {"Action": "DescribeAlarms"}, tamper=bad_sig)
    check(status == 403 and "<Code>SignatureDoesNotMatch</Code>" in body, body)

    def other_target(h):
        h["X-Amz-Target"] = "AnyScaleFrontendService.DescribeScalingPolicies"
    status, _, body = json_request(aws, AAS_TARGET, {"ServiceNamespace": "sagemaker"},
                                   tamper=other_target)
    check(status == 403 and "InvalidSignatureException" in body, body)


def test_unknown_key_and_tokens(aws):
    eq(error_code(_aas(aws, key="AKIAUNKNOWN000000000"), ServiceNamespace="sagemaker")[:3:2],
       ("UnrecognizedClientException", 403))
    eq(error_code(_cw(aws, key="AKIAUNKNOWN000000000"))[:3:2], ("InvalidClientTokenId", 403))
    code, msg, _ = error_code(_aas(aws, key=SESSION_ACCESS_KEY, secret=SESSION_SECRET_KEY),
                              ServiceNamespace="sagemaker")
    eq((code, msg), ("UnrecognizedClientException",
                     "The security token included in the request is invalid."), "missing token")
    eq(error_code(_aas(aws, key=SESSION_ACCESS_KEY, secret=SESSION_SECRET_KEY, token="nope"),
                  ServiceNamespace="sagemaker")[0], "UnrecognizedClientException")
    eq(error_code(_cw(aws, key=SESSION_ACCESS_KEY, secret=SESSION_SECRET_KEY))[0],
       "InvalidClientTokenId")


def test_expired_temporary_keys(aws):
    aws.add_credentials("ASIAEXPIRED000000001", "old-secret", "old-token", expires_in_seconds=-1)
    kw = dict(key="ASIAEXPIRED000000001", secret="old-secret", token="old-token")
    eq(error_code(_aas(aws, **kw), ServiceNamespace="sagemaker")[0], "ExpiredTokenException")
    eq(error_code(_cw(aws, **kw))[:3:2], ("ExpiredToken", 403))


def test_missing_authentication(aws):
    status, _, body = raw_request(aws, "POST", "/", b'{"ServiceNamespace":"sagemaker"}', {
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": AAS_TARGET})
    check(status == 403 and "MissingAuthenticationTokenException" in body, body)
    status, _, body = raw_request(aws, "POST", "/", b"Action=DescribeAlarms&Version=2010-08-01", {
        "Content-Type": "application/x-www-form-urlencoded"})
    check(status == 403 and "<Code>MissingAuthenticationToken</Code>" in body, body)


def test_clock_skew_and_date_header(aws):
    aws.config(clock_offset_seconds=600)
    code, msg, status = error_code(_aas(aws), ServiceNamespace="sagemaker")
    eq((code, status), ("InvalidSignatureException", 403))
    check(msg.startswith("Signature expired: ") and "is now earlier than" in msg
          and msg.endswith(" - 5 min.)"), msg)
    code, msg, _ = error_code(_cw(aws))
    check(code == "SignatureDoesNotMatch" and msg.startswith("Signature expired: "), msg)
    _, headers, _ = raw_request(aws, "GET", "/_admin/config")
    server = email.utils.parsedate_to_datetime(headers["Date"]).timestamp()
    # 600 s ahead, not now: 60 s of slack cannot confuse the two.
    check(abs(server - (time.time() + 600)) < 60, "Date header follows the server clock")
    aws.config(clock_offset_seconds=-600)
    code, msg, _ = error_code(_aas(aws), ServiceNamespace="sagemaker")
    check(code == "InvalidSignatureException" and msg.startswith("Signature not yet current"), msg)
    aws.config(clock_offset_seconds=120)
    _aas(aws)(ServiceNamespace="sagemaker")


if __name__ == "__main__":
    sys.exit(run([test_good_keys, test_wrong_secret, test_tampering, test_unknown_key_and_tokens,
                  test_expired_temporary_keys, test_missing_authentication,
                  test_clock_skew_and_date_header]))
