#!/usr/bin/env bash
# Sets up forestsink on a fresh Debian 12 machine and runs the built-in demo
# (Yunnan, 1 km, 2007–2020). Outputs go to ./out unless --out is given.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
"$here/build/forestsink" run "$@"
