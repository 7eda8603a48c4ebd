# EC2 instance metadata (IMDSv2 token flow, v1 fallback, hang/off modes) and
# the ECS/EKS container credentials endpoint; both hand out temporary keys.
import hmac
import json
import secrets
import time

from protocols import iso8601_seconds
from state import ACCOUNT_ID

TOKEN_PATH = "/latest/api/token"
CREDS_PREFIX = "/latest/meta-data/iam/security-credentials"
CONTAINER_PREFIX = "/container-credentials/"
HANG = object()   # answer: keep the connection open and never respond


class Response:
    def __init__(self, status, body=b"", content_type="text/plain", headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode()
        self.content_type = content_type
        self.headers = headers or {}


def is_imds_path(path):
    return path.startswith("/latest/")


def is_container_path(path):
    return path.startswith(CONTAINER_PREFIX)


def operation_for(method, path):
    if is_container_path(path):
        return "GetContainerCredentials"
    return "GetMetadataToken" if path == TOKEN_PATH else "GetMetadata"


def _credentials_json(state, role_arn=None):
    cred = state.issue_temporary("imds" if role_arn is None else "container", arn=role_arn)
    return {
        "AccessKeyId": cred["access_key_id"],
        "SecretAccessKey": cred["secret_access_key"],
        "Token": cred["session_token"],
        "Expiration": iso8601_seconds(cred["expiration"]),
    }


def _token_valid(state, token):
    if not token:
        return False
    with state.lock:
        expiry = state.imds_tokens.get(token)
    return expiry is not None and time.time() < expiry


def handle_imds(state, method, path, headers):
    with state.lock:
        mode = state.config["imds_mode"]
        role = state.config["imds_role_name"]
        region = state.config.get("imds_region") or state.region_default
    if mode == "off":
        return Response(404, "Not Found")
    if mode == "hang":
        return HANG
    if path == TOKEN_PATH:
        if method != "PUT":
            return Response(405, "Method Not Allowed")
        if mode == "refuse_v2":
            return Response(403, "Forbidden")
        try:
            ttl = int(headers.get("X-aws-ec2-metadata-token-ttl-seconds", ""))
        except ValueError:
            return Response(400, "Bad Request")
        if not 1 <= ttl <= 21600:
            return Response(400, "Bad Request")
        token = secrets.token_urlsafe(32)
        with state.lock:
            state.imds_tokens[token] = time.time() + ttl
        return Response(200, token, headers={"X-aws-ec2-metadata-token-ttl-seconds": str(ttl)})
    if method != "GET":
        return Response(405, "Method Not Allowed")
    if mode == "v2" and not _token_valid(state, headers.get("X-aws-ec2-metadata-token")):
        return Response(401, "Unauthorized")
    if path in (CREDS_PREFIX, CREDS_PREFIX + "/"):
        return Response(200, role)
    if path.startswith(CREDS_PREFIX + "/"):
        if path[len(CREDS_PREFIX) + 1:].rstrip("/") != role:
            return Response(404, "Not Found")
        body = dict(Code="Success", LastUpdated=iso8601_seconds(state.now()), Type="AWS-HMAC",
                    **_credentials_json(state))
        return Response(200, json.dumps(body), "application/json")
    if path == "/latest/meta-data/placement/region":
        return Response(200, region)
    if path == "/latest/meta-data/placement/availability-zone":
        return Response(200, region + "a")
    if path == "/latest/meta-data/instance-id":
        return Response(200, "i-0fa4ea0000000001")
    if path == "/latest/dynamic/instance-identity/document":
        doc = {"accountId": ACCOUNT_ID, "region": region, "availabilityZone": region + "a",
               "instanceId": "i-0fa4ea0000000001", "instanceType": "m5.large"}
        return Response(200, json.dumps(doc), "application/json")
    return Response(404, "Not Found")


def handle_container(state, method, headers):
    if method != "GET":
        return Response(405, "Method Not Allowed")
    with state.lock:
        expected = state.config["container_auth_token"]
    if expected:
        given = headers.get("Authorization")
        if not given:
            return Response(401, json.dumps({"message": "missing authorization"}), "application/json")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return Response(403, json.dumps({"message": "invalid authorization"}), "application/json")
    role_arn = "arn:aws:iam::%s:role/fakeaws-task-role" % ACCOUNT_ID
    body = dict(_credentials_json(state, role_arn), RoleArn=role_arn)
    return Response(200, json.dumps(body), "application/json")
