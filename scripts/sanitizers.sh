#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer (with float-cast-overflow,
# which -fsanitize=undefined leaves out) build in its own folder, then the
# unit tests (`ctest -L unit`) under it. Any report fails the test that made
# it (-fno-sanitize-recover=all). The integration tests (whole 1 km
# scenarios, QGIS) are left out: under the sanitizers they take an hour.
# Usage: scripts/sanitizers.sh [BUILD_DIR]   (default: ./build-sanitize)
# FORESTSINK_SANITIZE_TESTS="test_scenario test_input_bounds…" builds and runs
# only those test programmes (every test in them), for a quick local check.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build-sanitize}"
sanitize="-fsanitize=address,undefined,float-cast-overflow"
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="$sanitize -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitize" > /dev/null
subset=(${FORESTSINK_SANITIZE_TESTS:-})
if [ ${#subset[@]} -gt 0 ]; then
  cmake --build "$build" --parallel "$(nproc)" --target "${subset[@]}"
else
  cmake --build "$build" --parallel "$(nproc)"
fi
# Leaks are checked too; process-wide caches of the system libraries (GDAL,
# PROJ, the chart libraries), freed by no one at exit, are suppressed.
export LSAN_OPTIONS="suppressions=$here/scripts/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
if [ ${#subset[@]} -gt 0 ]; then
  for t in "${subset[@]}"; do echo "== $t"; "$build/tests/$t" --gtest_brief=1; done
else
  ctest -L unit --output-on-failure --timeout 900 -j "$(nproc)"
fi
