#!/bin/sh
# Run one libFuzzer target briefly over its seed corpus:
#   run-fuzz.sh FUZZER SEED_DIR ARTIFACT_DIR [libFuzzer flags]
# As repeatable as libFuzzer allows: fixed -seed, a fixed run count, no timed
# corpus re-reads, no address randomisation where setarch may turn it off.
# (On an idle machine a run then repeats exactly; under load libFuzzer's own
# timing still shifts the corpus a little; the coverage reached stays put.)
# New corpus entries go to a fresh temporary directory (never into the seed
# corpus in the source tree); a crash, leak, UB report, timeout or broken
# invariant is saved as ARTIFACT_DIR/<fuzzer>-crash-<sha1> and the test fails
# (exit 1). libFuzzer's own default exit code for a crash (77) would read as
# "skipped" to meson, hence the explicit codes below.
set -u
fuzzer=$1 seeds=$2 artifacts=$3
shift 3
mkdir -p "$artifacts" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/sdh-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
# UB must stop the run (clang's default is to print and go on); any options
# already in the environment come last, so they win.
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS ASAN_OPTIONS
# With address-space randomisation the coverage of pointer comparisons differs
# from run to run; without it (when setarch may turn it off) a run repeats.
norandom=
if setarch "$(uname -m)" -R true 2>/dev/null; then
    norandom="setarch $(uname -m) -R"
fi
$norandom "$fuzzer" -seed=1 -reload=0 -error_exitcode=1 -timeout_exitcode=1 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$(basename "$fuzzer")-" "$@" \
    "$work" "$seeds"
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "run-fuzz: $(basename "$fuzzer") failed (exit $rc); reproducer in $artifacts" >&2
    exit 1
fi
exit 0
