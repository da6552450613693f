#!/usr/bin/env bash
# Benchmarks abikit against the tools users would otherwise pick (polars, DuckDB, numpy, statsmodels),
# in one run on the same generated data; prints seconds, rows/s, MB/s, peak memory and ratios.
# Usage: Scripts/bench.sh [score|trend|regress|correlate|all] [--rows N]
# Data and a Python venv go to bench-data/ (PYTHON=/path/to/python uses an existing environment with
# numpy, scipy, polars, pandas, duckdb, statsmodels instead). Disk at 1e6 rows: cohort ~100 MB, regression
# CSV ~200 MB (1e6 x 21), correlation CSV ~1.9 GB (1e6 x 200); memory: up to ~4 GB for the numpy peer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
section="${1:-all}"; shift || true
rows=1000000
while [ $# -gt 0 ]; do case "$1" in --rows) rows="$2"; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;; esac; done

data="$root/bench-data"; mkdir -p "$data"
"$root/Scripts/bootstrap.sh"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
venv="$data/venv"
if [ -z "${PYTHON:-}" ] && [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q polars duckdb pandas numpy scipy statsmodels
fi
py="${PYTHON:-$venv/bin/python}"
swift build -c release --package-path "$root" --product abikit >&2
abikit="$root/.build/release/abikit"

megabytes() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1"; }

# run NAME COMMAND...: times one command (best of 3 by wall time), records seconds and peak RSS.
declare -A seconds peak
run() {
    local name="$1"; shift
    local best="" mem=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" >/dev/null 2>"$data/stderr.txt" || {
            echo "$name failed:" >&2; cat "$data/stderr.txt" >&2; return 1; }
        read -r s m < "$data/time.txt"
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$s" "$best"; then
            best="$s"; mem="$m"; cp "$data/stderr.txt" "$data/stderr-${name//[^A-Za-z0-9]/_}.txt"
        fi
    done
    seconds[$name]="$best"; peak[$name]="$mem"
}
report() {  # report TITLE BASELINE NAME...
    local title="$1" base="$2"; shift 2
    echo
    echo "## $title ($rows rows, $(printf '%.1f' "$mb") MB, $(nproc) cores)"
    printf '%-22s %9s %12s %9s %10s %16s\n' tool seconds rows/s MB/s "peak MB" "time / $base"
    for name in "$@"; do
        python3 - "$name" "${seconds[$name]}" "${peak[$name]}" "$rows" "$mb" "${seconds[$base]}" <<'PY'
import sys
name, s, kb, rows, mb, base = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
s = max(s, 0.005)
print(f"{name:<22} {s:9.2f} {rows / s:12,.0f} {mb / s:9.1f} {kb / 1024:10.1f} {s / max(base, 0.005):15.2f}x")
PY
    done
}

if [ "$section" = score ] || [ "$section" = all ]; then
    cohort="$data/cohort-$rows.csv"
    [ -f "$cohort" ] || python3 "$root/Scripts/bench/gen_cohort.py" "$cohort" --rows "$rows"
    mb=$(megabytes "$cohort")
    run abikit "$abikit" score "$cohort" -o "$data/out-abikit.csv"
    run polars "$py" "$root/Scripts/bench/score_polars.py" "$cohort" "$data/out-polars.csv"
    run duckdb "$py" "$root/Scripts/bench/score_duckdb.py" "$cohort" "$data/out-duckdb.csv"
    report "score: read, score every row, write CSV" abikit abikit polars duckdb
    echo "(time / abikit > 1: abikit is that many times faster than the tool in that row)"
fi

if [ "$section" = trend ] || [ "$section" = all ]; then
    cohort="$data/cohort-$rows.csv"
    [ -f "$cohort" ] || python3 "$root/Scripts/bench/gen_cohort.py" "$cohort" --rows "$rows"
    mb=$(megabytes "$cohort")
    # Per-subject OLS of ankle_blood_flow on time (years since the subject's first visit): a measure
    # every peer can fit the same way. abikit's --measure abi (ABI computed from the pressures with
    # the rules of score) has no peer; it is timed alone.
    trend=(trend "$cohort" --subject subject_id --time visit_date --method ols --quiet)
    run abikit "$abikit" "${trend[@]}" --measure ankle_blood_flow -o "$data/trend-abikit.csv"
    run "abikit --measure abi" "$abikit" "${trend[@]}" --measure abi -o "$data/trend-abikit-abi.csv"
    run polars "$py" "$root/Scripts/bench/trend_polars.py" "$cohort" "$data/trend-polars.csv"
    run numpy "$py" "$root/Scripts/bench/trend_numpy.py" "$cohort" "$data/trend-numpy.csv"
    # statsmodels: a loop over 5,000 of the subjects, extrapolated to all (the script says how).
    /usr/bin/time -f "%e %M" -o "$data/time.txt" "$py" "$root/Scripts/bench/trend_statsmodels.py" "$cohort" \
        "$data/trend-statsmodels.csv" ankle_blood_flow 5000 > "$data/statsmodels.txt"
    read -r sm_total sm_read sm_loop sm_fitted sm_subjects < "$data/statsmodels.txt"
    read -r _ sm_mem < "$data/time.txt"
    seconds["statsmodels (extrap.)"]="$sm_total"; peak["statsmodels (extrap.)"]="$sm_mem"
    # Memory grows with subjects, not rows: the same number of rows with 10x fewer subjects.
    few="$data/cohort-$rows-v100.csv"
    [ -f "$few" ] || python3 "$root/Scripts/bench/gen_cohort.py" "$few" --rows "$rows" --visits 100
    run "abikit, 100 visits/subj" "$abikit" trend "$few" --subject subject_id --time visit_date --method ols --quiet \
        --measure ankle_blood_flow -o "$data/trend-abikit-few.csv"
    report "trend: per-subject OLS of ankle_blood_flow on years since first visit" abikit abikit "abikit --measure abi" \
        polars numpy "statsmodels (extrap.)" "abikit, 100 visits/subj"
    echo "(time / abikit > 1: abikit is that many times faster; statsmodels: read ${sm_read}s + loop ${sm_loop}s"
    echo " over $sm_fitted of $sm_subjects subjects, loop extrapolated to all; last row: $rows rows, $((rows / 100)) subjects)"
    "$py" - "$data/trend-abikit.csv" "$data/trend-polars.csv" "$data/trend-numpy.csv" <<'PY'
import sys
import polars as pl
a = pl.read_csv(sys.argv[1], infer_schema_length=0).select("subject_id", slope=pl.col("ols_slope").cast(pl.Float64), p=pl.col("ols_slope_p").cast(pl.Float64))
for name, path in (("polars", sys.argv[2]), ("numpy", sys.argv[3])):
    b = pl.read_csv(path).select("subject_id", slope_b="slope", p_b="slope_p")
    j = a.join(b, on="subject_id")
    rel = ((j["slope"] - j["slope_b"]).abs() / j["slope_b"].abs().clip(lower_bound=1e-300)).max()
    relp = ((j["p"] - j["p_b"]).abs() / j["p_b"].abs().clip(lower_bound=1e-300)).max()
    print(f"agreement with {name}: {j.height} subjects, max relative difference slope {rel:.1e}, slope p {relp:.1e}")
PY
fi

# timing NAME: the "timing: load X s, compute Y s" line the best run of NAME wrote to standard error.
timing() { grep -o 'timing: load [0-9.e-]* s, compute [0-9.e-]* s' "$data/stderr-${1//[^A-Za-z0-9]/_}.txt" | awk '{print $3, $6}'; }

# ratios TITLE FLOPS NAME...: compute-phase seconds and GFLOP/s against the DGEMM peak (~60 GFLOP/s per core measured here).
ratios() {
    local title="$1" flops="$2"; shift 2
    echo
    echo "$title: compute phase only (after the CSV is parsed); $flops flops; peak ~$((60 * $(nproc))) GFLOP/s ($(nproc) cores x ~60)"
    printf '%-22s %9s %9s %9s %8s\n' tool "load s" "compute s" GFLOP/s "of peak"
    for name in "$@"; do
        read -r load compute <<< "$(timing "$name")"
        python3 - "$name" "$load" "$compute" "$flops" "$(nproc)" <<'PY'
import sys
name, load, compute, flops, cores = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
g = flops / compute / 1e9
print(f"{name:<22} {load:9.2f} {compute:9.3f} {g:9.1f} {100 * g / (60 * cores):7.1f}%")
PY
    done
}

if [ "$section" = regress ] || [ "$section" = all ]; then
    csv="$data/regression-$rows.csv"
    [ -f "$csv" ] || "$py" "$root/Scripts/bench/gen_regression.py" regression "$csv" --rows "$rows"
    mb=$(megabytes "$csv")
    formula="y ~ $(seq -s ' + ' -f 'x%g' 1 20)"
    run abikit "$abikit" regress "$csv" --formula "$formula" --report-timing -o "$data/out-regress-abikit.csv"
    run numpy "$py" "$root/Scripts/bench/regress_numpy.py" numpy "$csv" "$data/out-regress-numpy.csv"
    run statsmodels "$py" "$root/Scripts/bench/regress_numpy.py" statsmodels "$csv" "$data/out-regress-statsmodels.csv"
    report "regress: read CSV, OLS y ~ 1 + 20 predictors (abikit: QR + refinement, SEs, full table)" abikit abikit numpy statsmodels
    echo "(peers read the CSV with polars.read_csv (multi-threaded), then numpy.linalg.lstsq / statsmodels OLS; targets: abikit < statsmodels, abikit <= 1.2 x numpy)"
    ratios "regress" "$((2 * rows * 21 * 21))" abikit numpy statsmodels
    "$py" - "$data/out-regress-abikit.csv" "$data/out-regress-statsmodels.csv" <<'PY'
import sys, pandas as pd
a, s = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
rel = ((a.estimate - s.estimate).abs() / s.estimate.abs()).max()
rse = ((a.std_error - s.std_error).abs() / s.std_error.abs()).max()
print(f"agreement with statsmodels: max relative difference {rel:.1e} (estimates), {rse:.1e} (standard errors)")
PY
fi

if [ "$section" = correlate ] || [ "$section" = all ]; then
    csv="$data/correlation-$rows.csv"
    [ -f "$csv" ] || "$py" "$root/Scripts/bench/gen_regression.py" correlation "$csv" --rows "$rows"
    mb=$(megabytes "$csv")
    run abikit "$abikit" correlate "$csv" --layout wide --report-timing -o "$data/out-correlate-abikit.csv"
    run numpy "$py" "$root/Scripts/bench/correlate_numpy.py" "$csv" "$data/out-correlate-numpy.csv"
    report "correlate: read CSV, 200 x 200 Pearson correlation matrix" abikit abikit numpy
    echo "(numpy reads the CSV with polars.read_csv (multi-threaded), then numpy.corrcoef; target: abikit <= 1.1 x numpy)"
    ratios "correlate" "$((rows * 200 * 201))" abikit numpy
    "$py" - "$data/out-correlate-abikit.csv" "$data/out-correlate-numpy.csv" <<'PY'
import sys, numpy as np, pandas as pd
a, b = pd.read_csv(sys.argv[1], index_col=0).to_numpy(), pd.read_csv(sys.argv[2], index_col=0).to_numpy()
print(f"agreement with numpy.corrcoef: max absolute difference {np.abs(a - b).max():.1e}")
PY
fi
