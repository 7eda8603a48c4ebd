# Shared in-memory state of the fake: server clock, configuration, credentials,
# per-region service data, fault rules and the request log; JSON load/save.
import copy
import json
import os
import secrets
import string
import threading
import time

ACCOUNT_ID = "123456789012"

DEFAULT_CREDENTIALS = [
    {"access_key_id": "AKIAFAKEAWS000000001", "secret_access_key": "fakeaws-secret-0001"},
    {"access_key_id": "ASIAFAKEAWS000000002", "secret_access_key": "fakeaws-secret-0002",
     "session_token": "fakeaws-token-0002"},
]

DEFAULT_CONFIG = {
    "clock_offset_seconds": 0,
    "max_skew_seconds": 300,
    "imds_mode": "v2",                   # v2 | refuse_v2 | hang | off
    "imds_role_name": "fakeaws-instance-role",
    "imds_region": None,                 # None: the --region-default
    "credential_lifetime_seconds": 3600,  # STS / IMDS / container credentials
    "container_auth_token": None,
    "accepted_web_identity_tokens": ["fakeaws-web-identity-token"],
    "endpoint_update_seconds": 1.0,      # Updating -> InService delay
}

IMDS_MODES = ("v2", "refuse_v2", "hang", "off")
LOG_LIMIT = 10000


def partition_for(region):
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def empty_region():
    return {
        "autoscaling": {"targets": {}, "policies": {}},
        "cloudwatch": {"alarms": {}},
        "sagemaker": {"endpoints": {}, "endpoint_configs": {}},
    }


def _random_id(alphabet, n):
    return "".join(secrets.choice(alphabet) for _ in range(n))


class State:
    """Everything mutable lives here; callers hold `lock` while touching it."""

    def __init__(self, region_default="us-east-1"):
        self.lock = threading.RLock()
        self.region_default = region_default
        self.reset()

    def reset(self):
        with self.lock:
            self.config = copy.deepcopy(DEFAULT_CONFIG)
            self.credentials = {}
            for cred in DEFAULT_CREDENTIALS:
                self.add_credentials(dict(cred, source="default"))
            self.regions = {}
            self.fault_rules = []
            self.throttle = {}
            self.throttle_hits = {}
            self.latency_seconds = 0.0
            self.log = []
            self.seq = 0
            self.imds_tokens = {}

    # -- clock ---------------------------------------------------------------
    def now(self):
        """The server's clock (real time shifted by clock_offset_seconds)."""
        return time.time() + float(self.config.get("clock_offset_seconds") or 0)

    # -- regions -------------------------------------------------------------
    def region(self, name):
        with self.lock:
            if name not in self.regions:
                self.regions[name] = empty_region()
            return self.regions[name]

    # -- credentials ---------------------------------------------------------
    def add_credentials(self, cred):
        """cred: access_key_id, secret_access_key, optional session_token,
        expires_in_seconds / expiration (server-clock epoch), source."""
        akid = cred.get("access_key_id")
        secret = cred.get("secret_access_key")
        if not isinstance(akid, str) or not akid or not isinstance(secret, str) or not secret:
            raise ValueError("access_key_id and secret_access_key are required strings")
        expiration = cred.get("expiration")
        if cred.get("expires_in_seconds") is not None:
            expiration = self.now() + float(cred["expires_in_seconds"])
        with self.lock:
            self.credentials[akid] = {
                "secret_access_key": secret,
                "session_token": cred.get("session_token"),
                "expiration": expiration,
                "source": cred.get("source", "admin"),
                "arn": cred.get("arn"),
            }

    def issue_temporary(self, source, lifetime=None, arn=None):
        """Mint and register a temporary key pair; returns a dict with
        access_key_id, secret_access_key, session_token, expiration."""
        if lifetime is None:
            lifetime = float(self.config["credential_lifetime_seconds"])
        cred = {
            "access_key_id": "ASIA" + _random_id(string.ascii_uppercase + string.digits, 16),
            "secret_access_key": _random_id(string.ascii_letters + string.digits + "/+", 40),
            "session_token": "FQoG" + _random_id(string.ascii_letters + string.digits, 120),
            "expiration": self.now() + lifetime,
            "source": source,
            "arn": arn,
        }
        self.add_credentials(cred)
        return cred

    def public_credentials(self):
        """Key ids and metadata, never secrets."""
        with self.lock:
            return [{"access_key_id": k, "has_session_token": bool(v["session_token"]),
                     "expiration": v["expiration"], "source": v["source"]}
                    for k, v in self.credentials.items()]

    # -- request log ---------------------------------------------------------
    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry = dict(entry, seq=self.seq)
            self.log.append(entry)
            if len(self.log) > LOG_LIMIT:
                del self.log[: len(self.log) - LOG_LIMIT]
            return entry

    # -- persistence ---------------------------------------------------------
    def snapshot(self):
        """Whole state as JSON-able data (no secrets)."""
        with self.lock:
            return {
                "now": self.now(),
                "region_default": self.region_default,
                "config": copy.deepcopy(self.config),
                "credentials": self.public_credentials(),
                "regions": copy.deepcopy(self.regions),
                "faults": copy.deepcopy(self.fault_rules),
                "throttle": dict(self.throttle),
                "latency_seconds": self.latency_seconds,
            }

    def save(self, path):
        with self.lock:
            data = {"regions": self.regions, "config": self.config}
            tmp = path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(data, f, indent=1, sort_keys=True)
            os.replace(tmp, path)

    def load(self, path):
        with open(path) as f:
            data = json.load(f)
        with self.lock:
            for name, region in (data.get("regions") or {}).items():
                merged = empty_region()
                for svc, tables in region.items():
                    merged.setdefault(svc, {}).update(tables)
                self.regions[name] = merged
            self.config.update(data.get("config") or {})


class RequestContext:
    """Per-request view handed to service operations."""

    def __init__(self, state, region, access_key=None):
        self.state = state
        self.region_name = region
        self.data = state.region(region)
        self.partition = partition_for(region)
        self.now = state.now()
        self.access_key = access_key

    def arn(self, service, resource):
        return "arn:%s:%s:%s:%s:%s" % (self.partition, service, self.region_name,
                                       ACCOUNT_ID, resource)
