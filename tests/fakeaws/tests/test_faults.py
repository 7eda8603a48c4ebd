#!/usr/bin/env python3
# Fault injection seen from botocore clients: injected errors (JSON and
# query), closed connections, stalls past the client timeout, slow answers,
# garbage bodies, global latency, throttling, and the request log.
import sys
import time

from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from common import check, client, eq, error_code, run

NS = "sagemaker"


def _describe(aas):
    return aas.describe_scalable_targets(ServiceNamespace=NS)


def _expect(exc_type, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except exc_type as e:
        return e
    except ClientError as e:
        raise AssertionError("expected %s, got %s" % (exc_type.__name__, e))
    raise AssertionError("expected %s" % exc_type.__name__)


def test_error_fault(aws):
    aas = client(aws, "application-autoscaling")
    aws.add_fault("DescribeScalableTargets", "error", code="InternalServiceException",
                  status=500, message="injected")
    eq(error_code(_describe, aas), ("InternalServiceException", "injected", 500))
    _describe(aas)  # count=1: next call is fine
    cw = client(aws, "cloudwatch")
    aws.add_fault("DescribeAlarms", "error", code="LimitExceeded", status=400, count=2)
    eq(error_code(cw.describe_alarms)[:3:2], ("LimitExceeded", 400))
    eq(error_code(cw.describe_alarms)[0], "LimitExceeded")
    cw.describe_alarms()
    aws.add_fault("*", "error", code="ServiceUnavailable", status=503)
    eq(error_code(cw.describe_alarms)[0], "ServiceUnavailable")
    eq(aws.admin("GET", "faults")["faults"], [], "rules used up")


def test_close_and_stall(aws):
    aas = client(aws, "application-autoscaling", timeout=1)
    aws.add_fault("DescribeScalableTargets", "close")
    _expect(ConnectionClosedError, _describe, aas)
    _describe(aas)
    # The stall (30 s) is far longer than the client's 1 s read timeout, so
    # ending well before it (20 s leaves room for a loaded machine) shows the
    # client gave up; lower bounds cannot flake.
    aws.add_fault("DescribeScalableTargets", "stall", seconds=30)
    start = time.monotonic()
    _expect(ReadTimeoutError, _describe, aas)
    elapsed = time.monotonic() - start
    check(0.9 <= elapsed < 20, "timed out by the client after %.2fs" % elapsed)
    _describe(aas)


def test_slow_and_latency(aws):
    aas = client(aws, "application-autoscaling")
    aws.add_fault("DescribeScalableTargets", "slow", seconds=0.6)
    start = time.monotonic()
    _describe(aas)
    check(time.monotonic() - start >= 0.6, "slow answer")
    _describe(aas)
    eq([e["fault"] for e in aws.log() if e["operation"] == "DescribeScalableTargets"][-2:],
       ["slow", None], "slow only once (request log)")
    aws.latency(0.3)
    start = time.monotonic()
    _describe(aas)
    check(time.monotonic() - start >= 0.3, "latency")
    aws.latency(0)


def test_throttle(aws):
    aas = client(aws, "application-autoscaling")
    cw = client(aws, "cloudwatch")
    aws.throttle({"DescribeScalableTargets": 2, "DescribeAlarms": 1})
    _describe(aas)
    _describe(aas)
    code, msg, status = error_code(_describe, aas)
    eq((code, status), ("ThrottlingException", 400))
    cw.describe_alarms()
    eq(error_code(cw.describe_alarms)[:3:2], ("Throttling", 400))
    time.sleep(1.05)
    _describe(aas)
    cw.describe_alarms()
    aws.throttle({})
    for _ in range(5):
        _describe(aas)


def test_garbage(aws):
    aas = client(aws, "application-autoscaling")
    aws.add_fault("DescribeScalableTargets", "garbage", body="<html>not json</html>")
    got = _describe(aas)  # botocore keeps an unparsable 200 body as a message
    check("ScalableTargets" not in got, "an HTML body reaches the client instead of the result")
    aws.add_fault("DescribeScalableTargets", "garbage", body='{"ScalableTargets": 5}')
    try:
        _describe(aas)
        raise AssertionError("a list member that is a number must not parse")
    except TypeError:
        pass  # botocore's parser trips over the number where a list belongs
    eq(_describe(aas)["ScalableTargets"], [], "count=1: next call is normal again")
    eq(aws.log()[-2]["fault"], "garbage", "the log names the fault")


def test_request_log(aws):
    aas = client(aws, "application-autoscaling")
    cw = client(aws, "cloudwatch", region="eu-west-1")
    aws.clear_log()
    _describe(aas)
    cw.describe_alarms()
    error_code(aas.deregister_scalable_target, ServiceNamespace=NS,
               ResourceId="endpoint/x/variant/y", ScalableDimension="sagemaker:variant:DesiredInstanceCount")
    aws.add_fault("DescribeAlarms", "close")
    try:
        cw.describe_alarms()
    except ConnectionClosedError:
        pass
    log = aws.log()
    eq([e["operation"] for e in log], ["DescribeScalableTargets", "DescribeAlarms",
                                       "DeregisterScalableTarget", "DescribeAlarms"])
    eq([e["service"] for e in log], ["application-autoscaling", "monitoring",
                                     "application-autoscaling", "monitoring"])
    eq([e["region"] for e in log], ["us-east-1", "eu-west-1", "us-east-1", "eu-west-1"])
    eq([(e["status"], e["error"]) for e in log],
       [(200, None), (200, None), (400, "ObjectNotFoundException"), (None, None)])
    eq(log[3]["fault"], "close")
    check(all(b["seq"] > a["seq"] for a, b in zip(log, log[1:])), "seq increases")
    check(all(e["key_id"] == "AKIAFAKEAWS000000001" for e in log))
    since = aws.admin("GET", "log?since=%d" % log[1]["seq"])["log"]
    eq(len(since), 2, "log?since")
    aws.clear_log()
    eq(aws.log(), [])


if __name__ == "__main__":
    sys.exit(run([test_error_fault, test_close_and_stall, test_slow_and_latency, test_throttle,
                  test_garbage, test_request_log]))
