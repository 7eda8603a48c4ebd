#!/usr/bin/env python3
# disable: reverse order (tt policy, alarm, step policy, target), absent pieces,
# foreign policies keep the target, dry run, restore_capacity, idempotence.
import json
import os
import tempfile

from opscommon import (FakeAWS, ROOT, STEP_POLICY, TT_POLICY, actions, alarms, main, policies,
                       shim, targets, writes)


def test_disable_order_and_absent(c):
    with FakeAWS() as aws:
        aws.create_endpoint("d1", variants=[("prod", 2)])
        shim(aws, "enable", "--endpoint", "d1")
        aws.clear_log()
        r = shim(aws, "disable", "--endpoint", "d1", "--dry-run")
        c.eq(r.code, 0, "dry run", r)
        c.eq([a for _, a in actions(r)], ["would_delete"] * 4, "dry run: would_delete x4")
        c.eq(writes(aws), [], "dry run writes nothing")
        r = shim(aws, "disable", "--endpoint", "d1")
        c.eq(r.code, 0, "disable exits 0", r)
        c.eq(actions(r), [("target_tracking_policy", "deleted"), ("alarm", "deleted"),
                          ("step_policy", "deleted"), ("scalable_target", "deleted")],
             "reverse order")
        c.eq(writes(aws), ["DeleteScalingPolicy", "DeleteAlarms", "DeleteScalingPolicy",
                           "DeregisterScalableTarget"], "request log: reverse order")
        c.eq((policies(aws), alarms(aws), targets(aws)), ({}, {}, {}), "everything removed")
        c.eq(r.json["state"]["enabled"], False, "state: not enabled")
        aws.clear_log()
        r = shim(aws, "disable", "--endpoint", "d1")
        c.eq(r.code, 0, "second disable exits 0", r)
        c.eq([a for _, a in actions(r)], ["absent"] * 4, "second disable: all absent")
        c.eq(writes(aws), [], "second disable: no writes")


def test_foreign_policy_keeps_target(c):
    with FakeAWS() as aws:
        aws.create_endpoint("d2", variants=[("prod", 2)])
        # a user's own policy on the same target, put through the plugin with a
        # custom manifest (another tt policy name): foreign to documented
        with open(os.path.join(ROOT, "manifests", "policies", "realtime.json")) as f:
            doc = json.load(f)
        doc["name"] = "mine"
        doc["endpoint_type"] = "any"
        doc["target_tracking_policy"]["PolicyName"] = "MyOwn-ScalingPolicy"
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "mine.json")
            with open(path, "w") as f:
                json.dump(doc, f)
            r = shim(aws, "enable", "--endpoint", "d2", "--policy", path)
            c.eq(r.code, 0, "own policy added", r)
        r = shim(aws, "enable", "--endpoint", "d2", "--min", "0")
        c.eq(r.code, 0, "documented enabled on the same target", r)
        r = shim(aws, "disable", "--endpoint", "d2")
        c.eq(r.code, 0, "disable exits 0", r)
        c.eq(r.json["foreign_policies"], ["MyOwn-ScalingPolicy"], "foreign policy reported")
        c.eq(actions(r)[-1], ("scalable_target", "kept"), "target kept")
        c.eq(sorted(policies(aws)), ["MyOwn-ScalingPolicy"], "only the foreign policy remains")
        c.eq(len(targets(aws)), 1, "target still registered")
        c.check("foreign" in r.json.get("message", ""), "message explains", r.json)


def test_restore_capacity(c):
    with FakeAWS() as aws:
        aws.create_endpoint("d3", variants=[("prod", 2)])
        shim(aws, "enable", "--endpoint", "d3")
        aws.admin("POST", "endpoints/d3/instances", {"current": 0, "desired": 0})
        r = shim(aws, "disable", "--endpoint", "d3")
        c.eq(r.code, 0, "disable at 0 instances", r)
        c.check("0 instances" in r.json.get("message", "") and
                "restore_capacity" in r.json.get("message", ""), "message says so", r.json)
        c.eq(writes(aws).count("UpdateEndpointWeightsAndCapacities"), 0,
             "no capacity change unless asked")
        aws.clear_log()
        r = shim(aws, "disable", "--endpoint", "d3", "--restore-capacity", "2")
        c.eq(r.code, 0, "restore_capacity", r)
        c.eq(actions(r)[-1], ("capacity", "updated"), "capacity updated")
        c.eq(writes(aws), ["UpdateEndpointWeightsAndCapacities"], "one SageMaker write")
        ep = aws.admin("GET", "endpoints/d3")
        ep = ep.get("endpoint", ep)
        c.eq(ep["variants"][0]["desired"], 2, "desired count set to 2", ep)
        c.check("was set from restore_capacity" in r.json.get("message", ""),
                "message says the count was set", r.json)

        # The capacity write fails after the policies were removed: partial, and
        # the message must not claim the count was set.
        aws.create_endpoint("d4", variants=[("prod", 2)])
        shim(aws, "enable", "--endpoint", "d4")
        aws.admin("POST", "endpoints/d4/instances", {"current": 0, "desired": 0})
        aws.add_fault("UpdateEndpointWeightsAndCapacities", "error", count=1, status=400,
                      code="ValidationException", message="refused by the test")
        r = shim(aws, "disable", "--endpoint", "d4", "--restore-capacity", "2")
        c.eq(r.code, 5, "failed capacity write after removals: partly applied", r)
        c.eq(actions(r)[-1], ("capacity", "not_applied"), "capacity not applied", r.json)
        c.check("not applied" in r.json.get("message", "") and
                "was set" not in r.json.get("message", ""),
                "message says restore_capacity was not applied", r.json)


if __name__ == "__main__":
    main([test_disable_order_and_absent, test_foreign_policy_keeps_target,
          test_restore_capacity])
