# STS (query protocol, Version 2011-06-15): unsigned AssumeRoleWithWebIdentity
# checked against the accepted web identity tokens, and GetCallerIdentity.
import hmac
import re
import uuid

from protocols import AwsError
from state import ACCOUNT_ID

SERVICE = "sts"
MODEL = "sts"
PROTOCOL = "query"
XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/"
UNSIGNED_OPERATIONS = ("AssumeRoleWithWebIdentity",)

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$")


def assume_role_with_web_identity(ctx, params):
    m = _ROLE_ARN.match(params["RoleArn"])
    if not m:
        raise AwsError("ValidationError", "Request ARN is invalid")
    with ctx.state.lock:
        accepted = list(ctx.state.config["accepted_web_identity_tokens"] or [])
        lifetime = float(ctx.state.config["credential_lifetime_seconds"])
    token = params["WebIdentityToken"].encode()
    if not any(hmac.compare_digest(token, a.encode()) for a in accepted):
        raise AwsError("InvalidIdentityToken", "The web identity token that was passed could "
                       "not be validated by AWS. Get a new identity token from the identity "
                       "provider and then retry the request.")
    if params.get("DurationSeconds"):
        lifetime = min(lifetime, float(params["DurationSeconds"]))
    session = params["RoleSessionName"]
    role_id = "AROA" + uuid.uuid5(uuid.NAMESPACE_URL, params["RoleArn"]).hex[:17].upper()
    assumed_arn = "arn:%s:sts::%s:assumed-role/%s/%s" % (ctx.partition, ACCOUNT_ID, m.group(1), session)
    cred = ctx.state.issue_temporary("sts", lifetime, arn=assumed_arn)
    return {
        "Credentials": {
            "AccessKeyId": cred["access_key_id"],
            "SecretAccessKey": cred["secret_access_key"],
            "SessionToken": cred["session_token"],
            "Expiration": cred["expiration"],
        },
        "SubjectFromWebIdentityToken": "system:serviceaccount:fakeaws:" + session,
        "AssumedRoleUser": {"AssumedRoleId": "%s:%s" % (role_id, session), "Arn": assumed_arn},
        "Provider": "fakeaws-oidc-provider",
        "Audience": "sts.amazonaws.com",
    }


def get_caller_identity(ctx, params):
    with ctx.state.lock:
        cred = ctx.state.credentials.get(ctx.access_key) or {}
    arn = cred.get("arn") or "arn:%s:iam::%s:user/fakeaws" % (ctx.partition, ACCOUNT_ID)
    return {"UserId": ctx.access_key, "Account": ACCOUNT_ID, "Arn": arn}


OPERATIONS = {
    "AssumeRoleWithWebIdentity": assume_role_with_web_identity,
    "GetCallerIdentity": get_caller_identity,
}
