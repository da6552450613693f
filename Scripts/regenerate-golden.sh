#!/usr/bin/env bash
# Regenerates Fixtures/golden/*.{stdout,stderr,status} from Fixtures/golden/cases.tsv with the
# current abikit binary.
#
# Regenerate ONLY for an intended change of output (a new column, a corrected message). The
# golden-output test (Tests/abikitTests/GoldenOutputTests.swift) exists to prove that refactors keep
# every command's standard output, standard error and exit status byte-identical; regenerating to make
# it pass after a refactor defeats it. Review `git diff Fixtures/golden` before committing.
#
# Usage: Scripts/regenerate-golden.sh [path/to/abikit]   (default: .build/debug/abikit, built first)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-}"
if [[ -z "$binary" ]]; then
    swift build --product abikit -j 2 >&2
    binary=.build/debug/abikit
fi
golden=Fixtures/golden
while IFS=$'\t' read -r -a fields; do
    [[ ${#fields[@]} -eq 0 || ${fields[0]} == \#* ]] && continue
    name=${fields[0]} stdin=${fields[1]}
    args=("${fields[@]:2}")
    [[ $stdin == - ]] && stdin=/dev/null
    # NO_COLOR and a pipe for every stream: the test runs the binary the same way.
    status=0
    "$binary" "${args[@]}" <"$stdin" >"$golden/$name.stdout" 2>"$golden/$name.stderr" || status=$?
    echo "$status" >"$golden/$name.status"
done <"$golden/cases.tsv"
echo "regenerated $(ls "$golden"/*.status | wc -l) cases in $golden" >&2
