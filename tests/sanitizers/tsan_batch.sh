#!/usr/bin/env bash
# ThreadSanitizer on a batch (issue 21 item 2): builds forestsink alone with
# -fsanitize=thread in its own build folder and runs the 12-variant batch
# property (tests/properties/properties.py batch_many) with it. Any data race
# TSan sees ends the program with exit 66, and so the check fails.
#   tests/sanitizers/tsan_batch.sh [BUILD_DIR]   (default: build-tsan)
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$src/build-tsan}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
start=$(date +%s)
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
cmake --build "$build" --target forestsink -j "$(nproc)"
built=$(date +%s)
# Uninstrumented libraries (oneTBB's scheduler, GDAL, PLplot) synchronise out of
# TSan's sight; suppressions.txt lists what it may not see there, with the reason.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$src/tests/sanitizers/tsan-suppressions.txt"
python3 "$src/tests/properties/properties.py" batch_many "$build/forestsink" "$src" "$build/tsan-batch"
echo "tsan_batch: passed (build $((built - start)) s, batch check $(($(date +%s) - built)) s)"
