# Admin API (unsigned JSON under /_admin/) and --scenario files: reset,
# config, credentials, SageMaker endpoints, alarm states, faults, throttle,
# latency, the request log and a state dump.
import json
from urllib.parse import parse_qs, unquote, urlsplit

import cloudwatch
import faults
import sagemaker
from protocols import AwsError
from state import DEFAULT_CONFIG, IMDS_MODES, RequestContext

_NUMBER_KEYS = ("clock_offset_seconds", "max_skew_seconds", "credential_lifetime_seconds",
                "endpoint_update_seconds")


class AdminError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _require(body, kind=dict):
    if not isinstance(body, kind):
        raise AdminError(400, "request body must be a JSON %s" % ("object" if kind is dict else "array"))
    return body


def update_config(state, changes):
    _require(changes)
    for key, value in changes.items():
        if key not in DEFAULT_CONFIG:
            raise AdminError(400, "unknown config key %r" % key)
        if key in _NUMBER_KEYS and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise AdminError(400, "%s must be a number" % key)
        if key == "imds_mode" and value not in IMDS_MODES:
            raise AdminError(400, "imds_mode must be one of " + ", ".join(IMDS_MODES))
        if key == "accepted_web_identity_tokens" and not (
                isinstance(value, list) and all(isinstance(t, str) for t in value)):
            raise AdminError(400, "accepted_web_identity_tokens must be a list of strings")
    with state.lock:
        state.config.update(changes)
        return dict(state.config)


def add_credentials(state, body):
    items = body.get("credentials", [body]) if isinstance(body, dict) else body
    for item in _require(items, list):
        try:
            state.add_credentials(dict(_require(item), source="admin"))
        except ValueError as e:
            raise AdminError(400, str(e))
    return {"credentials": state.public_credentials()}


def create_endpoint(state, body, region):
    _require(body)
    if not isinstance(body.get("name"), str) or not body["name"]:
        raise AdminError(400, "endpoint name is required")
    try:
        with state.lock:
            ctx = RequestContext(state, region)
            sagemaker.create_endpoint(ctx.data, ctx.now, body)
    except (KeyError, TypeError, ValueError) as e:
        raise AdminError(400, "bad endpoint spec: %s" % e)
    return _endpoint_view(state, region, body["name"])


def _endpoint(state, region, name):
    data = state.region(region)
    sagemaker.advance(data, state.now())
    endpoint = data["sagemaker"]["endpoints"].get(name)
    if endpoint is None:
        raise AdminError(404, "no endpoint %r in %s" % (name, region))
    return endpoint


def _endpoint_view(state, region, name):
    with state.lock:
        return dict(_endpoint(state, region, name))


def endpoint_action(state, method, name, action, body, region):
    with state.lock:
        if method == "DELETE" and action is None:
            endpoint = _endpoint(state, region, name)
            data = state.region(region)["sagemaker"]
            del data["endpoints"][name]
            data["endpoint_configs"].pop(endpoint["config_name"], None)
            return {"deleted": name}
        if method == "GET" and action is None:
            return _endpoint_view(state, region, name)
        _require(body)
        endpoint = _endpoint(state, region, name)
        if method == "POST" and action == "status":
            try:
                sagemaker.set_status(endpoint, body["status"], state.now(),
                                     body.get("failure_reason"), body.get("transitions"))
            except (KeyError, TypeError, ValueError) as e:
                raise AdminError(400, "bad status change: %s" % e)
            return dict(endpoint)
        if method == "POST" and action == "instances":
            variants = {v["name"]: v for v in endpoint["variants"]}
            variant = variants.get(body.get("variant", endpoint["variants"][0]["name"]))
            if variant is None:
                raise AdminError(404, "no variant %r" % body.get("variant"))
            for field in ("current", "desired"):
                if field in body:
                    variant[field] = int(body[field])
            return dict(endpoint)
    raise AdminError(404, "unknown endpoint action")


def set_faults(state, body, replace=False):
    rules = body["faults"] if isinstance(body, dict) and "faults" in body else body
    if isinstance(rules, dict):
        rules = [rules]
    try:
        rules = [faults.normalize_rule(r) for r in _require(rules, list)]
    except ValueError as e:
        raise AdminError(400, str(e))
    with state.lock:
        if replace:
            state.fault_rules = []
        state.fault_rules.extend(rules)
        return {"faults": list(state.fault_rules)}


def set_latency(state, body):
    seconds = _require(body).get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise AdminError(400, "seconds must be a non-negative number")
    with state.lock:
        state.latency_seconds = float(seconds)
    return {"seconds": state.latency_seconds}


def set_alarm_state(state, name, body, region):
    _require(body)
    ctx = RequestContext(state, region)
    try:
        alarm = cloudwatch.set_state(ctx, name, body.get("state"),
                                     body.get("reason", "Set by fakeaws admin"))
    except AwsError as e:
        raise AdminError(404 if e.status == 404 else 400, e.message)
    return dict(alarm)


def apply_scenario(state, data):
    """Apply a scenario document (same objects as the admin API)."""
    _require(data)
    region = data.get("region", state.region_default)
    if "config" in data:
        update_config(state, data["config"])
    if "credentials" in data:
        add_credentials(state, data["credentials"])
    for spec in data.get("endpoints", []):
        create_endpoint(state, spec, spec.get("region", region))
    if "faults" in data:
        set_faults(state, data["faults"])
    if "throttle" in data:
        _throttle(state, data["throttle"])
    if "latency" in data:
        set_latency(state, data["latency"])


def _throttle(state, body):
    try:
        faults.set_throttle(state, body)
    except ValueError as e:
        raise AdminError(400, str(e))
    return {"throttle": dict(state.throttle)}


def _route(state, method, parts, query, body):
    region = (body.get("region") if isinstance(body, dict) else None) \
        or query.get("region", [state.region_default])[0]
    head = parts[0] if parts else ""
    if (method, parts) == ("POST", ["reset"]):
        state.reset()
        return {"reset": True}
    if (method, parts) == ("GET", ["state"]):
        return state.snapshot()
    if head == "config" and len(parts) == 1:
        if method == "POST":
            return update_config(state, body)
        return dict(state.config)
    if head == "credentials":
        if method == "POST" and len(parts) == 1:
            return add_credentials(state, body)
        if method == "GET" and len(parts) == 1:
            return {"credentials": state.public_credentials()}
        if method == "DELETE" and len(parts) == 2:
            with state.lock:
                if state.credentials.pop(parts[1], None) is None:
                    raise AdminError(404, "unknown access key id")
            return {"deleted": parts[1]}
    if head == "endpoints":
        if method == "POST" and len(parts) == 1:
            return create_endpoint(state, body, region)
        if method == "GET" and len(parts) == 1:
            with state.lock:
                data = state.region(region)
                sagemaker.advance(data, state.now())
                return {"endpoints": list(data["sagemaker"]["endpoints"].values())}
        if len(parts) in (2, 3):
            return endpoint_action(state, method, parts[1], parts[2] if len(parts) == 3 else None,
                                   body, region)
    if head == "alarms" and len(parts) == 3 and parts[2] == "state" and method == "POST":
        return set_alarm_state(state, parts[1], body, region)
    if head == "faults" and len(parts) == 1:
        if method == "POST":
            return set_faults(state, body)
        if method == "PUT":
            return set_faults(state, body, replace=True)
        if method == "DELETE":
            return set_faults(state, [], replace=True)
        return {"faults": list(state.fault_rules)}
    if head == "throttle" and len(parts) == 1:
        if method == "POST":
            return _throttle(state, body)
        return {"throttle": dict(state.throttle)}
    if head == "latency" and len(parts) == 1:
        if method == "POST":
            return set_latency(state, body)
        return {"seconds": state.latency_seconds}
    if head == "log" and len(parts) == 1:
        if method == "DELETE":
            with state.lock:
                state.log = []
            return {"log": []}
        since = int(query.get("since", ["0"])[0])
        with state.lock:
            return {"log": [e for e in state.log if e["seq"] > since]}
    raise AdminError(404, "no admin route %s /_admin/%s" % (method, "/".join(parts)))


def handle(state, method, raw_path, raw_body):
    """Returns (HTTP status, JSON-able answer)."""
    url = urlsplit(raw_path)
    parts = [unquote(p) for p in url.path.split("/")[2:] if p]
    try:
        body = json.loads(raw_body.decode() or "{}")
    except ValueError:
        return 400, {"error": "request body is not JSON"}
    try:
        return 200, _route(state, method, parts, parse_qs(url.query), body)
    except AdminError as e:
        return e.status, {"error": str(e)}
