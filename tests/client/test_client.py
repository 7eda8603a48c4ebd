#!/usr/bin/env python3
# The AWS client (plugin/aws/client.c) end to end through tests/client/aws-call
# against tests/fakeaws over real HTTP: protocols, error normalisation,
# standard-mode retries for every fault kind, clock skew, concurrency,
# connection reuse, the response size cap, endpoints and cancellation.
# Usage: test_client.py PATH/TO/aws-call   (exit 0 = pass, 1 = fail)
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fakeaws"))
from harness import FakeAWS  # noqa: E402

AWS_CALL = os.path.abspath(sys.argv[1])
# `meson test --setup=valgrind` exports SDH_WRAPPER: every aws-call runs under it.
WRAPPER = shlex.split(os.environ.get("SDH_WRAPPER", ""))
FAILED = []
COUNT = [0]


def check(cond, what, detail=""):
    COUNT[0] += 1
    print("%sok %d - %s" % ("" if cond else "not ", COUNT[0], what))
    if not cond:
        FAILED.append(what)
        if detail:
            for line in str(detail).splitlines()[-40:]:
                print("#   " + line)
    return cond


class Result:
    def __init__(self, proc, elapsed):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.elapsed = elapsed
        try:
            self.json = json.loads(proc.stdout)
        except ValueError:
            self.json = {}

    def __str__(self):
        return "rc=%s\nstdout=%s\nstderr=%s" % (self.rc, self.stdout, self.stderr)

    @property
    def ok(self):
        return self.rc == 0 and self.json.get("ok") is True

    @property
    def code(self):
        return self.json.get("error", {}).get("code")

    def attempt_lines(self):
        return [l for l in self.stderr.splitlines() if "aws request:" in l]


def call(aws, service, op, payload=None, env=None, args=(), timeout=60):
    e = aws.env(**(env or {}))
    cmd = WRAPPER + [AWS_CALL, "-v"] + list(args) + [service, op]
    if payload is not None:
        cmd.append(json.dumps(payload))
    start = time.monotonic()
    proc = subprocess.run(cmd, env=e, capture_output=True, text=True, timeout=timeout)
    return Result(proc, time.monotonic() - start)


def parallel(aws, items, env=None, args=()):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(items, f)
    try:
        e = aws.env(**(env or {}))
        start = time.monotonic()
        proc = subprocess.run(WRAPPER + [AWS_CALL, "-v"] + list(args) + ["--parallel", f.name], env=e,
                              capture_output=True, text=True, timeout=120)
        return Result(proc, time.monotonic() - start)
    finally:
        os.unlink(f.name)


def log_for(aws, op):
    return [e for e in aws.log() if e["operation"] == op]


ALARM = {"AlarmName": "cpu-high", "MetricName": "ApproximateBacklogSizePerInstance",
         "Namespace": "AWS/SageMaker", "Statistic": "Average", "Period": 60,
         "EvaluationPeriods": 2, "Threshold": 5.5, "ComparisonOperator": "GreaterThanThreshold",
         "TreatMissingData": "missing",
         "Dimensions": [{"Name": "EndpointName", "Value": "ep1"}]}
TARGETS = {"ServiceNamespace": "sagemaker"}


def test_protocols(aws):
    aws.create_endpoint("ep1")
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
    check(r.ok and isinstance(r.json["output"].get("ScalableTargets"), list),
          "JSON 1.1: application-autoscaling DescribeScalableTargets", r)
    check(r.json.get("request_id") and r.json.get("attempts") == 1, "request id, one attempt", r)
    check("sdhost-autoscaling/" in r.stderr, "user agent logged", r)

    r = call(aws, "sagemaker", "DescribeEndpoint", {"EndpointName": "ep1"})
    check(r.ok and r.json["output"].get("EndpointName") == "ep1",
          "JSON 1.1: sagemaker DescribeEndpoint", r)

    r = call(aws, "cloudwatch", "PutMetricAlarm", ALARM)
    check(r.ok and r.json["output"] == {}, "query: cloudwatch PutMetricAlarm", r)
    r = call(aws, "cloudwatch", "DescribeAlarms", {"AlarmNames": ["cpu-high"]})
    alarms = r.json.get("output", {}).get("MetricAlarms")
    check(r.ok and isinstance(alarms, list) and len(alarms) == 1, "query: DescribeAlarms", r)
    if alarms:
        a = alarms[0]
        check(a.get("AlarmName") == "cpu-high" and float(a.get("Threshold")) == 5.5
              and a.get("Dimensions") == [{"Name": "EndpointName", "Value": "ep1"}],
              "query: nested list/structure members round-trip", a)
    check(r.json.get("request_id"), "query: request id from ResponseMetadata", r)

    r = call(aws, "sts", "GetCallerIdentity")
    check(r.ok and r.json["output"].get("Arn", "").startswith("arn:aws:"), "query: sts", r)


def test_errors(aws):
    r = call(aws, "sagemaker", "DescribeEndpoint", {"EndpointName": "missing"})
    check(r.rc == 1 and r.code == "ValidationException" and r.json["error"].get("request_id")
          and r.json["error"].get("http_status") == 400,
          "ValidationException normalised with request id and status", r)
    check(r.json.get("attempts") == 1, "client errors are not retried", r)

    r = call(aws, "application-autoscaling", "DeregisterScalableTarget",
             {"ServiceNamespace": "sagemaker", "ResourceId": "endpoint/none/variant/v",
              "ScalableDimension": "sagemaker:variant:DesiredInstanceCount"})
    check(r.rc == 1 and r.code == "ObjectNotFoundException" and r.json["error"].get("message"),
          "ObjectNotFoundException normalised", r)

    bad = dict(ALARM, ComparisonOperator="Sideways")
    r = call(aws, "cloudwatch", "PutMetricAlarm", bad)
    check(r.rc == 1 and r.code == "ValidationError" and r.json["error"].get("request_id"),
          "query ValidationError with request id", r)

    r = call(aws, "cloudwatch", "DeleteAlarms", {"AlarmNames": ["no-such-alarm"]})
    check(r.rc == 1 and r.code == "ResourceNotFound", "query ResourceNotFound", r)

    # AWS refusing the credentials is the user's configuration to fix: exit 4.
    r = call(aws, "cloudwatch", "DescribeAlarms", env={"AWS_SECRET_ACCESS_KEY": "wrong"})
    check(r.rc == 4 and r.code == "SignatureDoesNotMatch" and "refused the credentials"
          in r.json["error"]["message"], "a wrong secret is a configuration error (exit 4)", r)
    r = call(aws, "sagemaker", "DescribeEndpoint", {"EndpointName": "ep1"},
             env={"AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000"})
    check(r.rc == 4 and r.code == "UnrecognizedClientException",
          "an unknown access key is a configuration error (exit 4)", r)
    check(r.json.get("attempts") == 1, "refused credentials are not retried", r)

    r = call(aws, "sagemaker", "DescribeEndpoint", [1, 2])
    check(r.rc == 2 and r.code == "InvalidInput" and r.json.get("attempts") == 0,
          "a non-object input is refused before sending", r)


def test_retries(aws):
    aws.clear_faults()
    for status, code in ((500, "InternalFailure"), (503, "ServiceUnavailable")):
        aws.clear_log()
        aws.add_fault("DescribeScalableTargets", "error", count=2, status=status, code=code)
        r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
        check(r.ok and r.json["attempts"] == 3, "HTTP %d retried, then success" % status, r)
        entries = log_for(aws, "DescribeScalableTargets")
        check([e["status"] for e in entries] == [status, status, 200],
              "fakeaws log shows the %d attempts" % status, entries)
        check(len(r.attempt_lines()) == 3 and "attempt=3" in r.attempt_lines()[-1],
              "debug log: one line per attempt", r)

    aws.add_fault("DescribeScalableTargets", "error", count=3, status=500)
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
    check(r.rc == 1 and r.json["attempts"] == 3 and r.code == "InternalFailure",
          "default max attempts is 3", r)

    aws.add_fault("DescribeAlarms", "error", count=1, status=400, code="Throttling",
                  message="Rate exceeded")
    r = call(aws, "cloudwatch", "DescribeAlarms")
    check(r.ok and r.json["attempts"] == 2, "query Throttling retried", r)

    aws.add_fault("DescribeEndpoint", "error", count=1, status=400, code="ThrottlingException",
                  message="Rate exceeded")
    r = call(aws, "sagemaker", "DescribeEndpoint", {"EndpointName": "ep1"})
    check(r.ok and r.json["attempts"] == 2, "ThrottlingException retried", r)

    aws.add_fault("DescribeScalableTargets", "error", count=1, status=400,
                  code="LimitExceededException", message="quota reached")
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
    check(r.rc == 1 and r.code == "LimitExceededException" and r.json["attempts"] == 1,
          "application-autoscaling LimitExceededException is not retried", r)
    aws.clear_faults()

    aws.add_fault("DescribeEndpoint", "error", count=1, status=400,
                  code="LimitExceededException", message="Rate exceeded")
    r = call(aws, "sagemaker", "DescribeEndpoint", {"EndpointName": "ep1"})
    check(r.ok and r.json["attempts"] == 2, "LimitExceededException elsewhere is retried", r)

    aws.add_fault("DescribeScalableTargets", "error", count=1, status=400,
                  code="ConcurrentUpdateException", message="busy")
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
    check(r.ok and r.json["attempts"] == 2, "ConcurrentUpdateException retried", r)

    aws.add_fault("DescribeScalableTargets", "error", count=1, status=400,
                  code="FailedResourceAccessException", message="Rate exceeded")
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
    check(r.ok and r.json["attempts"] == 2,
          "FailedResourceAccessException with Rate exceeded retried", r)
    aws.add_fault("DescribeScalableTargets", "error", count=1, status=400,
                  code="FailedResourceAccessException", message="not authorized to DescribeAlarms")
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
    check(r.rc == 1 and r.json["attempts"] == 1 and r.code == "FailedResourceAccessException",
          "FailedResourceAccessException without Rate exceeded not retried", r)
    aws.clear_faults()

    aws.add_fault("DescribeAlarms", "close", count=1)
    r = call(aws, "cloudwatch", "DescribeAlarms")
    check(r.ok and r.json["attempts"] == 2, "closed connection retried", r)

    # The stalled attempt would hold 30 s; the 2 s attempt limit, one backoff
    # (< 1 s) and a prompt second attempt take about 3 s. Half the stall is far
    # from both, also under valgrind (about 10 times slower).
    stall = 30
    aws.add_fault("DescribeAlarms", "stall", count=1, seconds=stall)
    r = call(aws, "cloudwatch", "DescribeAlarms", args=["--config", "attempt_timeout_ms=2000"])
    check(r.ok and r.json["attempts"] == 2 and r.elapsed < stall / 2,
          "a stalled attempt times out (attempt_timeout_ms) and is retried (%.1f s)" % r.elapsed,
          r)
    check("error=Timeout" in r.stderr, "the timeout is logged", r)

    aws.add_fault("DescribeAlarms", "slow", count=1, seconds=0.5)
    r = call(aws, "cloudwatch", "DescribeAlarms", args=["--config", "attempt_timeout_ms=10000"])
    check(r.ok and r.json["attempts"] == 1 and r.elapsed >= 0.5,
          "a slow answer under the timeout succeeds first time", r)

    aws.add_fault("DescribeAlarms", "error", count=1, status=500)
    r = call(aws, "cloudwatch", "DescribeAlarms", env={"AWS_MAX_ATTEMPTS": "1"})
    check(r.rc == 1 and r.json["attempts"] == 1, "AWS_MAX_ATTEMPTS=1: no retry", r)
    aws.clear_faults()

    aws.add_fault("DescribeAlarms", "error", count=3, status=503)
    r = call(aws, "cloudwatch", "DescribeAlarms", env={"AWS_MAX_ATTEMPTS": "4"})
    check(r.ok and r.json["attempts"] == 4, "AWS_MAX_ATTEMPTS=4: three retries", r)
    aws.clear_faults()

    aws.throttle({"DescribeEndpoint": 2})
    items = [{"service": "sagemaker", "operation": "DescribeEndpoint",
              "input": {"EndpointName": "ep1"}} for _ in range(5)]
    r = parallel(aws, items, env={"AWS_MAX_ATTEMPTS": "8"})
    attempts = [x["attempts"] for x in r.json.get("results", [])]
    check(r.ok and len(attempts) == 5 and sum(attempts) > 5,
          "throttled calls retried until they pass (%s)" % attempts, r)
    aws.throttle({})


def test_retry_quota(aws):
    # The retry quota belongs to the client: 500 tokens, 5 per retry, none back
    # for a failed call. 60 concurrent calls that always get a retryable 500,
    # with 3 attempts each, want 120 retries but the bucket pays for 100; the
    # same client's next 60 calls then fail at their first attempt.
    n, max_attempts = 60, 3
    aws.clear_faults()
    aws.clear_log()
    aws.add_fault("DescribeAlarms", "error", count=None, status=500)
    try:
        items = [{"service": "cloudwatch", "operation": "DescribeAlarms", "input": {}}
                 for _ in range(n)]
        r = parallel(aws, items, env={"AWS_MAX_ATTEMPTS": str(max_attempts)},
                     args=["--repeat", "2"])
        results = r.json.get("results", [])
        check(len(results) == n and all(x["error"]["code"] == "InternalFailure" for x in results),
              "all calls of both runs fail with the injected 500", r)
        attempts = sorted(set(x["attempts"] for x in results))
        check(attempts == [1], "once the quota is drained a retryable error is not retried "
              "(second run's attempts: %s)" % attempts, r)
        sent = len(log_for(aws, "DescribeAlarms"))
        quota_retries = 500 // 5
        check(sent == n + quota_retries + n,
              "fakeaws saw %d attempts: %d + %d paid retries + %d" % (sent, n, quota_retries, n))
        check("not retried: retry quota exhausted" in r.stderr, "the empty quota is logged", r)
        # a new client has its own full quota
        r = call(aws, "cloudwatch", "DescribeAlarms", env={"AWS_MAX_ATTEMPTS": "2"})
        check(r.rc == 1 and r.json.get("attempts") == 2, "a new client retries again", r)
    finally:
        aws.clear_faults()


def test_skew(aws):
    aws.clear_log()
    aws.config(clock_offset_seconds=600)
    try:
        r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS)
        check(r.ok and r.json["attempts"] == 2, "clock skew: corrected and retried once", r)
        # The offset is measured from the reply's Date header (whole seconds), so a slow run
        # (valgrind) may see 599 or 601: within a few seconds of the injected 600.
        m = re.search(r"clock skew \+(\d+)s corrected", r.stderr)
        check(m and abs(int(m.group(1)) - 600) <= 5, "skew correction logged (about +600 s)", r)
        errors = [e["error"] for e in log_for(aws, "DescribeScalableTargets")]
        check(errors == ["InvalidSignatureException", None], "fakeaws saw the skewed attempt",
              errors)
        r = call(aws, "cloudwatch", "DescribeAlarms")
        check(r.ok and r.json["attempts"] == 2, "clock skew on a query service", r)
        aws.add_fault("DescribeAlarms", "error", count=1, status=500)
        r = call(aws, "cloudwatch", "DescribeAlarms", env={"AWS_MAX_ATTEMPTS": "2"})
        check(r.ok and r.json["attempts"] == 3,
              "the skew retry is not counted against max attempts", r)
    finally:
        aws.config(clock_offset_seconds=0)
        aws.clear_faults()


def test_concurrency_and_reuse(aws):
    latency = 1.5
    aws.latency(latency)
    try:
        items = [
            {"service": "application-autoscaling", "operation": "DescribeScalableTargets",
             "input": TARGETS},
            {"service": "sagemaker", "operation": "DescribeEndpoint",
             "input": {"EndpointName": "ep1"}},
            {"service": "cloudwatch", "operation": "DescribeAlarms", "input": {}},
            {"service": "sts", "operation": "GetCallerIdentity"},
        ]
        r = parallel(aws, items)
        check(r.ok and len(r.json["results"]) == 4 and all(x["ok"] for x in r.json["results"]),
              "4 calls in parallel all succeed", r)
        # Done one after another they would take at least 4 x latency; concurrently
        # about one latency. The bound is the sum, so a slow machine cannot flake it.
        check(r.json.get("elapsed_ms", 99999) < 4 * latency * 1000,
              "parallel calls overlap: less than the sum of latencies (%s ms)"
              % r.json.get("elapsed_ms"), r)
    finally:
        aws.latency(0)
    r = call(aws, "cloudwatch", "DescribeAlarms", args=["--repeat", "4"])
    lines = r.attempt_lines()
    news = [l.rsplit("new_connections=", 1)[-1] for l in lines]
    check(r.ok and news == ["1", "0", "0", "0"],
          "the connection is reused across calls (%s)" % news, r)


def test_size_cap(aws):
    r = call(aws, "cloudwatch", "DescribeAlarms", args=["--config", "max_response_bytes=300"])
    check(r.rc == 1 and r.code == "ResponseTooLarge" and r.json["attempts"] == 1,
          "a response over the cap is refused, not retried", r)
    r = call(aws, "cloudwatch", "DescribeAlarms", args=["--config", "max_response_bytes=1000000"])
    check(r.ok, "the same response under the cap passes", r)
    r = call(aws, "cloudwatch", "DescribeAlarms", args=["--config", "max_response_bytes=abc"])
    check(r.rc == 4 and r.code == "InvalidConfig", "an invalid knob is a config error", r)


def test_endpoints(aws):
    aws.clear_log()
    r = call(aws, "sts", "GetCallerIdentity", env={"AWS_REGION": "cn-north-1"})
    check(r.ok and r.json["output"].get("Arn", "").startswith("arn:aws-cn:")
          and r.json.get("partition") == "aws-cn" and r.json.get("region") == "cn-north-1",
          "China region: aws-cn partition and ARNs", r)
    regions = [e["region"] for e in log_for(aws, "GetCallerIdentity")]
    check(regions == ["cn-north-1"], "the credential scope region is cn-north-1", regions)

    # No override: the resolved URL is logged; a dead proxy keeps it off the network.
    dead = "http://127.0.0.1:9"
    r = call(aws, "cloudwatch", "DescribeAlarms",
             env={"AWS_REGION": "cn-north-1", "AWS_ENDPOINT_URL": None, "AWS_MAX_ATTEMPTS": "1",
                  "HTTPS_PROXY": dead, "https_proxy": dead, "NO_PROXY": "", "no_proxy": ""})
    check("url=https://monitoring.cn-north-1.amazonaws.com.cn (resolved)" in r.stderr,
          "endpoint resolved for cn-north-1 without override", r)
    check(r.rc == 1 and r.code == "ConnectionError",
          "the proxy environment is honoured (dead proxy -> connection error)", r)

    r = call(aws, "cloudwatch", "DescribeAlarms",
             env={"AWS_ENDPOINT_URL": dead, "AWS_ENDPOINT_URL_CLOUDWATCH": aws.url})
    check(r.ok, "AWS_ENDPOINT_URL_CLOUDWATCH overrides the global endpoint", r)
    r = call(aws, "application-autoscaling", "DescribeScalableTargets", TARGETS,
             env={"AWS_ENDPOINT_URL": dead, "AWS_ENDPOINT_URL_CLOUDWATCH": aws.url,
                  "AWS_MAX_ATTEMPTS": "2"})
    check(r.rc == 1 and r.code == "ConnectionError" and r.json["attempts"] == 2,
          "the global override applies to the other services; refused connections retried", r)


def wait_for_line(proc, marker, limit=60):
    """Read the child's stderr until a line holds `marker` (the SIGINT handler
    is installed by then, whatever the wrapper's start-up time); the lines read."""
    seen = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            break
    return "".join(seen)


def test_cancel(aws):
    aws.add_fault("DescribeAlarms", "slow", count=1, seconds=20)
    proc = subprocess.Popen(WRAPPER + [AWS_CALL, "-v", "cloudwatch", "DescribeAlarms"], env=aws.env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    early = wait_for_line(proc, "aws endpoint:")
    time.sleep(0.5)  # the request is on its way to the slow answer
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=12)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    took = time.monotonic() - start
    # The answer would come after 20 s: ending well before shows the cancel worked.
    check(proc.returncode == 6 and took < 10.0,
          "SIGINT cancels a slow call long before it answers (exit %s in %.2fs)"
          % (proc.returncode, took),
          early + out + err)
    check('"code":"Cancelled"' in out, "the cancelled call reports Cancelled", out)
    aws.clear_faults()

    aws.add_fault("DescribeAlarms", "error", count=5, status=503)
    proc = subprocess.Popen(WRAPPER + [AWS_CALL, "-v", "cloudwatch", "DescribeAlarms"],
                            env=aws.env(AWS_MAX_ATTEMPTS="10"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    early = wait_for_line(proc, "aws retry:")
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=12)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    check(proc.returncode == 6 and '"code":"Cancelled"' in out,
          "SIGINT during backoff cancels (exit %s)" % proc.returncode, early + out + err)
    aws.clear_faults()


def main():
    with FakeAWS() as aws:
        for test in (test_protocols, test_errors, test_retries, test_retry_quota, test_skew,
                     test_concurrency_and_reuse, test_size_cap, test_endpoints, test_cancel):
            print("# " + test.__name__)
            try:
                test(aws)
            except Exception as exc:  # a crash in one group fails it, the rest still run
                check(False, "%s raised %r" % (test.__name__, exc))
    print("1..%d" % COUNT[0])
    if FAILED:
        print("# failed: %s" % "; ".join(FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
