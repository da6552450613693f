#!/usr/bin/env bash
# Installs the Debian packages the build needs (OpenBLAS, LAPACKE, pkg-config), only when missing.
set -euo pipefail
needed=(libopenblas-dev liblapacke-dev pkg-config)
missing=()
for pkg in "${needed[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
    echo "bootstrap: run as root, or install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "bootstrap: installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
