#!/usr/bin/env bash
# Sets up the system packages, builds everything and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build --parallel "$@"
