#!/usr/bin/env bash
# Prints correct significant digits (LRE) per NIST StRD dataset and quantity.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/Scripts/bootstrap.sh"
swift build -c release --static-swift-stdlib --package-path "$root" --product abikit-nist >&2
exec "$root/.build/release/abikit-nist" "${1:-$root/Fixtures/nist}"
