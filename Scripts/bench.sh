#!/usr/bin/env bash
# Benchmarks abikit against the tools users would otherwise pick (polars, DuckDB, numpy, statsmodels),
# in one run on the same generated data; prints seconds, rows/s, MB/s, peak memory and ratios. Each figure
# is the best of 3 runs (every run's time is printed beside it, to show the machine's drift); score and
# trend run their tools in rounds (A B C, A B C, A B C), each run after an untimed `sync`.
# Usage: Scripts/bench.sh [score|trend|regress|correlate|mixed|compare|all] [--rows N]
# score and trend run at 1,000,000 and 10,000,000 rows (10 visits per subject) unless --rows N picks
# one size; regress and correlate at --rows (default 1,000,000). The score and trend peers are the
# expert peers in Scripts/bench (README.md there). Data and a Python venv (Scripts/bench/requirements.txt)
# go to bench-data/ (PYTHON=/path/to/python uses an existing environment with those packages instead).
# Disk: cohort ~58 MB per 1e6 rows, its score output ~100 MB per 1e6 rows (10,000,000 rows: ~3.5 GB
# with the 100-visit files); regression CSV ~200 MB (1e6 x 21), correlation CSV ~1.9 GB (1e6 x 200);
# memory: up to ~4 GB for the numpy correlation peer, ~3 GB for the polars score peer at 1e7 rows.
# compare: COMPARE_SUBJECTS (default 100000; 3 visits x 3 measures each) against pandas + scipy + pingouin (Scripts/bench/compare.sh).
# mixed: MIXED_SUBJECTS="10000 100000" sets the trial sizes (default 10000; 10 visits each); needs Rscript with lme4 and lmerTest;
#   statsmodels MixedLM fits MIXED_STATSMODELS_SUBJECTS subjects (default 1000) and is extrapolated.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
section="${1:-all}"; shift || true
only_rows=""
while [ $# -gt 0 ]; do case "$1" in --rows) only_rows="$2"; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;; esac; done
if [ -n "$only_rows" ]; then sizes=("$only_rows"); else sizes=(1000000 10000000); fi
base_rows="${only_rows:-1000000}"
rows="$base_rows"

data="$root/bench-data"; mkdir -p "$data"
"$root/Scripts/bootstrap.sh"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
venv="$data/venv"
if [ -z "${PYTHON:-}" ] && [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$root/Scripts/bench/requirements.txt"
fi
py="${PYTHON:-$venv/bin/python}"
# ABIKIT=/path/to/abikit times that binary (e.g. an older build, for a before/after) instead of building.
if [ -z "${ABIKIT:-}" ]; then
    swift build -c release --static-swift-stdlib --package-path "$root" --product abikit >&2
fi
abikit="${ABIKIT:-$root/.build/release/abikit}"

megabytes() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1"; }

# run_once NAME COMMAND...: times one run of a command and keeps the fastest of NAME's runs (seconds, peak
# RSS, standard error). `sync` first, untimed: earlier runs' dirty output is written back before the
# clock starts instead of during whichever tool runs next.
declare -A seconds peak runs
run_once() {
    local name="$1"; shift
    sync
    /usr/bin/time -f "%e %M" -o "$data/time.txt" "$@" >/dev/null 2>"$data/stderr.txt" || {
        echo "$name failed:" >&2; cat "$data/stderr.txt" >&2; return 1; }
    local s m
    read -r s m < "$data/time.txt"
    runs[$name]="${runs[$name]:-}${runs[$name]:+ }$s"
    if [ -z "${seconds[$name]:-}" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$s" "${seconds[$name]}"; then
        seconds[$name]="$s"; peak[$name]="$m"; cp "$data/stderr.txt" "$data/stderr-${name//[^A-Za-z0-9]/_}.txt"
    fi
}
# run NAME COMMAND...: best of 3 runs of one command.
run() {
    unset "seconds[$1]" "runs[$1]"
    for _ in 1 2 3; do run_once "$@"; done
}
# rounds NAME ARRAY [NAME ARRAY]...: best of 3 for each command (ARRAY names an array holding it), run in
# rounds (A B C, A B C, A B C) so that every tool meets the same stretches of this shared machine's
# drift, which a tool's three runs in a row did not.
rounds() {
    local -a pairs=("$@")
    local i
    for ((i = 0; i < ${#pairs[@]}; i += 2)); do unset "seconds[${pairs[i]}]" "runs[${pairs[i]}]"; done
    for _ in 1 2 3; do
        for ((i = 0; i < ${#pairs[@]}; i += 2)); do
            local -n command="${pairs[i + 1]}"
            run_once "${pairs[i]}" "${command[@]}"
            unset -n command
        done
    done
}
report() {  # report TITLE BASELINE NAME...
    local title="$1" base="$2"; shift 2
    echo
    echo "## $title ($rows rows, $(printf '%.1f' "$mb") MB, $(nproc) cores)"
    printf '%-22s %9s %12s %9s %10s %16s  %s\n' tool seconds rows/s MB/s "peak MB" "time / $base" "every run (s)"
    for name in "$@"; do
        python3 - "$name" "${seconds[$name]}" "${peak[$name]}" "$rows" "$mb" "${seconds[$base]}" "${runs[$name]:-}" <<'PY'
import sys
name, s, kb, rows, mb, base = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
s = max(s, 0.005)
print(f"{name:<22} {s:9.2f} {rows / s:12,.0f} {mb / s:9.1f} {kb / 1024:10.1f} {s / max(base, 0.005):15.2f}x  {sys.argv[7]}")
PY
    done
}

# cohort ROWS: the expert peers' seeded cohort of ROWS / 10 subjects x 10 visits (or VISITS=n), path on stdout.
cohort() {
    local rows="$1" visits="${VISITS:-10}"
    local file="$data/cohort-$((rows / visits))x$visits.csv"
    [ -f "$file" ] || "$py" "$root/Scripts/bench/gen_cohort.py" --subjects $((rows / visits)) --visits "$visits" \
        --seed 42 --out "$file" >&2
    echo "$file"
}
# best NAMES...: the fastest of NAMES by best-of-3 wall time.
best() {
    local fastest="$1"; shift
    for name in "$@"; do
        python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "${seconds[$name]}" \
            "${seconds[$fastest]}" && fastest="$name"
    done
    echo "$fastest"
}
verdict() {  # verdict WHAT TARGET PEER...: abikit's speed-up over the fastest peer, against the target.
    local what="$1" target="$2"; shift 2
    local fastest; fastest="$(best "$@")"
    python3 - "$what" "$target" "$fastest" "${seconds[$fastest]}" "${seconds[abikit]}" "${peak[abikit]}" <<'PY'
import sys
what, target, peer, s_peer, s_abikit, kb = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
ratio = s_peer / max(s_abikit, 0.005)
print(f"{what}: abikit {ratio:.2f}x faster than the fastest peer ({peer}); target {target}x: "
      f"{'met' if ratio >= target else 'NOT met'}; abikit peak {kb / 1024:.1f} MB")
PY
}

if [ "$section" = score ] || [ "$section" = all ]; then
    for rows in "${sizes[@]}"; do
        input="$(cohort "$rows")"
        mb=$(megabytes "$input")
        abikit_score=("$abikit" score "$input" -o "$data/out-abikit.csv")
        polars_score=("$py" "$root/Scripts/bench/score_polars.py" "$input" "$data/out-polars.csv")
        duckdb_score=("$py" "$root/Scripts/bench/score_duckdb.py" "$input" "$data/out-duckdb.csv")
        rounds abikit abikit_score polars polars_score duckdb duckdb_score
        report "score: read, score every row, write CSV ($(basename "$input"))" abikit abikit polars duckdb
        echo "(time / abikit > 1: abikit is that many times faster than the tool in that row)"
        verdict "score, $rows rows" 2.5 polars duckdb
        if [ "$rows" -le 1000000 ]; then  # at 10,000,000 rows the comparison needs ~5 GB of memory
            "$py" - "$data/out-abikit.csv" "$data/out-polars.csv" "$data/out-duckdb.csv" <<'PY'
import sys
import polars as pl
a = pl.read_csv(sys.argv[1], infer_schema=False, columns=["abi_left", "abi_right", "abi", "category"]).fill_null("")
for name, path in (("polars", sys.argv[2]), ("duckdb", sys.argv[3])):
    b = pl.read_csv(path, infer_schema=False, columns=["abi_left", "abi_right", "abi", "category"]).fill_null("")
    b = b.with_columns(pl.col("category").replace("invalid", ""))
    legs = int(((a["abi_left"] != b["abi_left"]) | (a["abi_right"] != b["abi_right"])).sum())
    other = a["category"] != "noncompressible"
    patient = int((other & ((a["abi"] != b["abi"]) | (a["category"] != b["category"]))).sum())
    nc = int((~other).sum())
    print(f"agreement with {name}: {a.height} rows; leg ABIs differ in {legs}; patient ABI or category differ in "
          f"{patient} rows outside the {nc} noncompressible ones (there abikit leaves the patient ABI blank and "
          f"calls the patient noncompressible, the peers take the lower leg)")
PY
        fi
    done
fi

if [ "$section" = trend ] || [ "$section" = all ]; then
    for rows in "${sizes[@]}"; do
        input="$(cohort "$rows")"
        # The trend input is abikit score's output (the peers read its abi column).
        scored="${input%.csv}.scored.csv"
        [ -f "$scored" ] || "$abikit" score "$input" -o "$scored" 2>/dev/null
        mb=$(megabytes "$scored")
        trend=(trend "$scored" --subject subject_id --time visit_date --method ols --measure abi --quiet)
        abikit_trend=("$abikit" "${trend[@]}" -o "$data/trend-abikit.csv")
        polars_trend=("$py" "$root/Scripts/bench/trend_polars.py" "$scored" "$data/trend-polars.csv")
        numpy_trend=("$py" "$root/Scripts/bench/trend_numpy.py" "$scored" "$data/trend-numpy.csv")
        rounds abikit abikit_trend polars polars_trend numpy numpy_trend
        names=(abikit polars numpy)
        if [ "$rows" -le 1000000 ]; then
            # statsmodels: a loop over 5,000 of the subjects, extrapolated to all (the script says how).
            /usr/bin/time -f "%e %M" -o "$data/time.txt" "$py" "$root/Scripts/bench/trend_statsmodels.py" "$scored" \
                "$data/trend-statsmodels.csv" abi 5000 > "$data/statsmodels.txt" 2> "$data/statsmodels-stderr.txt"
            read -r sm_total sm_read sm_loop sm_fitted sm_subjects < "$data/statsmodels.txt"
            read -r _ sm_mem < "$data/time.txt"
            seconds["statsmodels (extrap.)"]="$sm_total"; peak["statsmodels (extrap.)"]="$sm_mem"
            names+=("statsmodels (extrap.)")
        fi
        # Memory follows subjects, not rows: the same number of rows with 10x fewer subjects.
        few="$(VISITS=100 cohort "$rows")"
        few_scored="${few%.csv}.scored.csv"
        [ -f "$few_scored" ] || "$abikit" score "$few" -o "$few_scored" 2>/dev/null
        run "abikit, 100 visits/subj" "$abikit" trend "$few_scored" --subject subject_id --time visit_date --method ols \
            --measure abi --quiet -o "$data/trend-abikit-few.csv"
        names+=("abikit, 100 visits/subj")
        report "trend --method ols --measure abi: per-subject OLS of abi on years since the first visit ($(basename "$scored"), $((rows / 10)) subjects)" \
            abikit "${names[@]}"
        echo "(time / abikit > 1: abikit is that many times faster; abikit also computes intercept SE, t, p and CIs,"
        echo " residual SD and visit-to-visit change counts, the peers n, intercept, slope, slope SE and R² only;"
        [ "$rows" -le 1000000 ] && echo " statsmodels: read ${sm_read}s + loop ${sm_loop}s over $sm_fitted of $sm_subjects subjects, loop extrapolated to all;"
        echo " last row: $rows rows of $((rows / 100)) subjects)"
        verdict "trend, $rows rows" 2 polars numpy
        "$py" - "$data/trend-abikit.csv" "$data/trend-polars.csv" "$data/trend-numpy.csv" <<'PY'
import sys
import polars as pl
a = (pl.read_csv(sys.argv[1], infer_schema=False)
     .filter(pl.col("ols_status") == "ok")
     .select("subject_id", n_a=pl.col("n").cast(pl.Int64), complete=pl.col("n_missing") == "0",
             **{f"{c}_a": pl.col(f"ols_{c}").cast(pl.Float64) for c in ("intercept", "slope", "slope_se", "r_squared")}))
for name, path in (("polars", sys.argv[2]), ("numpy", sys.argv[3])):
    b = pl.read_csv(path, infer_schema=False).select(
        "subject_id", n_b=pl.col("n").cast(pl.Int64),
        **{f"{c}_b": pl.col(c).cast(pl.Float64) for c in ("intercept", "slope", "slope_se")},
        r_squared_b=pl.col("r2").cast(pl.Float64))
    j = a.join(b, on="subject_id", how="full", coalesce=True)
    both = j.drop_nulls(["n_a", "n_b"])
    def rel(c):
        # Relative difference where both values are clearly non-zero; absolute elsewhere (a slope or
        # R² that is zero up to rounding, e.g. all of a subject's abi values equal).
        rows = both.filter(pl.col("complete")) if c == "intercept" else both
        x, y = rows[f"{c}_a"], rows[f"{c}_b"]
        big = (x.abs() > 1e-9) & (y.abs() > 1e-9)
        relative = ((x - y).abs() / y.abs()).filter(big).max()
        absolute = (x - y).abs().filter(~big).max()
        return f"{relative or 0.0:.1e} (|value| <= 1e-9: {absolute or 0.0:.1e} absolute)"
    only = j.height - both.height
    print(f"agreement with {name}: {both.height} subjects fitted by both ({only} by one only), n differs in "
          f"{int((both['n_a'] != both['n_b']).sum())}; max relative difference slope {rel('slope')}, "
          f"slope SE {rel('slope_se')}, R² {rel('r_squared')}, intercept {rel('intercept')} (intercept: subjects "
          f"without a missing abi only: abikit's time origin is the first visit, the peers' the first visit with an abi)")
PY
    done
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

rows="$base_rows"
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

if [ "$section" = mixed ] || [ "$section" = all ]; then
    # Random intercept and slope per subject, arm x time: abikit (REML, Satterthwaite df, the arm:weeks
    # F test) against lme4::lmer alone and lmerTest (the same outputs as abikit), in the same run.
    formula="abi ~ arm * weeks + (1 + weeks | subject)"
    for subjects in ${MIXED_SUBJECTS:-10000}; do
        csv="$data/mixed-$subjects.csv"
        [ -f "$csv" ] || "$py" "$root/Scripts/bench/gen_mixed.py" "$csv" --subjects "$subjects" --visits 10
        mb=$(megabytes "$csv")
        saved_rows="$rows"; rows=$((subjects * 10))
        run abikit "$abikit" mixed "$csv" --formula "$formula" --test arm:weeks --quiet -o "$data/out-mixed-abikit.csv"
        run "lme4 (lmer only)" Rscript "$root/Scripts/bench/mixed_lme4.R" "$csv" "$data/out-mixed-lme4.csv" lme4
        run "lme4 + lmerTest" Rscript "$root/Scripts/bench/mixed_lme4.R" "$csv" "$data/out-mixed-lmertest.csv" lmertest
        # statsmodels MixedLM: the first MIXED_STATSMODELS_SUBJECTS subjects (default 1000), fit time
        # extrapolated linearly to all subjects (the script says how); one run, not best of 3.
        /usr/bin/time -f "%e %M" -o "$data/time.txt" "$py" "$root/Scripts/bench/mixed_statsmodels.py" "$csv" \
            "$data/out-mixed-statsmodels.csv" "${MIXED_STATSMODELS_SUBJECTS:-1000}" > "$data/statsmodels-mixed.txt"
        read -r smm_total smm_read smm_fit smm_fitted smm_subjects smm_converged < "$data/statsmodels-mixed.txt"
        read -r _ smm_mem < "$data/time.txt"
        seconds["statsmodels MixedLM (extrap.)"]="$smm_total"; peak["statsmodels MixedLM (extrap.)"]="$smm_mem"
        report "mixed: $subjects subjects x 10 visits, $formula" abikit abikit "lme4 (lmer only)" "lme4 + lmerTest" \
            "statsmodels MixedLM (extrap.)"
        echo "(time / abikit > 1: abikit is that many times faster; R reads with data.table::fread; target: >= 10x lme4)"
        echo "(statsmodels: read ${smm_read}s + fit over $smm_fitted of $smm_subjects subjects extrapolated to ${smm_fit}s;"
        echo " converged without warnings: $smm_converged; its peak MB is that of the subset fit)"
        for name in "lme4 (lmer only)" "lme4 + lmerTest"; do
            echo "$name: $(grep -o 'read [0-9.]* fit [0-9.]* REML criterion [0-9.e-]*' "$data/stderr-${name//[^A-Za-z0-9]/_}.txt")"
        done
        echo "abikit: REML criterion $(awk -F, 'NR == 2 { print $18 }' "$data/out-mixed-abikit.csv") (lower is better)"
        python3 - "$data/out-mixed-abikit.csv" "$data/out-mixed-lmertest.csv" <<'PY'
import csv, sys
a = [r for r in csv.DictReader(open(sys.argv[1])) if r["kind"] == "fixed"]
b = list(csv.DictReader(open(sys.argv[2])))
rel = max(abs(float(x["estimate"]) - float(y["estimate"])) / abs(float(y["estimate"])) for x, y in zip(a, b))
rse = max(abs(float(x["std_error"]) - float(y["std_error"])) / abs(float(y["std_error"])) for x, y in zip(a, b))
rdf = max(abs(float(x["df"]) - float(y["df"])) / abs(float(y["df"])) for x, y in zip(a, b))
print(f"agreement with lme4 + lmerTest: max relative difference {rel:.1e} (estimates), {rse:.1e} (std errors), {rdf:.1e} (df)")
PY
        rows="$saved_rows"
    done
fi

if [ "$section" = compare ] || [ "$section" = all ]; then
    # shellcheck source=bench/compare.sh
    source "$root/Scripts/bench/compare.sh"
fi
