#!/usr/bin/env bash
# Builds the DocC catalog of every library product (swift-docc-plugin) and fails on any warning
# (a broken ``symbol`` link, an undocumented parameter, a curated symbol that no longer exists).
# Output: .build/plugins/Swift-DocC/outputs/<Target>.doccarchive. Scripts/test.sh runs this
# when ABIKIT_DOCS=1. ABIKIT_DOCS_TARGETS="ABICore ABIIO" limits it to some catalogs.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(${ABIKIT_DOCS_TARGETS:-ABICore ABIStatistics ABIBatch ABIIO ABIAnalysis})
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
for target in "${targets[@]}"; do
    if ! swift package --disable-sandbox generate-documentation --target "$target" >"$log" 2>&1; then
        cat "$log" >&2
        echo "docs.sh: generate-documentation failed for $target" >&2
        status=1
        continue
    fi
    warnings=$(grep -c "warning:" "$log" || true)
    if [ "$warnings" != 0 ]; then
        grep -A6 "warning:" "$log" >&2
        echo "docs.sh: $target: $warnings documentation warning(s)" >&2
        status=1
    else
        echo "docs.sh: $target: no warnings"
    fi
done
exit "$status"
