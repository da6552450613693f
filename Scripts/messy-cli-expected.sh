#!/bin/sh
# Writes Fixtures/messy/expected/NAME.stdout, .stderr for every case of Fixtures/messy/cli_cases.tsv
# with the debug build of abikit, and checks each exit status. Review the diff before committing.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
abikit=${ABIKIT:-$root/.build/debug/abikit}
cd "$root/Fixtures/messy"
grep -v '^#' cli_cases.tsv | while IFS="$(printf '\t')" read -r name status arguments; do
    [ -n "$name" ] || continue
    set +e
    # shellcheck disable=SC2086 # arguments are split at spaces on purpose
    "$abikit" $arguments > "expected/$name.stdout" 2> "expected/$name.stderr" < /dev/null
    actual=$?
    set -e
    if [ "$actual" != "$status" ]; then echo "$name: exit $actual, expected $status" >&2; exit 1; fi
    echo "$name: exit $actual"
done
