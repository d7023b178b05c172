#!/usr/bin/env bash
# Builds one coverage-guided fuzzer of backprop's parsers (libFuzzer, through swiftc's
# -sanitize=fuzzer) and runs it for SECONDS.
#
#   Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# TARGET is network, checkpoint, idx or expression (see Sources/backprop-fuzz/Harnesses.swift).
# The build goes to .build-fuzz (.build-fuzz-asan with BACKPROP_FUZZ_SANITIZE=fuzzer,address);
# the corpus, started from the harness's small valid inputs, to .build-fuzz/runs/TARGET/corpus,
# and every input that crashed, ran out of memory or timed out to .build-fuzz/runs/TARGET/artifacts.
# The run goes on after a crash (libFuzzer's fork mode) so one run collects them all;
# BACKPROP_FUZZ_STOP=1 stops at the first instead. Replay a saved input with the normal build:
#
#   swift build --product backprop-fuzz && .build/debug/backprop-fuzz TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 2 ]; then
    echo "usage: Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options...]" >&2
    echo "TARGET: network, checkpoint, idx or expression" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2
case "$target" in
    network | checkpoint | idx | expression) ;;
    *) echo "run.sh: unknown target '$target' (expected network, checkpoint, idx or expression)" >&2; exit 2 ;;
esac

sanitize=${BACKPROP_FUZZ_SANITIZE:-fuzzer}
scratch=.build-fuzz
[ "$sanitize" = fuzzer ] || scratch=.build-fuzz-$(echo "${sanitize#fuzzer,}" | tr ',' '-')

# A debug build keeps every overflow and bounds check, which is what the fuzzer is looking for.
build=(swift build --product backprop-fuzz --scratch-path "$scratch" -Xswiftc "-sanitize=$sanitize" -Xswiftc -DFUZZING)
echo "== ${build[*]}"
"${build[@]}"
binary="$("${build[@]}" --show-bin-path)/backprop-fuzz"

work=$scratch/runs/$target
mkdir -p "$work/corpus" "$work/artifacts"
seeds=()
if [ -z "$(ls -A "$work/corpus")" ]; then
    seeds=("$work/seeds")
    rm -rf "$work/seeds"
    mkdir -p "$work/seeds"
fi

options=(
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=65536
    -artifact_prefix="$work/artifacts/" -print_final_stats=1
)
[ -f "Tests/Fuzz/$target.dict" ] && options+=(-dict="Tests/Fuzz/$target.dict")
if [ "${BACKPROP_FUZZ_STOP:-0}" = 0 ]; then
    options+=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi

echo "== BACKPROP_FUZZ_TARGET=$target $binary ${options[*]} $* $work/corpus ${seeds[*]}"
# LLVMFuzzerInitialize writes the seed inputs into BACKPROP_FUZZ_SEEDS (a new corpus only).
status=0
BACKPROP_FUZZ_TARGET=$target BACKPROP_FUZZ_SEEDS="${seeds[0]:-}" SWIFT_BACKTRACE=enable=no \
    "$binary" "${options[@]}" "$@" "$work/corpus" "${seeds[@]}" || status=$?

found=$(find "$work/artifacts" -type f | wc -l)
echo "== $target: $(ls "$work/corpus" | wc -l) inputs in the corpus, $found saved in $work/artifacts (exit $status)"
exit $status
