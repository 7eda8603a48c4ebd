# Shared helpers for the fakeaws self-tests: botocore clients pointed at the
# fake (CloudWatch forced to the query protocol), assertions, and a tiny
# runner (exit 0 pass, 1 fail, 77 skip).
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import botocore.session  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from harness import (ACCESS_KEY, REGION, SECRET_KEY, FakeAWS)  # noqa: E402,F401

SKIP = 77


class Skip(Exception):
    pass


def session():
    s = botocore.session.Session()
    # the user's ~/.aws and AWS_* variables must not leak into the tests
    s.set_config_variable("config_file", "/nonexistent/fakeaws/config")
    s.set_config_variable("credentials_file", "/nonexistent/fakeaws/credentials")
    s.set_config_variable("profile", None)
    return s


def force_query_protocol(s):
    """Newer botocore speaks JSON/CBOR to CloudWatch; the plugin (and the
    fake) use the query protocol, so patch this session's model copy."""
    model = s.get_component("data_loader").load_service_model("cloudwatch", "service-2")
    model["metadata"]["protocol"] = "query"
    model["metadata"]["protocols"] = ["query"]


def client(aws, service, key=ACCESS_KEY, secret=SECRET_KEY, token=None, region=REGION,
           timeout=5, validate=True, **config):
    s = session()
    if service == "cloudwatch":
        force_query_protocol(s)
    cfg = Config(retries={"mode": "standard", "total_max_attempts": 1},
                 connect_timeout=timeout, read_timeout=timeout,
                 parameter_validation=validate, **config)
    c = s.create_client(service, region_name=region, endpoint_url=aws.url,
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        aws_session_token=token, config=cfg)
    if service == "cloudwatch" and c.meta.service_model.protocol != "query":
        raise Skip("this botocore cannot speak the query protocol to CloudWatch")
    return c


def error_code(fn, *args, **kwargs):
    """Call fn expecting a ClientError; return (code, message, http status)."""
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        err = e.response["Error"]
        return err.get("Code"), err.get("Message"), e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("expected an error from %s" % getattr(fn, "__name__", fn))


def check(cond, what="check failed"):
    if not cond:
        raise AssertionError(what)


def eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what or "value", got, want))


def wait_for(pred, timeout=5.0, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def run(tests):
    """Run test functions, each with a fresh server state; print results."""
    failed = 0
    try:
        with FakeAWS() as aws:
            for test in tests:
                aws.reset()
                start = time.monotonic()
                try:
                    test(aws)
                except Skip as e:
                    print("SKIP %s: %s" % (test.__name__, e))
                    return SKIP
                except Exception:
                    failed += 1
                    print("FAIL %s" % test.__name__)
                    traceback.print_exc(file=sys.stdout)
                else:
                    print("ok   %s (%.2fs)" % (test.__name__, time.monotonic() - start))
    except Skip as e:
        print("SKIP: %s" % e)
        return SKIP
    print("%d/%d passed" % (len(tests) - failed, len(tests)))
    return 1 if failed else 0


def raw_request(aws, method="POST", path="/", body=b"", headers=None, timeout=5):
    """Plain HTTP request; returns (status, headers, body text)."""
    req = urllib.request.Request(aws.url + path, data=body if method != "GET" else None,
                                 headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def signed_request(aws, service, body, headers, key=ACCESS_KEY, secret=SECRET_KEY, token=None,
                   region=REGION, tamper=None):
    """SigV4-sign body with botocore and send it; tamper(headers) may edit the
    signed headers before sending."""
    if isinstance(body, str):
        body = body.encode()
    req = AWSRequest("POST", aws.url + "/", data=body, headers=headers)
    SigV4Auth(Credentials(key, secret, token), service, region).add_auth(req)
    sent = dict(req.headers.items())
    if tamper:
        tamper(sent)
    return raw_request(aws, "POST", "/", body, sent)


def query_request(aws, form, service="monitoring", version="2010-08-01", **kw):
    body = urllib.parse.urlencode(dict(form, Version=version))
    return signed_request(aws, service, body, {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, **kw)


def json_request(aws, target, params, service="application-autoscaling", **kw):
    return signed_request(aws, service, json.dumps(params), {
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target}, **kw)
