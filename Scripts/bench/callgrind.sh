#!/usr/bin/env bash
# Instructions per row of `abikit score` and `abikit trend --method ols --measure abi` under callgrind
# (repeatable where wall times drift): the 100,000-row cohort (10,000 subjects x 10 visits, seed 42)
# and its score output, net of a one-row file (start-up). Usage: Scripts/bench/callgrind.sh [BINARY]
# (default: the release build). Needs valgrind; writes to bench-data/callgrind/. PYTHON as in bench.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/bench-data"; out="$data/callgrind"; mkdir -p "$out"
bin="${1:-$root/.build/release/abikit}"
py="${PYTHON:-$data/venv/bin/python}"
cohort="$data/cohort-10000x10.csv"
[ -f "$cohort" ] || "$py" "$root/Scripts/bench/gen_cohort.py" --subjects 10000 --visits 10 --seed 42 --out "$cohort" >&2
scored="$data/cohort-10000x10.scored.csv"
[ -f "$scored" ] || "$bin" score "$cohort" -o "$scored" 2>/dev/null
head -2 "$cohort" > "$out/one.csv"; head -2 "$scored" > "$out/one.scored.csv"
objcopy --strip-debug "$bin" "$out/abikit"  # debug sections only slow valgrind down
refs() { valgrind --tool=callgrind --callgrind-out-file="$1" "${@:2}" 2>&1 | grep -o 'refs: *[0-9,]*' | tr -dc 0-9; }
trend=(--subject subject_id --time visit_date --method ols --measure abi --quiet)
s0=$(refs /dev/null "$out/abikit" score "$out/one.csv" -o "$out/one.out.csv")
s=$(refs "$out/score.out" "$out/abikit" score "$cohort" -o "$out/score.csv")
t0=$(refs /dev/null "$out/abikit" trend "$out/one.scored.csv" "${trend[@]}" -o "$out/one.trend.csv")
t=$(refs "$out/trend.out" "$out/abikit" trend "$scored" "${trend[@]}" -o "$out/trend.csv")
echo "score: $(( (s - s0) / 100000 )) instructions per row (start-up $s0)"
echo "trend: $(( (t - t0) / 100000 )) instructions per row (start-up $t0)"
echo "profiles: $out/score.out, $out/trend.out (callgrind_annotate --inclusive=yes FILE | swift demangle)"
