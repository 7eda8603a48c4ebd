# Fault injection: per-operation rules (error / close / stall / slow / garbage
# for the next N calls), per-operation request-rate throttling, and global
# latency.
import collections
import time

KINDS = ("error", "close", "stall", "slow", "garbage")
_DEFAULT_SECONDS = {"stall": 30.0, "slow": 1.0}


def normalize_rule(rule):
    """Check an admin/scenario fault rule and fill defaults; raises ValueError."""
    if not isinstance(rule, dict):
        raise ValueError("a fault rule must be an object")
    kind = rule.get("kind")
    if kind not in KINDS:
        raise ValueError("fault kind must be one of " + ", ".join(KINDS))
    count = rule.get("count", 1)
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ValueError("count must be a positive integer or null (unlimited)")
    out = {"operation": rule.get("operation", "*"), "kind": kind, "count": count}
    if not isinstance(out["operation"], str):
        raise ValueError("operation must be a string")
    if kind == "garbage":
        # answer with this raw body instead of running the operation
        out["status"] = int(rule.get("status", 200))
        out["body"] = rule.get("body", "")
        out["content_type"] = rule.get("content_type")
        if not isinstance(out["body"], str):
            raise ValueError("body must be a string")
    elif kind == "error":
        out["code"] = rule.get("code", "InternalFailure")
        out["status"] = int(rule.get("status", 500))
        out["message"] = rule.get("message", "We encountered an internal error. Please try again.")
    else:
        out["seconds"] = float(rule.get("seconds", _DEFAULT_SECONDS.get(kind, 0.0)))
    return out


def take_fault(state, operation):
    """Consume and return the first rule matching operation (or None)."""
    with state.lock:
        for rule in state.fault_rules:
            if rule["operation"] in ("*", operation):
                hit = dict(rule)
                if rule["count"] is not None:
                    rule["count"] -= 1
                    if rule["count"] == 0:
                        state.fault_rules.remove(rule)
                return hit
    return None


def set_throttle(state, limits):
    """limits: {operation or "*": requests per second}; replaces all limits."""
    if not isinstance(limits, dict):
        raise ValueError("throttle must be an object of operation -> requests per second")
    for op, rps in limits.items():
        if not isinstance(rps, (int, float)) or isinstance(rps, bool) or rps <= 0:
            raise ValueError("requests per second for %s must be a positive number" % op)
    with state.lock:
        state.throttle = dict(limits)
        state.throttle_hits = {}


def throttled(state, operation):
    """True when this call exceeds the operation's requests-per-second limit."""
    with state.lock:
        rps = state.throttle.get(operation, state.throttle.get("*"))
        if rps is None:
            return False
        now = time.monotonic()
        hits = state.throttle_hits.setdefault(operation, collections.deque())
        while hits and hits[0] <= now - 1.0:
            hits.popleft()
        if len(hits) >= rps:
            return True
        hits.append(now)
        return False
