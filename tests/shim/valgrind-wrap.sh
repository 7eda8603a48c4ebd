#!/bin/sh
# exe_wrapper of `meson test --setup=valgrind` (see the top-level meson.build).
# Compiled test programs run under valgrind directly. Interpreters and scripts
# (python3, sh, #! files) run as they are, with SDH_WRAPPER set to the same
# valgrind command line, so the test scripts run every sdhost-shim they spawn
# under valgrind (tests/shim/shimtest.py honours SDH_WRAPPER) instead of
# checking the interpreter itself.
# Usage: valgrind-wrap.sh VALGRIND [VALGRIND OPTIONS...] -- PROGRAM [ARGS...]
vg=""
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
    vg="$vg $1"
    shift
done
[ "$1" = "--" ] && shift
case "$(basename "$1")" in
python*|sh|bash|dash|env|perl)
    SDH_WRAPPER="${vg# }"
    export SDH_WRAPPER
    exec "$@"
    ;;
esac
if [ -f "$1" ] && [ "$(head -c 2 "$1")" = "#!" ]; then
    SDH_WRAPPER="${vg# }"
    export SDH_WRAPPER
    exec "$@"
fi
# shellcheck disable=SC2086
exec $vg "$@"
