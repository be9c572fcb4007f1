#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) in ./build-fuzz
# and runs each on its committed seed corpus (fuzz/corpus/NAME) for SECONDS.
# New inputs go to build-fuzz/corpus/NAME (the committed corpus stays as it
# is); a crash is written to build-fuzz/findings/ and fails the script.
# Usage: scripts/fuzz.sh [SECONDS per target, default 60] [TARGET…]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(scenario batch species)
build="$here/build-fuzz"
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=FuzzBuild -DFORESTSINK_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" > /dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"
mkdir -p "$build/findings"
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1"  # leaks: scripts/sanitizers.sh checks them on the tests
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  echo "fuzz_$t: ${seconds} s"
  # -rss_limit_mb: the loaders need a few MB; -max_len: scenario files are a few kB.
  if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$build/findings/$t-" "$build/corpus/$t" "$here/fuzz/corpus/$t" \
       > "$build/fuzz_$t.log" 2>&1; then
    status=1; echo "fuzz_$t: FINDING — see $build/fuzz_$t.log and $build/findings/"; tail -30 "$build/fuzz_$t.log"
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)" "$build/fuzz_$t.log" | tr '\n' ' '
  echo "corpus: $(ls "$build/corpus/$t" | wc -l) files"
done
exit $status
