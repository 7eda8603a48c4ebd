#!/bin/sh
# The whole test suite: installs missing Debian packages, configures build/ if
# needed, builds and runs `meson test`. The official SigV4 suite and botocore's
# endpoint tests run when SDH_SIGV4_SUITE / SDH_AWS_ENDPOINTS_DIR name their
# directories (else those two tests report "skipped").
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tests/tools/install-deps.sh"
cd "$top"
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build
meson test -C build --print-errorlogs "$@"
