#!/usr/bin/env python3
# Command line and harness: URL on the first stdout line, --scenario,
# --state saved on SIGTERM and loaded on restart, SIGINT exit, pick-python,
# and the sealed environment from FakeAWS.env().
import json
import os
import signal
import subprocess
import sys
import tempfile

from common import check, client, eq, run
from harness import FAKEAWS, HERE, FakeAWS

SCENARIO = {
    "config": {"endpoint_update_seconds": 0.2, "imds_role_name": "scenario-role"},
    "credentials": [{"access_key_id": "AKIASCENARIO00000001", "secret_access_key": "scn"}],
    "endpoints": [{"name": "scn-ep", "variants": [{"name": "prod", "instances": 2}]}],
    "faults": [{"operation": "DescribeEndpointConfig", "kind": "error", "code": "Boom",
                "status": 500}],
    "throttle": {"DescribeEndpoint": 100},
    "latency": {"seconds": 0},
}


def _start(*args):
    proc = subprocess.Popen([sys.executable, FAKEAWS] + list(args), stdout=subprocess.PIPE)
    url = proc.stdout.readline().decode().strip()
    return proc, url


def test_state_and_scenario(_aws):
    with tempfile.TemporaryDirectory() as tmp:
        state_file = os.path.join(tmp, "state.json")
        scenario = os.path.join(tmp, "scenario.json")
        with open(scenario, "w") as f:
            json.dump(SCENARIO, f)
        with FakeAWS(state=state_file, scenario=scenario) as aws:
            check(aws.url.startswith("http://127.0.0.1:"), aws.url)
            sm = client(aws, "sagemaker", key="AKIASCENARIO00000001", secret="scn")
            eq(sm.describe_endpoint(EndpointName="scn-ep")["ProductionVariants"][0]
               ["CurrentInstanceCount"], 2)
            eq(aws.admin("GET", "config")["imds_role_name"], "scenario-role")
            eq(len(aws.admin("GET", "faults")["faults"]), 1)
            aas = client(aws, "application-autoscaling")
            aas.register_scalable_target(ServiceNamespace="sagemaker",
                                         ResourceId="endpoint/scn-ep/variant/prod",
                                         ScalableDimension="sagemaker:variant:DesiredInstanceCount",
                                         MinCapacity=0, MaxCapacity=3)
            eq(aws.stop(), 0, "exit status on SIGTERM")
        check(os.path.exists(state_file), "state saved")
        with FakeAWS(state=state_file) as aws:
            aas = client(aws, "application-autoscaling")
            got = aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
            eq([t["MaxCapacity"] for t in got], [3], "state reloaded")
            eq(aws.admin("GET", "faults")["faults"], [], "faults are not persisted")


def test_sigint_and_bad_scenario(_aws):
    proc, url = _start("--port", "0")
    check(url.startswith("http://127.0.0.1:"), url)
    proc.send_signal(signal.SIGINT)
    eq(proc.wait(timeout=10), 0, "exit status on SIGINT")
    proc.stdout.close()
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        f.write('{"faults": [{"kind": "explode"}]}')
        f.flush()
        proc, url = _start("--scenario", f.name)
        eq(proc.wait(timeout=10), 2, "bad scenario refused")
        proc.stdout.close()


def test_pick_python(_aws):
    out = subprocess.run([os.path.join(HERE, "pick-python")], stdout=subprocess.PIPE, check=True)
    py = out.stdout.decode().strip()
    subprocess.run([py, "-c", "import botocore"], check=True)


def test_env(aws):
    os.environ["AWS_PROFILE"] = "leaky"
    os.environ["AWS_SESSION_TOKEN"] = "leaky"
    try:
        env = aws.env(AWS_REGION="eu-west-1", AWS_EC2_METADATA_DISABLED=None, EXTRA="1")
    finally:
        del os.environ["AWS_PROFILE"], os.environ["AWS_SESSION_TOKEN"]
    eq(env["AWS_ENDPOINT_URL"], aws.url)
    eq(env["AWS_ACCESS_KEY_ID"], "AKIAFAKEAWS000000001")
    eq(env["AWS_REGION"], "eu-west-1")
    eq(env["EXTRA"], "1")
    check("AWS_PROFILE" not in env and "AWS_SESSION_TOKEN" not in env, "no leaks")
    check("AWS_EC2_METADATA_DISABLED" not in env, "None removes")
    check(env["AWS_CONFIG_FILE"].startswith("/nonexistent/"))
    check(env["AWS_SHARED_CREDENTIALS_FILE"].startswith("/nonexistent/"))
    eq(env.get("PATH"), os.environ.get("PATH"))


if __name__ == "__main__":
    sys.exit(run([test_state_and_scenario, test_sigint_and_bad_scenario, test_pick_python,
                  test_env]))
