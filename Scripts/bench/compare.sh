# Sourced by Scripts/bench.sh for `bench.sh compare` (uses its run, report, megabytes, $py, $abikit, $data).
# A seeded two-arm trial, COMPARE_SUBJECTS subjects (default 100,000) x 3 visits x 3 measures:
# abikit compare (paired t, Wilcoxon, Cohen's d_z and Hedges' g_av per arm; Welch, Mann-Whitney and
# Hedges' g between the arms on the change; Holm) against the same analysis in pandas + scipy + pingouin.
compare_subjects="${COMPARE_SUBJECTS:-100000}"
if [ -z "${PYTHON:-}" ]; then  # bench.sh's own venv: add pingouin for this peer
    "$py" -c "import pingouin" 2>/dev/null || "$py" -m pip install -q pingouin
fi
csv="$data/compare-$compare_subjects.csv"
[ -f "$csv" ] || python3 "$root/Scripts/bench/gen_compare.py" "$csv" --subjects "$compare_subjects"
mb=$(megabytes "$csv")
saved_rows="$rows"; rows=$((compare_subjects * 3))
run abikit "$abikit" compare "$csv" --subject subject_id --time week --from 0 --to 24 \
    --measure abi,tbi,ankle_systolic --by arm --quiet -o "$data/out-compare-abikit.csv"
run "pandas+scipy+pingouin" "$py" "$root/Scripts/bench/compare_pandas.py" "$csv" "$data/out-compare-pandas.csv"
report "compare: $compare_subjects subjects x 3 visits x 3 measures, 2 arms (week 0 vs 24, within and between, Holm)" \
    abikit abikit "pandas+scipy+pingouin"
echo "(time / abikit > 1: abikit is that many times faster; peer $(grep -o 'timing: .*' "$data/stderr-pandas_scipy_pingouin.txt"); its seconds include the imports)"
"$py" - "$data/out-compare-abikit.csv" "$data/out-compare-pandas.csv" <<'PY'
import sys, pandas as pd
a, b = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
a = a[a.comparison.isin(["within", "between"])].reset_index(drop=True)
pairs = [("estimate", "estimate"), ("statistic", "t"), ("p", "p"), ("p_adjusted", "p_adjusted"), ("ci_low", "ci_low"),
         ("rank_statistic", "rank"), ("rank_p", "rank_p"), ("rank_p_adjusted", "rank_p_adjusted"),
         ("effect_size", "effect"), ("effect_ci_low", "effect_low"), ("effect_ci_high", "effect_high")]
worst = {}
for x, y in pairs:
    rel = ((a[x] - b[y]).abs() / b[y].abs().clip(lower=1e-300)).max()
    worst[x] = rel
print("agreement with pandas+scipy+pingouin (max relative difference): " + ", ".join(f"{k} {v:.1e}" for k, v in worst.items()))
PY
rows="$saved_rows"
