#!/usr/bin/env bash
# Sets up forestsink on a fresh Debian 12 machine and runs the whole test suite through CTest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
cd "$here/build"
ctest --output-on-failure --timeout 900 -j "$(nproc)"
