#!/usr/bin/env bash
# Sets up the system packages, builds everything and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build --parallel "$@"
# Every fuzz target briefly (Scripts/fuzz.sh; ABIKIT_FUZZ_SECONDS=0 skips, e.g. for a quick local run).
fuzz_seconds="${ABIKIT_FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" != 0 ]; then
    ./Scripts/fuzz.sh --seconds "$fuzz_seconds"
fi
# Figures and reports rendered with headless Chromium and pandoc (Scripts/render-check.sh installs
# them with apt-get when missing); ABIKIT_RENDER_CHECK=0 skips it.
if [ "${ABIKIT_RENDER_CHECK:-1}" != 0 ]; then
    ./Scripts/render-check.sh
fi
# The DocC catalogs without warnings (Scripts/docs.sh); opt-in, ABIKIT_DOCS=1, about a minute
# on top of the test build.
if [ "${ABIKIT_DOCS:-0}" = 1 ]; then
    ./Scripts/docs.sh
fi
