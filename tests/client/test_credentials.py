# Network tests of the credentials chain against tests/fakeaws over real HTTP:
# every source (environment, profile static keys, credential_process, web
# identity via STS, container (full and relative URI) with and without
# authorization, IMDSv2, the IMDSv1 fallback, an IMDS that hangs), their
# precedence, caching and refresh before expiry, and the region from IMDS.
#
#   test_credentials.py CREDS_PROBE [AWS_CALL]
#
# CREDS_PROBE resolves credentials with aws_credentials_chain_get and prints
# JSON; AWS_CALL (optional) makes a signed call with them (sts
# GetCallerIdentity), proving the credentials work end to end.
# Exit 0 = pass, 1 = fail, 77 = skip.
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fakeaws"))

from harness import (ACCESS_KEY, SECRET_KEY, SESSION_ACCESS_KEY, SESSION_SECRET_KEY,  # noqa: E402
                     SESSION_TOKEN, WEB_IDENTITY_TOKEN, FakeAWS)

ROLE_ARN = "arn:aws:iam::123456789012:role/test-role"
SKIP = 77
# `meson test --setup=valgrind` exports SDH_WRAPPER: run the programs under it
WRAPPER = shlex.split(os.environ.get("SDH_WRAPPER", ""))
SLACK = 8.0 if WRAPPER else 0.0  # seconds added to timing limits under a wrapper

PROBE = None
AWS_CALL = None
TMP = None


def write(name, text, mode=0o600):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def base_env(aws, **overrides):
    """A sealed environment with no credential source at all; overrides add
    (or, with None, remove) variables."""
    sealed = dict(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, HOME=TMP,
                  AWS_CONFIG_FILE=os.path.join(TMP, "none-config"),
                  AWS_SHARED_CREDENTIALS_FILE=os.path.join(TMP, "none-credentials"))
    sealed.update(overrides)
    return aws.env(**sealed)


def imds_env(aws, **overrides):
    return base_env(aws, AWS_EC2_METADATA_DISABLED=None,
                    AWS_EC2_METADATA_SERVICE_ENDPOINT=aws.url, **overrides)


def probe(env, *args, timeout=30):
    t0 = time.monotonic()
    p = subprocess.run(WRAPPER + [PROBE] + list(args), env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    wall = time.monotonic() - t0
    try:
        out = json.loads(p.stdout)
    except ValueError:
        raise AssertionError("creds-probe printed no JSON (rc %d): %r %r"
                             % (p.returncode, p.stdout, p.stderr))
    out["rc"] = p.returncode
    out["wall"] = wall
    out["stderr"] = p.stderr.decode(errors="replace")
    for secret in (SECRET_KEY, SESSION_SECRET_KEY, SESSION_TOKEN, WEB_IDENTITY_TOKEN,
                   "proc-secret-value", "container-auth-secret"):
        assert secret not in p.stdout.decode() + out["stderr"], "a secret was printed"
    return out


def ok(out):
    assert out["ok"], "expected credentials, got %s" % json.dumps(out.get("error"))
    assert out["rc"] == 0, "exit status %d: %s" % (out["rc"], out["stderr"][-2000:])
    return out["results"][0]


def fails(out, code=None):
    assert not out["ok"], "expected an error, got %s" % json.dumps(out["results"])
    # the sdh_status (remote_error 1, config_error 4); anything else is a crash or a leak report
    assert out["rc"] in (1, 4), "exit status %d: %s" % (out["rc"], out["stderr"][-2000:])
    if code:
        assert out["error"]["code"] == code, "code %r, want %r: %s" % (
            out["error"]["code"], code, out["error"]["message"])
    return out["error"]


def ops(aws, name):
    return [e for e in aws.log() if e["operation"] == name]


def signed_call_works(env):
    """sts GetCallerIdentity through the real client, when aws-call exists."""
    if not AWS_CALL:
        return None
    p = subprocess.run(WRAPPER + [AWS_CALL, "sts", "GetCallerIdentity", "{}"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    out = json.loads(p.stdout)
    assert out.get("ok") and p.returncode == 0, "signed call failed (exit %d): %s %s" % (
        p.returncode, p.stdout.decode(), p.stderr.decode()[-2000:])
    return out["output"]


# -- each source ------------------------------------------------------------------


def test_environment(aws):
    r = ok(probe(base_env(aws, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)))
    assert r["source"] == "environment" and r["access_key_id"] == ACCESS_KEY, r
    assert not r["has_session_token"] and r["expiration"] == 0, r
    env = base_env(aws, AWS_ACCESS_KEY_ID=SESSION_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=SESSION_SECRET_KEY, AWS_SESSION_TOKEN=SESSION_TOKEN)
    r = ok(probe(env))
    assert r["has_session_token"], r
    out = signed_call_works(env)
    if out is not None:
        assert out["UserId"] == SESSION_ACCESS_KEY, out
    e = fails(probe(base_env(aws, AWS_ACCESS_KEY_ID=ACCESS_KEY)), "PartialCredentials")
    assert "AWS_SECRET_ACCESS_KEY" in e["message"], e


def test_profile_static(aws):
    creds = write("credentials", "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                  "[dev]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                  "aws_session_token = %s\n"
                  % (ACCESS_KEY, SECRET_KEY, SESSION_ACCESS_KEY, SESSION_SECRET_KEY,
                     SESSION_TOKEN))
    env = base_env(aws, AWS_SHARED_CREDENTIALS_FILE=creds)
    r = ok(probe(env))
    assert r["source"] == "profile default" and r["access_key_id"] == ACCESS_KEY, r
    env["AWS_PROFILE"] = "dev"
    r = ok(probe(env))
    assert r["source"] == "profile dev" and r["has_session_token"], r
    out = signed_call_works(env)
    if out is not None:
        assert out["UserId"] == SESSION_ACCESS_KEY, out
    env["AWS_PROFILE"] = "ghost"
    e = fails(probe(env), "ProfileNotFound")
    assert "The config profile (ghost) could not be found" in e["message"], e


def test_credential_process(aws):
    script = write("process.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"%s\", "
                   "\"SecretAccessKey\": \"%s\", \"SessionToken\": \"%s\"}'\n"
                   % (SESSION_ACCESS_KEY, SESSION_SECRET_KEY, SESSION_TOKEN), 0o700)
    config = write("config", "[profile proc]\ncredential_process = %s\n" % script)
    env = base_env(aws, AWS_CONFIG_FILE=config, AWS_PROFILE="proc")
    r = ok(probe(env))
    assert r["source"] == "process proc" and r["access_key_id"] == SESSION_ACCESS_KEY, r
    out = signed_call_works(env)
    if out is not None:
        assert out["UserId"] == SESSION_ACCESS_KEY, out
    write("config", "[profile proc]\ncredential_process = sh -c 'exit 9'\n")
    e = fails(probe(env), "CredentialProcessFailed")
    assert "profile proc" in e["message"] and "status 9" in e["message"], e


def test_web_identity(aws):
    token = write("token", WEB_IDENTITY_TOKEN + "\n")
    env = base_env(aws, AWS_WEB_IDENTITY_TOKEN_FILE=token, AWS_ROLE_ARN=ROLE_ARN,
                   AWS_ROLE_SESSION_NAME="probe-session")
    aws.clear_log()
    r = ok(probe(env))
    assert r["source"] == "web identity" and r["access_key_id"].startswith("ASIA"), r
    assert r["has_session_token"] and r["expiration"] > time.time() + 3000, r
    calls = ops(aws, "AssumeRoleWithWebIdentity")
    assert len(calls) == 1 and calls[0]["status"] == 200, calls
    out = signed_call_works(env)
    if out is not None:
        assert out["Arn"].endswith(":assumed-role/test-role/probe-session"), out

    # the profile's web_identity_token_file / role_arn work the same way
    config = write("config", "[profile wi]\nweb_identity_token_file = %s\nrole_arn = %s\n"
                   % (token, ROLE_ARN))
    r = ok(probe(base_env(aws, AWS_CONFIG_FILE=config, AWS_PROFILE="wi")))
    assert r["source"] == "web identity", r

    write("token", "not-the-right-token")
    e = fails(probe(env), "InvalidIdentityToken")
    assert "web identity" in e["message"], e
    assert "not-the-right-token" not in json.dumps(e), e

    # STS errors keep their code; 5xx answers are retried
    write("token", WEB_IDENTITY_TOKEN)
    aws.add_fault("AssumeRoleWithWebIdentity", "error", count=1, code="AccessDenied",
                  status=403, message="denied by test")
    e = fails(probe(env), "AccessDenied")
    assert "denied by test" in e["message"] and e.get("http_status") == 403, e
    aws.add_fault("AssumeRoleWithWebIdentity", "error", count=2, code="InternalFailure",
                  status=500, message="sts hiccup")
    aws.clear_log()
    r = ok(probe(env))
    assert r["source"] == "web identity", r
    assert [c["status"] for c in ops(aws, "AssumeRoleWithWebIdentity")] == [500, 500, 200], \
        aws.log()
    # STS's IDPCommunicationError (400) is retried, as botocore's standard mode does
    aws.add_fault("AssumeRoleWithWebIdentity", "error", count=1, code="IDPCommunicationError",
                  status=400, message="the identity provider could not be reached")
    aws.clear_log()
    r = ok(probe(env))
    assert r["source"] == "web identity", r
    assert [(c["status"], c["error"]) for c in ops(aws, "AssumeRoleWithWebIdentity")] == \
        [(400, "IDPCommunicationError"), (200, None)], aws.log()
    # ... but not forever: three attempts, then its error
    aws.add_fault("AssumeRoleWithWebIdentity", "error", count=None, code="IDPCommunicationError",
                  status=400, message="still unreachable")
    aws.clear_log()
    e = fails(probe(env), "IDPCommunicationError")
    assert "still unreachable" in e["message"], e
    assert len(ops(aws, "AssumeRoleWithWebIdentity")) == 3, aws.log()
    aws.clear_faults()


def test_container(aws):
    full = aws.url + "/container-credentials/task"
    env = base_env(aws, AWS_CONTAINER_CREDENTIALS_FULL_URI=full)
    r = ok(probe(env))
    assert r["source"] == "container" and r["has_session_token"], r
    # AWS_CONTAINER_CREDENTIALS_RELATIVE_URI has a fixed host, 169.254.170.2: reach
    # the stand-in through libcurl's proxy variable (fakeaws answers absolute-form
    # requests), which also shows the proxy variables apply to credential requests
    aws.clear_log()
    r = ok(probe(base_env(aws, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI="container-credentials/rel",
                          http_proxy=aws.url, no_proxy="", NO_PROXY="")))
    assert r["source"] == "container" and r["has_session_token"], r
    assert len(ops(aws, "GetContainerCredentials")) == 1, aws.log()
    # 5xx answers are retried (a couple of times)
    aws.add_fault("GetContainerCredentials", "error", count=2, status=500, code="InternalFailure")
    aws.clear_log()
    r = ok(probe(env))
    assert [e["status"] for e in ops(aws, "GetContainerCredentials")] == [500, 500, 200], aws.log()
    out = signed_call_works(env)
    if out is not None:
        assert out["Arn"].endswith("role/fakeaws-task-role"), out

    aws.config(container_auth_token="container-auth-secret")
    e = fails(probe(env))
    assert "401" in e["message"], e
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "container-auth-secret"
    r = ok(probe(env))
    assert r["source"] == "container", r
    # the token file is read each time and wins over the variable
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "wrong"
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = write("auth", "container-auth-secret")
    r = ok(probe(env))
    assert r["source"] == "container", r
    write("auth", "stale")
    e = fails(probe(env))
    assert "403" in e["message"], e
    del env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "a\r\nX-Injected: 1"
    e = fails(probe(env), "InvalidConfig")
    assert "line break" in e["message"], e

    # plain http only to loopback / the ECS and EKS addresses
    env = base_env(aws, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://192.0.2.1/creds")
    e = fails(probe(env), "InvalidConfig")
    assert "not allowed" in e["message"], e
    local = aws.url.replace("127.0.0.1", "localhost") + "/container-credentials/x"
    aws.config(container_auth_token=None)
    r = ok(probe(base_env(aws, AWS_CONTAINER_CREDENTIALS_FULL_URI=local)))
    assert r["source"] == "container", r


def test_imds_v2(aws):
    aws.clear_log()
    r = ok(probe(imds_env(aws)))
    assert r["source"] == "imds" and r["has_session_token"], r
    assert [e["status"] for e in ops(aws, "GetMetadataToken")] == [200], aws.log()
    assert len(ops(aws, "GetMetadata")) == 2, aws.log()
    out = signed_call_works(imds_env(aws))
    if out is not None:
        assert out["UserId"].startswith("ASIA"), out


def test_imds_v1_fallback(aws):
    aws.config(imds_mode="refuse_v2")
    aws.clear_log()
    r = ok(probe(imds_env(aws)))
    assert r["source"] == "imds", r
    assert [e["status"] for e in ops(aws, "GetMetadataToken")] == [403], aws.log()
    assert [e["status"] for e in ops(aws, "GetMetadata")] == [200, 200], aws.log()


def test_imds_hang(aws):
    aws.config(imds_mode="hang")
    out = probe(imds_env(aws))
    e = fails(out, "NoCredentials")
    assert "imds: no response from" in e["message"], e
    # The limit is 1 s; without it the hanging IMDS would hold the client for the
    # 60 s default attempt limit. 5 s (+ SLACK under a wrapper) is far from both.
    assert out["elapsed_ms"] < 5000 + SLACK * 1000, "gave up after %d ms" % out["elapsed_ms"]
    assert out["wall"] < 8 + SLACK, "gave up after %.1f s" % out["wall"]
    aws.config(imds_mode="off")
    e = fails(probe(imds_env(aws)), "NoCredentials")
    # a 404 to the token PUT means IMDSv1; then no role: "no IAM role attached"
    assert "imds: no IAM role attached" in e["message"], e


def test_disabled_lists_every_source(aws):
    e = fails(probe(base_env(aws)), "NoCredentials")
    for part in ("environment: AWS_ACCESS_KEY_ID not set",
                 "web identity: AWS_WEB_IDENTITY_TOKEN_FILE not set",
                 "profile default: not found in",
                 "container: no AWS_CONTAINER_CREDENTIALS_* variable",
                 "imds: disabled by AWS_EC2_METADATA_DISABLED"):
        assert part in e["message"], (part, e["message"])


# -- precedence, cache, refresh, region ----------------------------------------------------


def test_precedence(aws):
    token = write("token", WEB_IDENTITY_TOKEN)
    creds = write("credentials", "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
                  % (ACCESS_KEY, SECRET_KEY))
    env = imds_env(aws, AWS_ACCESS_KEY_ID=SESSION_ACCESS_KEY,
                   AWS_SECRET_ACCESS_KEY=SESSION_SECRET_KEY, AWS_SESSION_TOKEN=SESSION_TOKEN,
                   AWS_WEB_IDENTITY_TOKEN_FILE=token, AWS_ROLE_ARN=ROLE_ARN,
                   AWS_SHARED_CREDENTIALS_FILE=creds,
                   AWS_CONTAINER_CREDENTIALS_FULL_URI=aws.url + "/container-credentials/x")
    order = ["environment", "web identity", "profile default", "container", "imds"]
    remove = [("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
              ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"),
              ("AWS_SHARED_CREDENTIALS_FILE",),
              ("AWS_CONTAINER_CREDENTIALS_FULL_URI",)]
    for i, want in enumerate(order):
        aws.clear_log()
        r = ok(probe(env))
        assert r["source"] == want, (want, r)
        if want != "imds":
            assert not ops(aws, "GetMetadataToken"), "IMDS asked although %s answered" % want
        if i < len(remove):
            for var in remove[i]:
                env.pop(var)


def test_cache_and_refresh(aws):
    # lifetime 320 s: fresh until expiration - 300 s, i.e. for 20 s
    aws.config(credential_lifetime_seconds=320)
    aws.clear_log()
    out = probe(imds_env(aws), "--then", "5", "--then", "40")
    assert out["ok"], out
    first, cached, refreshed = out["results"]
    assert cached["access_key_id"] == first["access_key_id"], "cache not used within the window"
    assert refreshed["access_key_id"] != first["access_key_id"], "no refresh after exp - 300 s"
    assert refreshed["source"] == "imds", refreshed
    creds_gets = [e for e in ops(aws, "GetMetadata") if e["status"] == 200]
    assert len(creds_gets) == 4, "want 2 fetches of role + credentials, got %d" % len(creds_gets)

    # the same for STS web identity: refresh through the same provider
    token = write("token", WEB_IDENTITY_TOKEN)
    aws.clear_log()
    out = probe(base_env(aws, AWS_WEB_IDENTITY_TOKEN_FILE=token, AWS_ROLE_ARN=ROLE_ARN),
                "--then", "10", "--then", "60")
    assert out["ok"], out
    a, b, c = out["results"]
    assert a["access_key_id"] == b["access_key_id"] != c["access_key_id"], out["results"]
    assert len(ops(aws, "AssumeRoleWithWebIdentity")) == 2, aws.log()

    # a failed refresh keeps the current credentials while they are still valid,
    # and reports the provider's error once they have expired: a credential_process
    # that answers once (expiring in 320 s) and fails afterwards
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 320))
    marker = os.path.join(TMP, "ran-once")
    script = write("once.sh", "#!/bin/sh\nif [ -e %s ]; then echo 'broken' >&2; exit 5; fi\n"
                   "touch %s\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDONCE\", "
                   "\"SecretAccessKey\": \"proc-secret-value\", \"Expiration\": \"%s\"}'\n"
                   % (marker, marker, expires), 0o700)
    config = write("config", "[profile once]\ncredential_process = %s\n" % script)
    env = base_env(aws, AWS_CONFIG_FILE=config, AWS_PROFILE="once")
    out = probe(env, "--then", "60")
    assert out["ok"], out
    a, b = out["results"]
    assert a["access_key_id"] == b["access_key_id"] == "AKIDONCE", out["results"]
    assert "using the current ones" in out["stderr"], out["stderr"]
    os.unlink(marker)
    e = fails(probe(env, "--then", "400"), "CredentialProcessFailed")
    assert "exited with status 5: broken" in e["message"], e

    # lifetime below the margin: every resolve fetches again
    aws.config(credential_lifetime_seconds=200)
    aws.clear_log()
    out = probe(base_env(aws, AWS_CONTAINER_CREDENTIALS_FULL_URI=aws.url + "/container-credentials/x"),
                "--then", "0")
    assert out["ok"], out
    assert len(ops(aws, "GetContainerCredentials")) == 2, aws.log()


def test_region_from_imds(aws):
    aws.config(imds_region="eu-west-3")
    out = probe(imds_env(aws, AWS_REGION=None), "--imds-region")
    assert out["ok"], out
    assert out["region"] is None, out
    assert out["imds_region"] == "eu-west-3", out
    if AWS_CALL:
        # the client asks IMDS when nothing else gave a region, and signs for it
        aws.clear_log()
        signed_call_works(imds_env(aws, AWS_REGION=None, AWS_ACCESS_KEY_ID=ACCESS_KEY,
                                   AWS_SECRET_ACCESS_KEY=SECRET_KEY))
        calls = ops(aws, "GetCallerIdentity")
        assert [c["region"] for c in calls] == ["eu-west-3"], aws.log()
    # the profile's ec2_metadata_service_endpoint serves the region lookup too
    config = write("config", "[default]\nec2_metadata_service_endpoint = %s\n" % aws.url)
    out = probe(base_env(aws, AWS_REGION=None, AWS_EC2_METADATA_DISABLED=None,
                         AWS_CONFIG_FILE=config), "--imds-region")
    assert out["imds_region"] == "eu-west-3", out
    aws.config(imds_mode="refuse_v2")
    out = probe(imds_env(aws, AWS_REGION=None), "--imds-region")
    assert out["imds_region"] == "eu-west-3", out
    aws.config(imds_mode="hang")
    out = probe(base_env(aws, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                         AWS_EC2_METADATA_DISABLED=None, AWS_EC2_METADATA_SERVICE_ENDPOINT=aws.url),
                "--imds-region")
    assert out["imds_region"] is None, out
    assert out["imds_region_elapsed_ms"] < 5000 + SLACK * 1000, out
    assert "imds" in out["imds_region_error"]["message"], out


TESTS = [
    test_environment,
    test_profile_static,
    test_credential_process,
    test_web_identity,
    test_container,
    test_imds_v2,
    test_imds_v1_fallback,
    test_imds_hang,
    test_disabled_lists_every_source,
    test_precedence,
    test_cache_and_refresh,
    test_region_from_imds,
]


def main():
    global PROBE, AWS_CALL, TMP
    if len(sys.argv) < 2:
        print("usage: test_credentials.py CREDS_PROBE [AWS_CALL]", file=sys.stderr)
        return 2
    PROBE = sys.argv[1]
    AWS_CALL = sys.argv[2] if len(sys.argv) > 2 and os.path.exists(sys.argv[2]) else None
    only = os.environ.get("TEST_ONLY")
    failed = 0
    TMP = tempfile.mkdtemp(prefix="test_credentials_")
    try:
        with FakeAWS() as aws:
            for t in TESTS:
                if only and only not in t.__name__:
                    continue
                aws.reset()
                for name in os.listdir(TMP):
                    os.unlink(os.path.join(TMP, name))
                try:
                    t(aws)
                    print("ok - %s" % t.__name__)
                except Exception:
                    failed += 1
                    print("FAIL - %s" % t.__name__)
                    traceback.print_exc(file=sys.stdout)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d of %d failed" % (failed, len(TESTS)) if failed else "all passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
