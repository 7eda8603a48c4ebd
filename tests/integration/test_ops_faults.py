#!/usr/bin/env python3
# Partial failure: each fault kind (error after retries, dropped connection,
# stalled request) at each write step of enable and of disable. Afterwards:
# exit 1 when nothing was applied, else 5 with "changes" listing applied and
# not_applied; never a target-tracking policy without the alarm and the step
# policy it relies on; a re-run converges.
from opscommon import (FakeAWS, STEP_POLICY, TT_POLICY, actions, alarms, main, policies, shim,
                       targets)

STEPS = [("scalable_target", "RegisterScalableTarget", 0),
         ("step_policy", "PutScalingPolicy", 0),
         ("alarm", "PutMetricAlarm", 0),
         ("target_tracking_policy", "PutScalingPolicy", 1)]
ORDER = [s for s, _, _ in STEPS]
KINDS = [("error", {"code": "InternalFailure", "status": 500}),
         ("close", {}),
         ("stall", {"seconds": 3})]
CONFIG = {"attempt_timeout_ms": 1000, "connect_timeout_ms": 1000}


def test_faults(c):
    with FakeAWS() as aws:
        n = 0
        for kind, extra in KINDS:
            for k, (step, op, skip) in enumerate(STEPS):
                n += 1
                ep = "fault-%d" % n
                label = "%s at %s" % (kind, step)
                aws.create_endpoint(ep, variants=[("prod", 2)])
                if skip:
                    aws.add_fault(op, "slow", count=skip, seconds=0)
                aws.add_fault(op, kind, count=None, **extra)
                env = aws.env(AWS_MAX_ATTEMPTS=2)
                r = shim(aws, "enable", "--endpoint", ep, env=env, config=CONFIG)
                aws.clear_faults()
                c.eq(r.code, 1 if k == 0 else 5, label + ": exit code", r)
                if not r.json:
                    continue
                c.eq(r.json.get("status"), "remote_error" if k == 0 else "partial",
                     label + ": status")
                want = [(s, "created") for s in ORDER[:k]] + [(s, "not_applied")
                                                             for s in ORDER[k:]]
                c.eq(actions(r), want, label + ": changes applied / not_applied")
                failed = r.json["changes"][k]
                c.check("error" in failed, label + ": the failed step carries its error")
                rid = "endpoint/%s/variant/prod" % ep
                tt = [p for p in policies(aws).values()
                      if p["ResourceId"] == rid and p["PolicyName"] == TT_POLICY]
                c.eq(tt, [], label + ": no target-tracking policy left behind")
                has_alarm = ep + "-HasBacklogWithoutCapacity-Alarm" in alarms(aws)
                c.eq(has_alarm, k >= 3, label + ": alarm exists only if its step succeeded")
                has_target = any(t["ResourceId"] == rid for t in targets(aws).values())
                c.eq(has_target, k >= 1, label + ": target registered only if it succeeded")
                r2 = shim(aws, "enable", "--endpoint", ep, config=CONFIG)
                c.eq(r2.code, 0, label + ": re-run converges", r2)
                if r2.json:
                    want2 = [(s, "unchanged") for s in ORDER[:k]] + [(s, "created")
                                                                    for s in ORDER[k:]]
                    c.eq(actions(r2), want2, label + ": re-run applies the rest")
                    c.eq(r2.json["state"]["in_sync"], True, label + ": in sync after re-run")


DISABLE_STEPS = [("target_tracking_policy", "DeleteScalingPolicy", 0),
                 ("alarm", "DeleteAlarms", 0),
                 ("step_policy", "DeleteScalingPolicy", 1),
                 ("scalable_target", "DeregisterScalableTarget", 0)]
DISABLE_ORDER = [s for s, _, _ in DISABLE_STEPS]


def test_disable_faults(c):
    with FakeAWS() as aws:
        n = 0
        for kind, extra in KINDS:
            for k, (step, op, skip) in enumerate(DISABLE_STEPS):
                n += 1
                ep = "dfault-%d" % n
                label = "disable: %s at %s" % (kind, step)
                aws.create_endpoint(ep, variants=[("prod", 2)])
                r = shim(aws, "enable", "--endpoint", ep, config=CONFIG)
                if not c.eq(r.code, 0, label + ": enabled first", r):
                    continue
                if skip:
                    aws.add_fault(op, "slow", count=skip, seconds=0)
                aws.add_fault(op, kind, count=None, **extra)
                env = aws.env(AWS_MAX_ATTEMPTS=2)
                r = shim(aws, "disable", "--endpoint", ep, env=env, config=CONFIG)
                aws.clear_faults()
                c.eq(r.code, 1 if k == 0 else 5, label + ": exit code", r)
                if r.json:
                    want = [(s, "deleted") for s in DISABLE_ORDER[:k]] + [
                        (s, "not_applied") for s in DISABLE_ORDER[k:]]
                    c.eq(actions(r), want, label + ": changes deleted / not_applied")
                    c.check("error" in r.json["changes"][k],
                            label + ": the failed step carries its error")
                rid = "endpoint/%s/variant/prod" % ep
                mine = {p["PolicyName"] for p in policies(aws).values() if p["ResourceId"] == rid}
                has_alarm = ep + "-HasBacklogWithoutCapacity-Alarm" in alarms(aws)
                has_target = any(t["ResourceId"] == rid for t in targets(aws).values())
                c.eq((TT_POLICY in mine, has_alarm, STEP_POLICY in mine, has_target),
                     (k <= 0, k <= 1, k <= 2, True),
                     label + ": (tt, alarm, step, target) afterwards: removed up to the failure")
                r2 = shim(aws, "disable", "--endpoint", ep, config=CONFIG)
                c.eq(r2.code, 0, label + ": re-run converges", r2)
                if r2.json:
                    want2 = [(s, "absent") for s in DISABLE_ORDER[:k]] + [
                        (s, "deleted") for s in DISABLE_ORDER[k:]]
                    c.eq(actions(r2), want2, label + ": re-run removes the rest")
                    c.eq(any(t["ResourceId"] == rid for t in targets(aws).values()), False,
                         label + ": target gone after the re-run")


if __name__ == "__main__":
    main([test_faults, test_disable_faults])
