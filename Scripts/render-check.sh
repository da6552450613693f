#!/usr/bin/env bash
# Renders every `abikit plot` figure kind from Fixtures/ to SVG and, with headless Chromium, to
# PNG under $OUT (default /tmp/abikit-render, outside the repository), then checks them with
# Scripts/render_check.py (XML, SVG subset, text and axes inside the canvas, PNG not blank).
# Also writes a clinic and a study report (`abikit report --html`): their figures are checked the
# same way, report.html is rendered to PNG (not blank) and checked self-contained, and pandoc
# converts report.md to HTML with every figure found.
# Installs chromium, pandoc and python3 with apt-get if missing (CI runs as root on Debian).
# Scripts/test.sh runs it; ABIKIT_RENDER_CHECK=0 skips it there.
# Usage: Scripts/render-check.sh [abikit binary]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/abikit-render}
ABIKIT=${1:-}
if [[ -z "$ABIKIT" ]]; then
    swift build --product abikit -j 2 >/dev/null
    ABIKIT=.build/debug/abikit
fi
missing=()
for tool in chromium pandoc python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if (( ${#missing[@]} )); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$OUT"
W=800 H=500
plot() { # name kind input args...
    local name=$1; shift
    "$ABIKIT" plot "$@" --width $W --height $H -o "$OUT/$name.svg" 2>>"$OUT/notes.txt"
}
: >"$OUT/notes.txt"
plot abi-distribution-raw abi-distribution Fixtures/plot/clinic.csv
plot abi-distribution-demo abi-distribution Fixtures/demo/clinic.csv
plot abi-distribution abi-distribution Fixtures/describe/cohort.csv
plot abi-distribution-legs abi-distribution Fixtures/trend/visits.csv --leg
plot categories categories Fixtures/demo/clinic.csv
plot categories-legs categories Fixtures/trend/visits.csv --leg
plot categories-by categories Fixtures/plot/clinic.csv --by site --title "ABI categories by site (raw file scored)"
plot trajectories trajectories Fixtures/plot/study.csv --subject subject --time month --measure abi --by arm
plot trajectories-sampled trajectories Fixtures/plot/study.csv --subject subject --time month --measure abi --max-subjects 10 --seed 7
plot box box Fixtures/plot/study.csv --measure abi --by arm --time month
plot box-groups box Fixtures/plot/study.csv --measure abi --by site
plot bland-altman bland-altman Fixtures/plot/study.csv --a doppler --b oscillometric
plot bland-altman-subject bland-altman Fixtures/plot/study.csv --a doppler --b oscillometric --subject subject
plot forest forest Fixtures/plot/regress.csv
plot roc roc Fixtures/plot/study.csv --score doppler --reference pad --lower-is-positive
pairs=()
for svg in "$OUT"/*.svg; do
    png=${svg%.svg}.png
    rm -f "$png"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" \
        --window-size=$W,$H "file://$(realpath "$svg")" >/dev/null 2>&1 || true
    [[ -s "$png" ]] || { echo "$svg: chromium wrote no PNG" >&2; exit 1; }
    pairs+=("$svg:$png")
done
# Reports: a raw clinic file and the study recipe, Markdown and HTML.
reports=()
for report in clinic:Fixtures/demo/clinic.csv study:Fixtures/report/study.yaml; do
    name=${report%%:*} input=${report#*:}
    dir="$OUT/report-$name"
    "$ABIKIT" report "$input" -o "$dir" --html 2>>"$OUT/notes.txt"
    for svg in "$dir"/figures/*.svg; do
        png="$OUT/report-$name-$(basename "${svg%.svg}").png"
        timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" \
            --window-size=$W,$H "file://$(realpath "$svg")" >/dev/null 2>&1 || true
        [[ -s "$png" ]] || { echo "$svg: chromium wrote no PNG" >&2; exit 1; }
        pairs+=("$svg:$png")
    done
    page="$OUT/report-$name-html.png"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$page" \
        --window-size=1000,2400 "file://$(realpath "$dir/report.html")" >/dev/null 2>&1 || true
    [[ -s "$page" ]] || { echo "$dir/report.html: chromium wrote no PNG" >&2; exit 1; }
    pairs+=(":$page")
    (cd "$dir" && pandoc -f gfm -t html5 --standalone --metadata title="abikit report" report.md -o pandoc.html)
    reports+=(--report "$dir")
done
python3 Scripts/render_check.py "${pairs[@]}" "${reports[@]}"
echo "render-check: ${#pairs[@]} figures and pages in $OUT (notes: $OUT/notes.txt)"
