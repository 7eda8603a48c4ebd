# Shared helpers for the ops integration tests: locate the shim and plugin,
# run commands against a FakeAWS, read the request log, tiny assertion kit.
import json
import os
import shlex
import subprocess
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("SDH_SOURCE_ROOT") or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "fakeaws"))
from harness import FakeAWS  # noqa: E402,F401

SHIM = os.environ.get("SDH_SHIM", os.path.join(ROOT, "build", "host-shim", "sdhost-shim"))
PLUGIN = os.environ.get("SDH_PLUGIN", os.path.join(ROOT, "build", "plugin", "autoscaling.so"))
# `meson test --setup=valgrind` exports SDH_WRAPPER: every shim runs under it.
WRAPPER = shlex.split(os.environ.get("SDH_WRAPPER", ""))
WRITES = {"RegisterScalableTarget", "PutScalingPolicy", "PutMetricAlarm", "DeleteScalingPolicy",
          "DeleteAlarms", "DeregisterScalableTarget", "UpdateEndpointWeightsAndCapacities"}
STEP_POLICY = "HasBacklogWithoutCapacity-ScalingPolicy"
TT_POLICY = "CPUUtil-ScalingPolicy"


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        try:
            self.json = json.loads(proc.stdout) if proc.stdout.strip() else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return "exit %s\nstdout: %s\nstderr: %s" % (self.code, self.stdout[:3000],
                                                   self.stderr[:2000])


# A hung shim ends the test; generous, since under valgrind a run takes ~10x.
TIMEOUT = 300


def shim(aws, *args, env=None, config=None, timeout=TIMEOUT):
    """Run sdhost-shim with the plugin; args are the command and its flags."""
    cmd = WRAPPER + [SHIM, "--plugin", PLUGIN]
    if config:
        cmd += ["--config", json.dumps(config)]
    cmd += list(args)
    proc = subprocess.run(cmd, env=env or aws.env(), capture_output=True, text=True,
                          timeout=timeout)
    return Result(proc)


def call(aws, request, env=None, config=None):
    """Send one raw request JSON through `sdhost-shim call -`."""
    cmd = WRAPPER + [SHIM, "--plugin", PLUGIN]
    if config:
        cmd += ["--config", json.dumps(config)]
    cmd += ["call", "-"]
    proc = subprocess.run(cmd, input=json.dumps(request), env=env or aws.env(),
                          capture_output=True, text=True, timeout=TIMEOUT)
    return Result(proc)


def ops(aws):
    return [e["operation"] for e in aws.log()]


def writes(aws):
    return [op for op in ops(aws) if op in WRITES]


def region_state(aws, region="us-east-1"):
    return aws.state()["regions"].get(region, {})


def policies(aws, region="us-east-1"):
    """{policy name: policy} from the fake's state."""
    pol = region_state(aws, region).get("autoscaling", {}).get("policies", {})
    return {p["PolicyName"]: p for p in pol.values()}


def alarms(aws, region="us-east-1"):
    return region_state(aws, region).get("cloudwatch", {}).get("alarms", {})


def targets(aws, region="us-east-1"):
    return region_state(aws, region).get("autoscaling", {}).get("targets", {})


def actions(result):
    return [(c["step"], c["action"]) for c in result.json["changes"]]


class Checker:
    def __init__(self):
        self.failed = 0
        self.count = 0

    def check(self, cond, what, detail=None):
        self.count += 1
        if cond:
            print("ok %d - %s" % (self.count, what))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.count, what))
            if detail is not None:
                for line in str(detail).splitlines()[:40]:
                    print("#   " + line)
        return cond

    def eq(self, got, want, what, detail=None):
        ok = got == want
        extra = "got  %r\nwant %r" % (got, want)
        if detail is not None:
            extra += "\n" + str(detail)
        return self.check(ok, what, None if ok else extra)


def main(tests):
    """Run test functions tests(c) with a Checker; exit 0/1 (77 when no shim)."""
    if not (os.path.exists(SHIM) and os.path.exists(PLUGIN)):
        print("1..0 # SKIP shim or plugin not built (%s, %s)" % (SHIM, PLUGIN))
        sys.exit(77)
    c = Checker()
    for t in tests:
        print("# " + t.__name__)
        try:
            t(c)
        except Exception:
            c.failed += 1
            c.count += 1
            print("not ok %d - %s raised" % (c.count, t.__name__))
            for line in traceback.format_exc().splitlines():
                print("#   " + line)
    print("1..%d" % c.count)
    sys.exit(1 if c.failed else 0)
