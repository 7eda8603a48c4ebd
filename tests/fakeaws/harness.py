# Test harness: FakeAWS() starts fakeaws.py as a subprocess (same interpreter),
# exposes its URL and admin API, builds a sealed environment for child
# processes, and stops the server with SIGTERM on exit.
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
FAKEAWS = os.path.join(HERE, "fakeaws.py")

ACCESS_KEY = "AKIAFAKEAWS000000001"
SECRET_KEY = "fakeaws-secret-0001"
SESSION_ACCESS_KEY = "ASIAFAKEAWS000000002"
SESSION_SECRET_KEY = "fakeaws-secret-0002"
SESSION_TOKEN = "fakeaws-token-0002"
WEB_IDENTITY_TOKEN = "fakeaws-web-identity-token"
REGION = "us-east-1"


class FakeAWSError(RuntimeError):
    pass


class FakeAWS:
    """with FakeAWS() as aws: ... aws.url, aws.admin(...), aws.env()"""

    def __init__(self, state=None, scenario=None, region_default=REGION, verbose=False):
        self.args = []
        if state:
            self.args += ["--state", state]
        if scenario:
            self.args += ["--scenario", scenario]
        self.args += ["--region-default", region_default]
        if verbose:
            self.args.append("--verbose")
        self.proc = None
        self.url = None

    def start(self):
        self.proc = subprocess.Popen([sys.executable, FAKEAWS] + self.args,
                                     stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.proc.wait(timeout=10)
            raise FakeAWSError("fakeaws did not start (exit %s)" % self.proc.returncode)
        self.url = line
        return self

    def stop(self):
        """SIGTERM and wait; returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        rc, self.proc = self.proc.returncode, None
        return rc

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- admin API ------------------------------------------------------------
    def admin(self, method, path, body=None):
        """Call /_admin/<path>; returns the parsed JSON, raises FakeAWSError on >= 400."""
        url = self.url + "/_admin/" + path.lstrip("/")
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as e:
            raise FakeAWSError("%s /_admin/%s: %s %s" % (method, path, e.code, e.read().decode()))

    def log(self):
        return self.admin("GET", "log")["log"]

    def clear_log(self):
        self.admin("DELETE", "log")

    def reset(self):
        self.admin("POST", "reset")

    def state(self):
        return self.admin("GET", "state")

    def config(self, **settings):
        return self.admin("POST", "config", settings)

    def create_endpoint(self, name, variants=(("prod", 1),), async_=True, status="InService",
                        transitions=None, region=None, **extra):
        body = dict(extra, name=name, status=status, transitions=transitions or [],
                    variants=[{"name": n, "instances": c} for n, c in variants])
        body["async"] = async_
        if region:
            body["region"] = region
        return self.admin("POST", "endpoints", body)

    def set_endpoint_status(self, name, status, transitions=None, region=None):
        body = {"status": status, "transitions": transitions or []}
        if region:
            body["region"] = region
        return self.admin("POST", "endpoints/%s/status" % name, body)

    def set_alarm_state(self, name, state, reason="set by test", region=None):
        body = {"state": state, "reason": reason}
        if region:
            body["region"] = region
        return self.admin("POST", "alarms/%s/state" % name, body)

    def add_fault(self, op, kind, count=1, **kw):
        """kind: error (code=, status=, message=), close, stall (seconds=), slow (seconds=)."""
        return self.admin("POST", "faults", dict(kw, operation=op, kind=kind, count=count))

    def clear_faults(self):
        self.admin("DELETE", "faults")

    def throttle(self, limits):
        return self.admin("POST", "throttle", limits)

    def latency(self, seconds):
        return self.admin("POST", "latency", {"seconds": seconds})

    def add_credentials(self, access_key_id, secret_access_key, session_token=None,
                        expires_in_seconds=None):
        body = {"access_key_id": access_key_id, "secret_access_key": secret_access_key}
        if session_token:
            body["session_token"] = session_token
        if expires_in_seconds is not None:
            body["expires_in_seconds"] = expires_in_seconds
        return self.admin("POST", "credentials", body)

    # -- environment for child processes -----------------------------------------
    def env(self, **overrides):
        """os.environ without AWS_* variables, pointed at the fake with the
        default key pair; overrides set variables (None removes one)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/nonexistent/fakeaws/config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/fakeaws/credentials",
        })
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = str(value)
        return env
