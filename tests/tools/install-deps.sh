#!/bin/sh
# Installs the Debian 12 packages the build, the tests and the demo need, when
# any is missing. Idempotent; uses sudo when not root. Prints what it does.
set -eu
PKGS="meson ninja-build gcc pkg-config libcurl4-openssl-dev libjansson-dev libssl-dev python3 binutils"
# The local AWS stand-in needs a python3 that imports botocore.
if ! "$(dirname "$0")/../fakeaws/pick-python" >/dev/null 2>&1; then
    PKGS="$PKGS python3-botocore"
fi
# Extra tools for the CI checks: valgrind (with glibc's debug symbols, as
# valgrind's Debian package recommends, so its glibc suppressions and
# redirections match the machine CI was checked on), clang with its libFuzzer
# runtime (libclang-rt-14-dev), clang-format, git
# (the format check lists the tracked files), and Debian's botocore too.
if [ "${1:-}" = "--ci" ]; then
    PKGS="$PKGS valgrind libc6-dbg clang libclang-rt-14-dev clang-format git python3-botocore"
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
