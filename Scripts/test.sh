#!/usr/bin/env bash
# Sets up the system packages, builds everything and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/bootstrap.sh
swift build --build-tests
# Serial: the end-to-end tests start abikit processes, and Foundation's Process races with file
# descriptors that other tests open and close at the same moment in the same test process.
swift test --skip-build --no-parallel "$@"
