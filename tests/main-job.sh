#!/bin/sh
# The main job, end to end against the bundled local AWS stand-in: builds
# everything, starts tests/fakeaws with an asynchronous endpoint that becomes
# InService after a few seconds, runs `sdhost-shim deployed` (the wait shows
# as progress on stderr), then `sdhost-shim status`, and prints the attached
# scaling policies. Exit status: the first failing command's.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tests/tools/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

endpoint=infer-endpoint-demo
tmp=$(mktemp -d)
fake_pid=""
cleanup() {
    [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cat >"$tmp/scenario.json" <<JSON
{"endpoints": [{"name": "$endpoint", "variants": [{"name": "prod", "instances": 2}],
                "async": true, "status": "Creating",
                "transitions": [{"after_seconds": 5, "status": "InService"}]}]}
JSON
py=$(tests/fakeaws/pick-python)
mkfifo "$tmp/url"
"$py" tests/fakeaws/fakeaws.py --port 0 --scenario "$tmp/scenario.json" >"$tmp/url" &
fake_pid=$!
read -r url <"$tmp/url"
echo "local AWS stand-in: $url (endpoint $endpoint is Creating, InService in ~5 s)" >&2

# Point the AWS settings at the stand-in only; nothing from ~/.aws leaks in.
export AWS_ENDPOINT_URL="$url" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=AKIAFAKEAWS000000001 AWS_SECRET_ACCESS_KEY=fakeaws-secret-0001 \
    AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION 2>/dev/null || true

shim="build/host-shim/sdhost-shim --manifest build/manifests/autoscaling.plugin.json"
echo "\$ sdhost-shim deployed --endpoint $endpoint --max 2" >&2
$shim deployed --endpoint "$endpoint" --max 2 --output text
echo "\$ sdhost-shim status --endpoint $endpoint" >&2
$shim status --endpoint "$endpoint" >"$tmp/status.json"
"$py" - "$tmp/status.json" <<'PY'
import json, sys
status = json.load(open(sys.argv[1]))
print(json.dumps({"ScalingPolicies": status["ScalingPolicies"]}, indent=4))
print("alarm:", status["alarm"]["AlarmName"] if status.get("alarm") else None,
      "| enabled:", status["enabled"], "| in_sync:", status["in_sync"])
PY
