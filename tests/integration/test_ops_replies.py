#!/usr/bin/env python3
# AWS replies of the wrong shape, end to end: the stand-in answers a read with
# a body that is not what the API promises (a member missing, a list that is a
# number, an HTML page from a proxy). The plugin must stop with a clear error
# naming the operation and member, exit 1, and make no write.
from opscommon import FakeAWS, main, shim, writes


def run(aws, op, body, *cmd, status=200):
    aws.add_fault(op, "garbage", count=None, body=body, status=status)
    try:
        return shim(aws, *cmd)
    finally:
        aws.clear_faults()


def test_missing_member(c):
    with FakeAWS() as aws:
        aws.create_endpoint("r1", variants=[("prod", 1)])
        r = run(aws, "DescribeEndpoint", '{"EndpointName": "r1"}', "enable", "--endpoint", "r1")
        c.eq(r.code, 1, "a DescribeEndpoint reply without EndpointStatus: exit 1", r)
        c.eq(r.json["error"]["code"], "MalformedResponse", "code MalformedResponse", r.json)
        c.check("DescribeEndpoint" in r.json["error"].get("field", ""),
                "the field names the operation", r.json["error"])
        c.eq(writes(aws), [], "no writes")


def test_list_of_wrong_type(c):
    with FakeAWS() as aws:
        aws.create_endpoint("r2", variants=[("prod", 1)])
        r = run(aws, "DescribeScalingPolicies", '{"ScalingPolicies": 5}',
                "enable", "--endpoint", "r2", "--variant", "prod")
        c.eq((r.code, r.json["error"]["code"]), (1, "MalformedResponse"),
             "ScalingPolicies that is a number: MalformedResponse, exit 1", r)
        c.check(r.json["error"].get("field", "").startswith(
            "DescribeScalingPolicies.ScalingPolicies"), "the field names the member",
            r.json["error"])
        c.eq(writes(aws), [], "no writes")
        r = run(aws, "DescribeScalingPolicies", '{"ScalingPolicies": 5}',
                "status", "--endpoint", "r2", "--variant", "prod")
        c.eq((r.code, r.json["error"]["code"]), (1, "MalformedResponse"), "status too", r)


def test_proxy_pages(c):
    with FakeAWS() as aws:
        aws.create_endpoint("r3", variants=[("prod", 1)])
        page = "<html><body><h1>Proxy error</h1></body></html>"
        r = run(aws, "DescribeAlarms", page, "enable", "--endpoint", "r3", "--variant", "prod")
        c.eq(r.code, 1, "an HTML page with 200 where CloudWatch XML belongs: exit 1", r)
        c.eq(r.json["error"]["code"], "MalformedResponse", "MalformedResponse", r.json)
        c.eq(writes(aws), [], "no writes")
        r = run(aws, "DescribeEndpoint", page, "enable", "--endpoint", "r3", status=502)
        c.eq(r.code, 1, "an HTML 502 page: exit 1 after retries", r)
        c.eq(r.json["error"]["code"], "502", "the HTTP status is the code, as botocore", r.json)
        c.eq(writes(aws), [], "no writes")


if __name__ == "__main__":
    main([test_missing_member, test_list_of_wrong_type, test_proxy_pages])
