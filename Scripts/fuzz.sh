#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for N seconds on a copy of its seed corpus.
# Usage: Scripts/fuzz.sh [--seconds N] [--seed S] [TARGET...]   (default 60 s, seed 1, every target)
# Prints one line per target: "TARGET: RUNS runs, no crash", or the crash and its reproducer path;
# exits 1 if any target crashed. Reproduce a crash with: Fuzz/.build/debug/TARGET REPRODUCER
# Seeds: Fixtures/fuzz/TARGET/ (committed). New corpus entries and crashes go to .fuzz/ (ignored).
# The mutation seed is fixed so that CI explores the same inputs on every run; --seed 0 lets
# libFuzzer pick one (use it for long exploratory runs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds=60
seed=1
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        -h|--help) sed -n 2,8p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCSVReader FuzzSniffer FuzzPressureCell FuzzDates FuzzFormula)
"$root/Scripts/bootstrap.sh"
swift build --package-path "$root/Fuzz" -c debug --sanitize=fuzzer -Xswiftc -parse-as-library >&2
work="$root/.fuzz"
status=0
for target in "${targets[@]}"; do
    binary="$root/Fuzz/.build/debug/$target"
    [ -x "$binary" ] || { echo "$target: no such fuzz target" >&2; status=1; continue; }
    corpus="$work/corpus/$target"; artifacts="$work/crashes/$target"
    mkdir -p "$corpus" "$artifacts"
    log="$work/$target.log"
    set +e
    "$binary" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "$root/Fixtures/fuzz/$target" >"$log" 2>&1
    code=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    if [ $code -eq 0 ]; then
        echo "$target: ${runs:-?} runs, no crash"
    else
        reproducer=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/Test unit written to //')
        reason=$(grep -m1 -E 'Fatal error|ERROR: libFuzzer|ERROR: AddressSanitizer|SUMMARY' "$log" || true)
        echo "$target: CRASH after ${runs:-?} runs: ${reason:-exit $code}; reproducer: ${reproducer:-see $log}"
        status=1
    fi
done
exit $status
