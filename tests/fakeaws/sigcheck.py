# SigV4 verification: parses the Authorization header, looks the key up in the
# configured credentials, checks session token, expiry and clock skew, and
# recomputes the signature with botocore's SigV4Auth.
import calendar
import hashlib
import hmac
import re
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from protocols import AwsError

_AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$")

# error codes per protocol: kind -> (json code, json status, query code, query status, message)
_ERRORS = {
    "missing": ("MissingAuthenticationTokenException", 403, "MissingAuthenticationToken", 403,
                "Missing Authentication Token"),
    "incomplete": ("IncompleteSignatureException", 400, "IncompleteSignature", 400, None),
    "invalid_token": ("UnrecognizedClientException", 403, "InvalidClientTokenId", 403,
                      "The security token included in the request is invalid."),
    "expired": ("ExpiredTokenException", 400, "ExpiredToken", 403,
                "The security token included in the request is expired"),
    "signature": ("InvalidSignatureException", 403, "SignatureDoesNotMatch", 403,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your AWS Secret Access Key and signing method. Consult "
                  "the service documentation for details."),
}


def _error(kind, protocol, message=None):
    jcode, jstatus, qcode, qstatus, default = _ERRORS[kind]
    if protocol == "query":
        return AwsError(qcode, message or default, qstatus)
    return AwsError(jcode, message or default, jstatus)


class Scope:
    """What the Authorization header claims (not yet verified)."""

    def __init__(self, access_key, date, region, service, signed_headers, signature):
        self.access_key = access_key
        self.date = date
        self.region = region
        self.service = service
        self.signed_headers = signed_headers
        self.signature = signature


def parse_authorization(value):
    """Return a Scope, or None when the header is absent; raises on garbage."""
    if not value:
        return None
    m = _AUTH_RE.match(value.strip())
    if not m:
        return "malformed"
    parts = m.group(1).split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        return "malformed"
    return Scope(parts[0], parts[1], parts[2], parts[3], m.group(2).split(";"), m.group(3))


def _amz(epoch):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(epoch))


def verify(state, scope, protocol, method, path, headers, body):
    """Check the request; returns the credential record on success."""
    if scope is None:
        raise _error("missing", protocol)
    if scope == "malformed":
        raise _error("incomplete", protocol,
                     "Authorization header requires 'Credential', 'SignedHeaders' and "
                     "'Signature' parameters.")
    with state.lock:
        cred = state.credentials.get(scope.access_key)
        max_skew = float(state.config["max_skew_seconds"])
    if cred is None:
        raise _error("invalid_token", protocol)
    token = headers.get("X-Amz-Security-Token")
    if cred["session_token"] and not hmac.compare_digest(
            (token or "").encode(), cred["session_token"].encode()):
        raise _error("invalid_token", protocol)
    if not cred["session_token"] and token:
        raise _error("invalid_token", protocol)
    now = state.now()
    if cred["expiration"] is not None and now >= cred["expiration"]:
        raise _error("expired", protocol)

    amz_date = headers.get("X-Amz-Date")
    try:
        signed_at = calendar.timegm(time.strptime(amz_date or "", "%Y%m%dT%H%M%SZ"))
    except ValueError:
        raise _error("incomplete", protocol,
                     "Authorization header requires existence of either a 'X-Amz-Date' or "
                     "a 'Date' header.")
    if signed_at < now - max_skew:
        raise _error("signature", protocol, "Signature expired: %s is now earlier than %s (%s - %d min.)"
                     % (amz_date, _amz(now - max_skew), _amz(now), int(max_skew // 60)))
    if signed_at > now + max_skew:
        raise _error("signature", protocol, "Signature not yet current: %s is still later than %s (%s + %d min.)"
                     % (amz_date, _amz(now + max_skew), _amz(now), int(max_skew // 60)))

    request = AWSRequest(method=method, url="http://%s%s" % (headers.get("Host", ""), path),
                         data=body)
    for name in scope.signed_headers:
        for value in headers.get_all(name) or []:
            request.headers[name] = value
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(scope.access_key, cred["secret_access_key"], token),
                       scope.service, scope.region)
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)),
                                request)
    if not hmac.compare_digest(expected.encode(), scope.signature.encode()):
        raise _error("signature", protocol)
    sha_header = headers.get("X-Amz-Content-SHA256")
    if sha_header and sha_header != "UNSIGNED-PAYLOAD":
        if sha_header != hashlib.sha256(body).hexdigest():
            raise _error("signature", protocol)
    return cred
