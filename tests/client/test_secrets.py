#!/usr/bin/env python3
# Secrets never reach output: runs the client flows (several operations,
# errors, retries, clock skew, a bad signature, profile files, credential_process
# (also with malformed output), web identity and container credentials)
# through aws-call with -v debug logging, using secret keys, session tokens
# and authorization tokens that carry unique marker strings, captures all
# stdout/stderr and fails if a marker appears anywhere.
# Usage: test_secrets.py PATH/TO/aws-call   (exit 0 = pass, 1 = fail)
import json
import os
import shlex
import subprocess
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fakeaws"))
from harness import FakeAWS  # noqa: E402

AWS_CALL = os.path.abspath(sys.argv[1])
# `meson test --setup=valgrind` exports SDH_WRAPPER: every aws-call runs under it.
WRAPPER = shlex.split(os.environ.get("SDH_WRAPPER", ""))
TAG = uuid.uuid4().hex[:12].upper()
SECRET = "SecretMARKER%sxK9" % TAG
TOKEN = "TokenMARKER%s//Zm9vYmFy" % TAG
WRONG_SECRET = "WrongMARKER%sq" % TAG
WEB_TOKEN = "WebIdMARKER%s.eyJhbGciOi" % TAG
CONTAINER_TOKEN = "ContainerMARKER%s" % TAG
# letters only and at most 20 long: the length of a token Jansson quotes in a
# parse error ("invalid token near '...'"), as an unquoted secret would be
PROC_SECRET = "Proc" + TAG.translate(str.maketrans("0123456789", "GHIJKLMNOP")) + "Q"
MARKERS = ["MARKER" + TAG, SECRET, TOKEN, WRONG_SECRET, WEB_TOKEN, CONTAINER_TOKEN,
           PROC_SECRET, SECRET[:16], TOKEN[-16:]]
KEY_ID = "ASIAMARKERSECRETS001"

COUNT = [0]
FAILED = []
CAPTURED = []


def check(cond, what, detail=""):
    COUNT[0] += 1
    print("%sok %d - %s" % ("" if cond else "not ", COUNT[0], what))
    if not cond:
        FAILED.append(what)
        for line in str(detail).splitlines()[-30:]:
            print("#   " + line)
    return cond


def run(aws, env, *args, must_succeed=None):
    e = aws.env(**env)
    proc = subprocess.run(WRAPPER + [AWS_CALL, "-v"] + list(args), env=e, capture_output=True, text=True,
                          timeout=60)
    CAPTURED.append(("aws-call " + " ".join(args[:2]), proc.stdout + proc.stderr))
    if must_succeed is not None:
        try:
            ok = json.loads(proc.stdout).get("ok") is True
        except ValueError:
            ok = False
        check(ok == must_succeed, "%s %s %s" % (
            "succeeds:" if must_succeed else "fails:", " ".join(args[:2]),
            ",".join("%s" % k for k in env)), proc.stdout + proc.stderr)
    return proc


TARGETS = json.dumps({"ServiceNamespace": "sagemaker"})
ALARM = json.dumps({"AlarmName": "secret-test", "MetricName": "M", "Namespace": "AWS/SageMaker",
                    "Statistic": "Average", "Period": 60, "EvaluationPeriods": 1,
                    "Threshold": 1.0, "ComparisonOperator": "GreaterThanThreshold"})


def flows(aws, env):
    run(aws, env, "application-autoscaling", "DescribeScalableTargets", TARGETS,
        must_succeed=True)
    run(aws, env, "sagemaker", "DescribeEndpoint", '{"EndpointName":"ep1"}', must_succeed=True)
    run(aws, env, "sagemaker", "DescribeEndpoint", '{"EndpointName":"nope"}', must_succeed=False)
    run(aws, env, "cloudwatch", "PutMetricAlarm", ALARM, must_succeed=True)
    run(aws, env, "cloudwatch", "PutMetricAlarm", '{"AlarmName":"x"}', must_succeed=False)
    run(aws, env, "cloudwatch", "DescribeAlarms", must_succeed=True)
    run(aws, env, "sts", "GetCallerIdentity", must_succeed=True)
    aws.add_fault("DescribeAlarms", "error", count=1, status=503)
    aws.add_fault("DescribeEndpoint", "error", count=1, status=400, code="ThrottlingException")
    aws.add_fault("DescribeScalableTargets", "close", count=1)
    run(aws, env, "cloudwatch", "DescribeAlarms", must_succeed=True)
    run(aws, env, "sagemaker", "DescribeEndpoint", '{"EndpointName":"ep1"}', must_succeed=True)
    run(aws, env, "application-autoscaling", "DescribeScalableTargets", TARGETS,
        must_succeed=True)
    aws.clear_faults()
    aws.config(clock_offset_seconds=900)
    try:
        run(aws, env, "cloudwatch", "DescribeAlarms", must_succeed=True)
        run(aws, env, "application-autoscaling", "DescribeScalableTargets", TARGETS,
            must_succeed=True)
    finally:
        aws.config(clock_offset_seconds=0)


def main():
    tmp = tempfile.mkdtemp(prefix="sdh-secrets-")
    with FakeAWS() as aws:
        aws.create_endpoint("ep1")
        aws.add_credentials(KEY_ID, SECRET, session_token=TOKEN)

        print("# environment credentials with a session token")
        env = {"AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
               "AWS_SESSION_TOKEN": TOKEN}
        flows(aws, env)

        print("# a wrong secret: SignatureDoesNotMatch")
        bad = dict(env, AWS_SECRET_ACCESS_KEY=WRONG_SECRET)
        run(aws, bad, "cloudwatch", "DescribeAlarms", must_succeed=False)
        run(aws, bad, "sagemaker", "DescribeEndpoint", '{"EndpointName":"ep1"}',
            must_succeed=False)

        print("# shared credentials file profile")
        creds = os.path.join(tmp, "credentials")
        with open(creds, "w") as f:
            f.write("[marked]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                    "aws_session_token = %s\n" % (KEY_ID, SECRET, TOKEN))
        penv = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None,
                "AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_PROFILE": "marked"}
        run(aws, penv, "sts", "GetCallerIdentity", must_succeed=True)
        run(aws, penv, "sagemaker", "DescribeEndpoint", '{"EndpointName":"nope"}',
            must_succeed=False)

        print("# credential_process (marker secret in its output, also malformed)")
        script = os.path.join(tmp, "process.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\ncase \"$1\" in\n"
                    "ok) echo '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                    "\"SecretAccessKey\": \"%s\", \"SessionToken\": \"%s\"}' ;;\n"
                    "bad) echo '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                    "\"SecretAccessKey\": %s}' ;;\n"
                    "esac\n" % (KEY_ID, SECRET, TOKEN, KEY_ID, PROC_SECRET))
        os.chmod(script, 0o700)
        config = os.path.join(tmp, "config")
        with open(config, "w") as f:
            f.write("[profile proc]\ncredential_process = %s ok\n"
                    "[profile procbad]\ncredential_process = %s bad\n" % (script, script))
        proc_env = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None,
                    "AWS_CONFIG_FILE": config, "AWS_PROFILE": "proc"}
        run(aws, proc_env, "sts", "GetCallerIdentity", must_succeed=True)
        run(aws, dict(proc_env, AWS_PROFILE="procbad"), "sts", "GetCallerIdentity",
            must_succeed=False)

        print("# web identity (marker token)")
        aws.config(accepted_web_identity_tokens=[WEB_TOKEN])
        token_file = os.path.join(tmp, "web-token")
        with open(token_file, "w") as f:
            f.write(WEB_TOKEN)
        wenv = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None,
                "AWS_WEB_IDENTITY_TOKEN_FILE": token_file,
                "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/marker",
                "AWS_ROLE_SESSION_NAME": "marker"}
        run(aws, wenv, "application-autoscaling", "DescribeScalableTargets", TARGETS,
            must_succeed=True)
        run(aws, wenv, "cloudwatch", "DescribeAlarms", must_succeed=True)

        print("# container credentials (marker authorization token)")
        aws.config(container_auth_token=CONTAINER_TOKEN)
        cenv = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI":
                    aws.url + "/container-credentials/marker",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": CONTAINER_TOKEN}
        run(aws, cenv, "sagemaker", "DescribeEndpoint", '{"EndpointName":"ep1"}',
            must_succeed=True)
        bad_c = dict(cenv, AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN + "x")
        run(aws, bad_c, "sagemaker", "DescribeEndpoint", '{"EndpointName":"ep1"}',
            must_succeed=False)

    text = "\n".join(out for _, out in CAPTURED)
    check(len(CAPTURED) >= 20 and "aws request:" in text,
          "%d runs captured with debug logging (%d bytes)" % (len(CAPTURED), len(text)))
    check(KEY_ID in text, "positive control: the (non-secret) access key id is visible")
    for marker in MARKERS:
        leaks = [name for name, out in CAPTURED if marker in out]
        check(not leaks, "marker %s...%s never printed" % (marker[:8], marker[-4:]),
              "leaked by: %s" % ", ".join(leaks))
    print("1..%d" % COUNT[0])
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
