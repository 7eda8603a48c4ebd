#!/usr/bin/env python3
"""Differential test: the C SigV4 signer (through sigv4_cli) against botocore's
SigV4Auth on a few hundred deterministic random requests.

Usage: sigv4_diff.py PATH/TO/sigv4_cli [COUNT] [SEED]. Exit 0 pass, 1 fail, 77 skip.

Alignment with botocore (documented differences avoided on purpose):
- botocore always normalises the path (remove_dot_segments + collapse '//'),
  and quotes it with safe '/~' on the raw wire path, so every case here uses
  normalize_path=1 (the non-S3 rule). Paths avoid '?', '#', tab/CR/LF, which
  urlsplit treats specially.
- botocore re-encodes the query only when given as params, so it receives the
  decoded (key, value) list while the C side gets a raw query string with a
  random mix of raw and %-escaped (upper/lower hex) bytes.
- botocore always hashes the body; the C signer does too. With sign_body the C
  signer adds x-amz-content-sha256, so botocore gets the same header.
- botocore signs the token as X-Amz-Security-Token; omit_session_token has no
  botocore equivalent, so it is compared with botocore signing without a token.
- Header names avoid botocore's blacklist and the headers either side sets
  itself; values are printable ASCII with spaces/tabs (str.split() and the C
  trimming agree on ASCII whitespace only).
"""
import binascii
import calendar
import datetime
import hashlib
import json
import os
import random
import shlex
import subprocess
import sys

try:
    from botocore.auth import SigV4Auth, SIGNED_HEADERS_BLACKLIST
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print("botocore is not importable: skip")
    sys.exit(77)

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
SUB_DELIMS = "!$'()*+,;:@"
UTF8_CHARS = ["é", "ሴ", "日本", "€", "😀", "ß"]
SERVICES = ["monitoring", "application-autoscaling", "sagemaker", "sts", "service", "s3x"]
REGIONS = ["us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "ap-south-2"]
RESERVED_NAMES = set(SIGNED_HEADERS_BLACKLIST) | {
    "host", "date", "x-amz-date", "authorization", "x-amz-security-token", "x-amz-content-sha256"}


def rand_text(rng, alphabet_extra="", utf8=True, max_len=8):
    out = []
    for _ in range(rng.randint(0, max_len)):
        k = rng.random()
        if k < 0.6:
            out.append(rng.choice(UNRESERVED))
        elif k < 0.75:
            out.append(rng.choice(SUB_DELIMS + alphabet_extra))
        elif k < 0.85:
            out.append(" ")
        elif utf8:
            out.append(rng.choice(UTF8_CHARS))
        else:
            out.append(rng.choice(UNRESERVED))
    return "".join(out)


def rand_path(rng):
    segs = []
    for _ in range(rng.randint(0, 6)):
        k = rng.random()
        if k < 0.15:
            segs.append("")
        elif k < 0.25:
            segs.append(".")
        elif k < 0.35:
            segs.append("..")
        elif k < 0.45:
            segs.append("%2F" if rng.random() < 0.5 else "a%20b")  # pre-encoded: encoded again
        else:
            segs.append(rand_text(rng, "=&"))
    path = "/" + "/".join(segs)
    if rng.random() < 0.3:
        path += "/"
    return path


def escape_byte(rng, b):
    h = "%%%02X" % b
    return h.lower() if rng.random() < 0.3 else h


def wire_encode(rng, text, must_escape):
    """Encode decoded `text` for the wire: bytes in must_escape (and '%') are
    escaped, others escaped at random."""
    out = []
    for ch in text:
        raw = ch.encode("utf-8")
        if ch in must_escape or ch == "%" or rng.random() < 0.3:
            out.extend(escape_byte(rng, b) for b in raw)
        else:
            out.append(ch)
    return "".join(out)


def rand_query(rng):
    pairs = []
    keys = []
    for _ in range(rng.randint(0, 6)):
        if keys and rng.random() < 0.3:
            key = rng.choice(keys)  # repeated key
        else:
            key = rand_text(rng, "%/?", max_len=6)
            keys.append(key)
        value = rand_text(rng, "=%/?") if rng.random() < 0.85 else ""
        pairs.append((key, value))
    rng.shuffle(pairs)
    if not pairs:
        return None, []
    wire = []
    for key, value in pairs:
        k = wire_encode(rng, key, "&=#+")
        v = wire_encode(rng, value, "&#+")
        if value == "" and key != "" and rng.random() < 0.5:
            wire.append(k)  # "key" without '=' means an empty value
        else:
            wire.append(k + "=" + v)
    return "&".join(wire), pairs


def rand_header_name(rng):
    while True:
        name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGXYZ0123456789-")
                       for _ in range(rng.randint(1, 12)))
        name = "x-" + name if rng.random() < 0.5 else name
        if name.lower() not in RESERVED_NAMES and not name.startswith("-"):
            return name


def rand_header_value(rng):
    chars = [chr(c) for c in range(0x21, 0x7f)] + [" "] * 10 + ["\t"] * 3
    return "".join(rng.choice(chars) for _ in range(rng.randint(0, 20)))


def rand_case(rng, s):
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in s)


def make_case(rng, i):
    headers = [[rand_case(rng, "host"),
                rng.choice(["example.amazonaws.com", "127.0.0.1:8080", "monitoring.us-east-1.amazonaws.com"])]]
    names = []
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(names) if names and rng.random() < 0.3 else rand_header_name(rng)
        names.append(name)
        headers.append([rand_case(rng, name) if rng.random() < 0.3 else name, rand_header_value(rng)])
    rng.shuffle(headers)
    k = rng.random()
    if k < 0.3:
        body = b""
    elif k < 0.6:
        body = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
    else:
        body = ("Action=DescribeAlarms&Version=2010-08-01&Value=%d" % i).encode()
    when = rng.randint(946684800, 4102444799)  # 2000-01-01 .. 2099-12-31
    token = None
    if rng.random() < 0.4:
        token = "".join(rng.choice(UNRESERVED + "/+=") for _ in range(rng.randint(16, 400)))
    akid = rng.choice(["AKIDEXAMPLE", "ASIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))])
    secret = rng.choice(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                         "".join(rng.choice(UNRESERVED + "/+") for _ in range(40))])
    query, pairs = rand_query(rng)
    return {
        "method": rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"]),
        "path": rand_path(rng),
        "query": query,
        "pairs": pairs,
        "headers": headers,
        "body_hex": binascii.hexlify(body).decode(),
        "normalize": True,
        "sign_body": rng.random() < 0.5,
        "omit_session_token": token is not None and rng.random() < 0.25,
        "region": rng.choice(REGIONS),
        "service": rng.choice(SERVICES),
        "when": when,
        "access_key_id": akid,
        "secret": secret,
        "token": token,
    }


def botocore_sign(case):
    body = binascii.unhexlify(case["body_hex"])
    token = None if case["omit_session_token"] else case["token"]
    creds = Credentials(case["access_key_id"], case["secret"], token)
    auth = SigV4Auth(creds, case["service"], case["region"])
    req = AWSRequest(method=case["method"], url="https://placeholder.invalid" + case["path"],
                     data=body, params=list(case["pairs"]))
    for name, value in case["headers"]:
        req.headers[name] = value
    if case["sign_body"]:
        req.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    ts = datetime.datetime.fromtimestamp(case["when"], datetime.timezone.utc)
    req.context["timestamp"] = ts.strftime("%Y%m%dT%H%M%SZ")
    auth._modify_request_before_signing(req)
    creq = auth.canonical_request(req)
    sts = auth.string_to_sign(req, creq)
    sig = auth.signature(sts, req)
    auth._inject_signature_to_request(req, sig)
    return {"canonical_request": creq, "string_to_sign": sts, "signature": sig,
            "authorization": req.headers["Authorization"]}


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20150830
    rng = random.Random(seed)
    cases = [make_case(rng, i) for i in range(count)]
    lines = "".join(json.dumps({k: v for k, v in c.items() if k != "pairs"}) + "\n" for c in cases)
    # Under `meson test --setup=valgrind` the wrapper asks us to run programs under it.
    wrapper = shlex.split(os.environ.get("SDH_WRAPPER", ""))
    proc = subprocess.run(wrapper + [sys.argv[1]], input=lines.encode(), capture_output=True,
                          check=False)
    if proc.returncode != 0:
        print("sigv4_cli failed: rc=%d %s" % (proc.returncode, proc.stderr.decode(errors="replace")))
        return 1
    results = [json.loads(l) for l in proc.stdout.decode().splitlines()]
    if len(results) != len(cases):
        print("sigv4_cli answered %d of %d cases" % (len(results), len(cases)))
        return 1
    failures = 0
    for i, (case, got) in enumerate(zip(cases, results)):
        want = botocore_sign(case)
        for key in ("canonical_request", "string_to_sign", "signature", "authorization"):
            if got.get(key) != want[key]:
                failures += 1
                print("case %d: %s differs\n  C:        %r\n  botocore: %r\n  input: %s" % (
                    i, key, got.get(key, got.get("error")), want[key], json.dumps(case)))
                break
    print("%d cases, %d differ (seed %d)" % (count, failures, seed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
