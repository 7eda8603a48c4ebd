#!/usr/bin/env python3
# deployed: waits for InService with progress events, then enables; Failed ->
# error naming the status and reason; timeout -> WaitTimeout; autoscaling off ->
# nothing done; SIGINT during the wait -> exit 130 quickly, no writes.
import json
import signal
import subprocess
import time

from opscommon import WRAPPER, FakeAWS, PLUGIN, SHIM, actions, main, ops, shim, writes


def progress_lines(stderr):
    out = []
    for line in stderr.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and "progress" in obj:
            out.append(obj["progress"])
    return out


def test_wait_then_enable(c):
    with FakeAWS() as aws:
        aws.create_endpoint("dep1", variants=[("prod", 2)], status="Creating",
                            transitions=[{"after_seconds": 2.5, "status": "InService"}])
        t0 = time.time()
        r = shim(aws, "deployed", "--endpoint", "dep1")
        took = time.time() - t0
        c.eq(r.code, 0, "deployed exits 0", r)
        # Only a lower bound: the endpoint turns InService 2.5 s after creation,
        # so an answer sooner would mean it did not wait. How long it takes on a
        # loaded machine or under valgrind is not this test's business (bench/).
        c.check(took >= 2.5, "waited for InService (%.1f s)" % took)
        ev = progress_lines(r.stderr)
        c.check(len(ev) >= 2, "progress events on stderr", r.stderr)
        c.check(all(e.get("phase") == "wait" and e.get("endpoint") == "dep1" and
                    isinstance(e.get("elapsed_s"), int) for e in ev), "progress event shape", ev)
        c.eq(ev[0]["status"] if ev else None, "Creating", "first event: Creating")
        c.eq(ev[-1]["status"] if ev else None, "InService", "last event: InService")
        c.eq([a for _, a in actions(r)], ["created"] * 4, "then enabled")
        c.eq(r.json["max"], 2, "max = the deployed instance count")
        c.eq(r.json["state"]["in_sync"], True, "in sync")
        aws.clear_log()
        r = shim(aws, "deployed", "--endpoint", "dep1")
        c.eq([a for _, a in actions(r)], ["unchanged"] * 4, "deployed again: unchanged")
        c.eq(writes(aws), [], "deployed again: no writes")


def test_autoscaling_off(c):
    with FakeAWS() as aws:
        aws.create_endpoint("dep2")
        r = shim(aws, "deployed", "--endpoint", "dep2", "--autoscaling", "off")
        c.eq(r.code, 0, "autoscaling off exits 0", r)
        c.eq((r.json["autoscaling"], r.json["changes"]), (False, []), "nothing done")
        c.check("nothing" in r.json["message"], "message says nothing was done")
        c.eq(ops(aws), [], "no AWS call")


def test_failed_and_timeout(c):
    with FakeAWS() as aws:
        aws.create_endpoint("dep3", status="Creating",
                            transitions=[{"after_seconds": 1, "status": "Failed",
                                          "failure_reason": "CUDA out of memory"}])
        r = shim(aws, "deployed", "--endpoint", "dep3")
        c.eq(r.code, 1, "Failed endpoint: exit 1", r)
        c.eq(r.json["error"]["code"], "EndpointFailed", "code EndpointFailed")
        c.check("Failed" in r.json["error"]["message"] and
                "CUDA out of memory" in r.json["error"]["message"],
                "message names the status and FailureReason", r.json["error"]["message"])
        aws.create_endpoint("dep4", status="Deleting")
        r = shim(aws, "deployed", "--endpoint", "dep4")
        c.check(r.code == 1 and "Deleting" in r.json["error"]["message"], "Deleting refused", r)
        aws.create_endpoint("dep5", status="Updating")
        t0 = time.time()
        r = shim(aws, "deployed", "--endpoint", "dep5", "--wait-timeout", "3")
        took = time.time() - t0
        c.eq((r.code, r.json and r.json["error"]["code"]), (1, "WaitTimeout"), "timeout", r)
        # The endpoint stays Updating: without the 3 s limit the wait would last the
        # default 30 min; 120 s leaves room for valgrind and a loaded machine.
        c.check(3 <= took < 120, "timeout respected (%.1f s)" % took)
        r = shim(aws, "deployed", "--endpoint", "nosuch-endpoint")
        c.eq((r.code, r.json["error"]["code"]), (2, "EndpointNotFound"), "missing endpoint", r)
        c.eq(writes(aws), [], "no writes")


def test_cancel(c):
    with FakeAWS() as aws:
        aws.create_endpoint("dep6", status="Creating")
        proc = subprocess.Popen(WRAPPER + [SHIM, "--plugin", PLUGIN, "deployed", "--endpoint", "dep6"],
                                env=aws.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        deadline = time.time() + 120  # the shim's start under valgrind can take seconds
        while time.time() < deadline and "DescribeEndpoint" not in ops(aws):
            time.sleep(0.05)
        time.sleep(0.3)
        t0 = time.time()
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        took = time.time() - t0
        c.eq(proc.returncode, 130, "SIGINT -> exit 130", err)
        # The endpoint never leaves Creating and the wait would last 30 min: ending
        # within two minutes (polls sleep in 100 ms slices; the margin is for
        # valgrind's exit-time leak check on a loaded machine) shows the cancel
        # flag is read.
        c.check(took < 120, "cancelled during the wait (%.2f s)" % took)
        c.eq(writes(aws), [], "no writes after cancel")


if __name__ == "__main__":
    main([test_wait_then_enable, test_autoscaling_off, test_failed_and_timeout, test_cancel])
