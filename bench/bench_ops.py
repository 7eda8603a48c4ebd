#!/usr/bin/env python3
"""Benchmark: the plugin's operations through one `sdhost-shim serve` process
against the local AWS stand-in. Prints per-request latency (p50/p95/max) for
`status` and for an idempotent `enable`, the AWS requests each one makes, and
the shim process's peak resident memory. Figures only: it never fails on them.

usage: bench_ops.py SHIM PLUGIN [N]
"""
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fakeaws"))
from harness import FakeAWS  # noqa: E402

TARGET_STATUS_P95_MS = 50.0
TARGET_PEAK_RSS_MIB = 16.0


def peak_rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def run_series(proc, request, n):
    line = json.dumps(request) + "\n"
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        proc.stdin.write(line)
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        times.append((time.perf_counter() - t0) * 1000.0)
        if not reply.get("ok"):
            raise SystemExit("request failed: %s" % json.dumps(reply))
    return times


def describe(name, times, requests_per_call):
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print("  %-28s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%d calls, %.1f AWS requests each)"
          % (name, statistics.median(times), p95, times[-1], len(times), requests_per_call))
    return p95


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    shim, plugin = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    with FakeAWS() as aws:
        aws.create_endpoint("bench-endpoint", variants=[("prod", 2)], async_=True)
        env = aws.env()
        proc = subprocess.Popen([shim, "--plugin", plugin, "-q", "serve"], env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            base = {"endpoint": "bench-endpoint", "variant": "prod"}
            run_series(proc, dict(base, op="enable", max=2), 1)
            aws.clear_log()
            status = run_series(proc, dict(base, op="status"), n)
            status_reqs = len(aws.log()) / n
            aws.clear_log()
            enable = run_series(proc, dict(base, op="enable", max=2), n)
            enable_reqs = len(aws.log()) / n
            rss = peak_rss_mib(proc.pid)
        finally:
            proc.stdin.close()
            proc.wait(timeout=30)
    print("operations through sdhost-shim serve against tests/fakeaws (the stand-in, in Python,")
    print("dominates the latency; real AWS adds its own round trips)")
    p95 = describe("status", status, status_reqs)
    describe("enable (nothing to change)", enable, enable_reqs)
    print("  shim + plugin peak RSS      %.1f MiB" % rss)
    print("targets: status p95 < %.0f ms: %s; peak RSS < %.0f MiB: %s"
          % (TARGET_STATUS_P95_MS, "met" if p95 < TARGET_STATUS_P95_MS else "MISSED",
             TARGET_PEAK_RSS_MIB, "met" if rss < TARGET_PEAK_RSS_MIB else "MISSED"))


if __name__ == "__main__":
    main()
