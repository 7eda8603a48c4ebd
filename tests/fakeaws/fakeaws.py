#!/usr/bin/env python3
# Entry point: starts the local AWS stand-in on 127.0.0.1, prints its URL as
# the first stdout line, serves until SIGTERM/SIGINT, then saves --state.
import argparse
import json
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import admin  # noqa: E402
from server import FakeAWSServer  # noqa: E402
from state import State  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description="Local stand-in for the AWS APIs used by "
                                     "sdhost-autoscaling (see README.md).")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: any free)")
    parser.add_argument("--state", help="JSON state file: loaded at start if present, saved at exit")
    parser.add_argument("--scenario", help="JSON scenario applied at start (admin API objects)")
    parser.add_argument("--region-default", default="us-east-1",
                        help="region for unsigned requests, IMDS and admin calls")
    parser.add_argument("--verbose", action="store_true", help="log each request on stderr")
    args = parser.parse_args(argv)

    state = State(args.region_default)
    try:
        if args.state and os.path.exists(args.state):
            state.load(args.state)
        if args.scenario:
            with open(args.scenario) as f:
                admin.apply_scenario(state, json.load(f))
    except (OSError, ValueError, admin.AdminError) as e:
        print("fakeaws: cannot load state/scenario: %s" % e, file=sys.stderr)
        return 2

    server = FakeAWSServer(state, args.port, args.verbose)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    worker.start()
    print(server.url, flush=True)
    while not stop.wait(0.5):
        pass
    server.stopping = True
    server.shutdown()
    server.server_close()
    if args.state:
        state.save(args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
