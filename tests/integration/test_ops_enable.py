#!/usr/bin/env python3
# enable: the safe order from the request log, idempotence (no writes the second
# time), dry run, drift -> update, other manifests, and every refusal (exit 2,
# no AWS write; input errors with no AWS call at all).
import json
import os
import tempfile

from opscommon import (FakeAWS, STEP_POLICY, TT_POLICY, actions, alarms, call, main, ops,
                       policies, shim, targets, writes, ROOT)
from harness import SESSION_ACCESS_KEY, SESSION_SECRET_KEY, SESSION_TOKEN  # noqa: E402


def test_fresh_and_idempotent(c):
    with FakeAWS() as aws:
        aws.create_endpoint("ep1", variants=[("prod", 3)])
        r = shim(aws, "enable", "--endpoint", "ep1")
        c.eq(r.code, 0, "enable exits 0", r)
        c.eq(actions(r), [("scalable_target", "created"), ("step_policy", "created"),
                          ("alarm", "created"), ("target_tracking_policy", "created")],
             "four creates in the safe order")
        c.check(all(ch.get("request_id") for ch in r.json["changes"]), "request ids reported")
        w = [e for e in aws.log() if e["operation"] in
             ("RegisterScalableTarget", "PutScalingPolicy", "PutMetricAlarm")]
        c.eq([e["operation"] for e in w],
             ["RegisterScalableTarget", "PutScalingPolicy", "PutMetricAlarm", "PutScalingPolicy"],
             "request log: target, step policy, alarm, target tracking")
        c.eq(r.json["max"], 3, "max defaults to the variant's desired count")
        c.eq(r.json["min"], 0, "min from the manifest")
        reads = [op for op in ops(aws) if op.startswith("Describe")]
        c.check(reads.count("DescribeEndpoint") <= 2, "DescribeEndpoint read once (+ final)")
        t = list(targets(aws).values())[0]
        c.eq((t["MinCapacity"], t["MaxCapacity"]), (0, 3), "target registered 0..3")
        pol = policies(aws)
        c.eq(sorted(pol), sorted([STEP_POLICY, TT_POLICY]), "both policies exist")
        alarm = alarms(aws).get("ep1-HasBacklogWithoutCapacity-Alarm")
        c.check(alarm is not None, "alarm named per endpoint")
        c.eq(alarm and alarm["AlarmActions"], [pol[STEP_POLICY]["PolicyARN"]],
             "alarm fires the step policy")
        c.eq(r.json["state"]["enabled"], True, "final state enabled")
        c.eq(r.json["state"]["in_sync"], True, "final state in sync")

        aws.clear_log()
        r2 = shim(aws, "enable", "--endpoint", "ep1")
        c.eq(r2.code, 0, "second enable exits 0", r2)
        c.eq([a for _, a in actions(r2)], ["unchanged"] * 4, "second enable: all unchanged")
        c.eq(writes(aws), [], "second enable: no writes in the request log")
        c.eq(sorted(ops(aws)), sorted(["DescribeEndpoint", "DescribeEndpointConfig",
                                       "DescribeScalableTargets", "DescribeScalingPolicies",
                                       "DescribeAlarms"]),
             "second enable: only the five reads")


def test_dry_run_and_drift(c):
    with FakeAWS() as aws:
        aws.create_endpoint("ep2", variants=[("prod", 2)])
        r = shim(aws, "enable", "--endpoint", "ep2", "--dry-run")
        c.eq(r.code, 0, "dry run exits 0", r)
        c.eq([a for _, a in actions(r)], ["would_create"] * 4, "dry run: would_create x4")
        c.eq(r.json["dry_run"], True, "dry_run reported")
        c.eq(writes(aws), [], "dry run writes nothing")
        shim(aws, "enable", "--endpoint", "ep2")
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "ep2", "--max", "5", "--dry-run")
        c.eq(actions(r)[0], ("scalable_target", "would_update"), "dry run: max change planned")
        c.eq(writes(aws), [], "dry run with drift writes nothing")
        r = shim(aws, "enable", "--endpoint", "ep2", "--max", "5")
        c.eq(actions(r), [("scalable_target", "updated"), ("step_policy", "unchanged"),
                          ("alarm", "unchanged"), ("target_tracking_policy", "unchanged")],
             "only the target is updated")
        c.eq(writes(aws), ["RegisterScalableTarget"], "one write for one drift")
        # switching to the backlog manifest: step cooldown, new tt policy
        aws.clear_log()
        r = shim(aws, "enable", "--endpoint", "ep2", "--max", "5", "--policy", "backlog")
        c.eq(r.code, 0, "backlog policy applied", r)
        c.eq(actions(r), [("scalable_target", "unchanged"), ("step_policy", "updated"),
                          ("alarm", "unchanged"), ("target_tracking_policy", "created")],
             "backlog: step updated, tt created")
        tt = policies(aws)["ApproximateBacklogSizePerInstance-ScalingPolicy"]
        cfg = tt["TargetTrackingScalingPolicyConfiguration"]
        c.eq((cfg["TargetValue"], cfg["ScaleInCooldown"], cfg["ScaleOutCooldown"]),
             (3.0, 180, 60), "backlog tt values")
        c.eq(cfg["CustomizedMetricSpecification"]["Dimensions"],
             [{"Name": "EndpointName", "Value": "ep2"}], "backlog metric dimension")


def test_realtime(c):
    with FakeAWS() as aws:
        aws.create_endpoint("rt", variants=[("prod", 2)], async_=False)
        r = shim(aws, "enable", "--endpoint", "rt")
        c.eq(r.code, 2, "documented on a real-time endpoint refused", r)
        c.eq(r.json["error"]["code"], "EndpointNotAsync", "code EndpointNotAsync")
        c.check("realtime" in r.json["error"]["message"], "hint names realtime")
        r = shim(aws, "enable", "--endpoint", "rt", "--policy", "realtime", "--min", "0")
        c.eq(r.code, 2, "min 0 with realtime refused", r)
        c.eq(r.json["error"]["field"], "min", "field min")
        c.eq(writes(aws), [], "no writes for refusals")
        r = shim(aws, "enable", "--endpoint", "rt", "--policy", "realtime")
        c.eq(r.code, 0, "realtime policy on a real-time endpoint", r)
        c.eq(actions(r), [("scalable_target", "created"), ("target_tracking_policy", "created")],
             "realtime: target + tt")
        t = list(targets(aws).values())[0]
        c.eq(t["MinCapacity"], 1, "realtime min 1")
        cfg = policies(aws)["InvocationsPerInstance-ScalingPolicy"][
            "TargetTrackingScalingPolicyConfiguration"]
        c.eq(cfg["PredefinedMetricSpecification"],
             {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}, "predefined")
        c.eq(cfg["TargetValue"], 5.0, "target 5")


def test_refusals_before_aws(c):
    with FakeAWS() as aws:
        aws.create_endpoint("ep3", variants=[("a", 1), ("b", 1)])
        aws.create_endpoint("creating", status="Creating")
        aws.clear_log()
        bad = [
            ({"op": "enable"}, "endpoint"),
            ({"op": "enable", "endpoint": "bad_name"}, "endpoint"),
            ({"op": "enable", "endpoint": "-x"}, "endpoint"),
            ({"op": "enable", "endpoint": "a" * 64}, "endpoint"),
            ({"op": "enable", "endpoint": "ep3", "variant": "v/1"}, "variant"),
            ({"op": "enable", "endpoint": "ep3", "min": 3, "max": 2}, "min"),
            ({"op": "enable", "endpoint": "ep3", "max": 0}, "max"),
            ({"op": "enable", "endpoint": "ep3", "min": -1}, "min"),
            ({"op": "enable", "endpoint": "ep3", "min": "1"}, "min"),
            ({"op": "enable", "endpoint": "ep3", "bogus": 1}, "bogus"),
            ({"op": "enable", "endpoint": "ep3", "dry_run": "yes"}, "dry_run"),
            ({"op": "enable", "endpoint": "ep3", "policy": "nosuch"}, "policy"),
            ({"op": "enable", "endpoint": "ep3", "policy": "/nonexistent/p.json"}, "policy"),
            ({"op": "enable", "endpoint": "ep3", "policy": "realtime", "min": 0}, "min"),
            ({"op": "disable", "endpoint": "ep3", "restore_capacity": -2}, "restore_capacity"),
            ({"op": "status", "endpoint": "ep3", "dry_run": True}, "dry_run"),
            ({"op": "deployed", "endpoint": "ep3", "wait_timeout_s": -1}, "wait_timeout_s"),
            ({"op": "deployed", "endpoint": "ep3", "autoscaling": "on"}, "autoscaling"),
            ({"op": "info", "endpoint": "ep3"}, "endpoint"),
            ({"op": "enable", "endpoint": ""}, "endpoint"),
            ({"op": "enable", "endpoint": 7}, "endpoint"),
            ({"op": "enable", "endpoint": "ep3", "variant": ["a"]}, "variant"),
            ({"op": "enable", "endpoint": "ep3", "max": 10001}, "max"),
            ({"op": "enable", "endpoint": "ep3", "min": 1.5}, "min"),
            ({"op": "enable", "endpoint": "ep3", "region": ""}, "region"),
            ({"op": "enable", "endpoint": "ep3", "policy": None}, "policy"),
            ({"op": "status", "endpoint": "ep3", "max": 0}, "max"),
            ({"op": "disable", "endpoint": "ep3", "restore_capacity": 10001}, "restore_capacity"),
            ({"op": "deployed", "endpoint": "ep3", "wait_timeout_s": 604801}, "wait_timeout_s"),
            ({"op": "deployed", "endpoint": "ep3", "min": 2, "max": 1}, "min"),
            ({"op": "deployed", "endpoint": "ep3", "autoscaling": False, "policy": "nosuch"},
             "policy"),
        ]
        for req, field in bad:
            r = call(aws, req)
            c.check(r.code == 2 and r.json and r.json["error"].get("field") == field,
                    "refused %s (field %s)" % (json.dumps(req)[:70], field), r)
        c.eq(ops(aws), [], "no AWS call at all for invalid input")

        # an invalid manifest file: error names the file and the field
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.json")
            with open(os.path.join(ROOT, "manifests", "policies", "documented.json")) as f:
                doc = json.load(f)
            doc["alarm"]["Threshold"] = "high"
            with open(path, "w") as f:
                json.dump(doc, f)
            r = shim(aws, "enable", "--endpoint", "ep3", "--variant", "a", "--policy", path)
            c.eq(r.code, 2, "invalid manifest refused", r)
            c.eq(r.json["error"]["code"], "InvalidManifest", "code InvalidManifest")
            c.eq(r.json["error"]["field"], "alarm.Threshold", "field in the manifest")
            c.check(path in r.json["error"]["message"], "message names the file")
        c.eq(ops(aws), [], "still no AWS call")

        # refusals that need the endpoint: reads only, never a write
        r = shim(aws, "enable", "--endpoint", "ep3")
        c.eq(r.code, 2, "two variants, none named: refused", r)
        c.eq(r.json["error"]["field"], "variant", "field variant")
        c.check('"a"' in r.json["error"]["message"] and '"b"' in r.json["error"]["message"],
                "the variants are listed")
        r = shim(aws, "enable", "--endpoint", "ep3", "--variant", "zz")
        c.eq((r.code, r.json["error"]["field"]), (2, "variant"), "unknown variant refused")
        r = shim(aws, "enable", "--endpoint", "nosuch")
        c.eq((r.code, r.json["error"]["code"]), (2, "EndpointNotFound"), "missing endpoint", r)
        r = shim(aws, "enable", "--endpoint", "creating")
        c.eq((r.code, r.json["error"]["code"]), (2, "EndpointNotInService"),
             "endpoint not InService refused", r)
        c.check("Creating" in r.json["error"]["message"], "message names the status")
        r = shim(aws, "enable", "--endpoint", "ep3", "--variant", "a", "--min", "2")
        c.eq((r.code, r.json["error"]["field"]), (2, "max"),
             "min above the default max refused", r)
        c.eq(writes(aws), [], "refusals never write")
        r = shim(aws, "enable", "--endpoint", "ep3", "--variant", "b")
        c.eq(r.code, 0, "named variant enabled", r)
        c.eq(r.json["resource_id"], "endpoint/ep3/variant/b", "resource id of variant b")


def test_china(c):
    with FakeAWS() as aws:
        aws.create_endpoint("cn1", variants=[("prod", 1)], region="cn-north-1")
        env = aws.env(AWS_REGION="cn-north-1")
        r = shim(aws, "enable", "--endpoint", "cn1", env=env)
        c.eq(r.code, 0, "enable in cn-north-1", r)
        st = r.json["state"]
        arns = [p["PolicyARN"] for p in st["ScalingPolicies"]] + [st["alarm"]["AlarmArn"]]
        c.check(all(a.startswith("arn:aws-cn:") for a in arns), "ARNs in the aws-cn partition",
                arns)
        c.check(st["alarm"]["AlarmActions"][0].startswith("arn:aws-cn:autoscaling:cn-north-1:"),
                "alarm action is the China step policy ARN")
        r = shim(aws, "enable", "--endpoint", "cn1", "--region", "cn-north-1")
        c.eq([a for _, a in actions(r)], ["unchanged"] * 4, "--region cn-north-1: unchanged", r)


def test_no_secrets_in_output(c):
    with FakeAWS() as aws:
        aws.create_endpoint("sec1", variants=[("prod", 1)])
        env = aws.env(AWS_ACCESS_KEY_ID=SESSION_ACCESS_KEY,
                      AWS_SECRET_ACCESS_KEY=SESSION_SECRET_KEY, AWS_SESSION_TOKEN=SESSION_TOKEN)
        runs = [shim(aws, "-v", "enable", "--endpoint", "sec1", env=env),
                shim(aws, "-v", "status", "--endpoint", "sec1", env=env),
                shim(aws, "-v", "disable", "--endpoint", "sec1", "--dry-run", env=env)]
        c.eq([r.code for r in runs], [0, 0, 0], "enable, status, disable with a session", runs)
        # a rejected signature (wrong secret) and a rejected token: error paths
        bad = dict(env, AWS_SECRET_ACCESS_KEY="wrong-secret-0002x")
        runs.append(shim(aws, "-v", "status", "--endpoint", "sec1", env=bad))
        bad = dict(env, AWS_SESSION_TOKEN="wrong-token-0002x")
        runs.append(shim(aws, "-v", "status", "--endpoint", "sec1", env=bad))
        c.eq([r.code for r in runs[3:]], [4, 4],
             "bad secret / token: refused credentials are configuration errors (exit 4)",
             runs[3:])
        for secret in (SESSION_SECRET_KEY, SESSION_TOKEN, "wrong-secret-0002x",
                       "wrong-token-0002x"):
            c.check(all(secret not in r.stdout + r.stderr for r in runs),
                    "no secret in any output or debug log: %s..." % secret[:8])


if __name__ == "__main__":
    main([test_fresh_and_idempotent, test_dry_run_and_drift, test_realtime,
          test_refusals_before_aws, test_china, test_no_secrets_in_output])
