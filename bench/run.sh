#!/usr/bin/env bash
# forestsink benchmarks, in one run (issue 6): on Yunnan generated at 250 m
# and 30 m,
#   (a) the yearly step in cells × years per second, against a memory-bandwidth
#       probe on the same machine (build/bench/bench_step);
#   (b) the end-to-end run time of the plan against the time GDAL alone takes
#       to read the same inputs and write the same outputs with the same
#       creation options (build/bench/bench_gdal_io);
#   (c) peak memory (run.json and /usr/bin/time);
#   (d) the natural-growth demo at 250 m against the same years in plain numpy
#       (bench/numpy_reference.py, Debian's python3-numpy), forestsink on 1
#       and 2 threads: simulate seconds and their ratio (NUMPY=0 skips it);
#   (f) Monte Carlo draws over MPI ranks: the plan at 250 m with 4 draws on
#       1 process × 1 thread, 2 ranks × 1 thread and 1 process × 2 threads;
#       uncertainty.csv must be the same bytes in all three (MPI=0 skips it).
#   (g) one run split into bands of rows over MPI ranks: the plan at 250 m
#       (no draws, no baseline) on 1 process × 1 thread, 2 ranks × 1 thread
#       (bands) and 1 process × 2 threads; parallel efficiency, and each
#       rank's communication per simulated year (run.json). The output sets
#       must be the same bytes, run.json aside (MPI=0 skips it).
# Writes WORKDIR/results.md (the README's tables) and the raw figures beside it.
#
#   bench/run.sh [WORKDIR]              default /tmp/forestsink-bench
#   RESOLUTIONS="250" bench/run.sh      only 250 m (a few minutes)
#   REUSE_IO=1 bench/run.sh             keep earlier GDAL-alone figures (the same reads and writes)
#
# The 30 m data (896 million grid cells, 1.3 GB of GeoTIFF) is generated once
# and kept in WORKDIR; the 30 m run needs about 16 GB of memory and 10 GB of disk.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mkdir -p "${1:-/tmp/forestsink-bench}" && cd "${1:-/tmp/forestsink-bench}" && pwd)
resolutions=${RESOLUTIONS:-"250 30"}
threads=${THREADS:-$(nproc)}
build=$repo/build

"$repo/scripts/setup.sh"
cmake --build "$build" --target forestsink forestsink-make-demo bench_step bench_gdal_io
command -v /usr/bin/time >/dev/null || apt-get install -y time

echo "== step and memory-bandwidth probes"
"$build/bench/bench_step" --benchmark_min_time=1 --benchmark_format=json > "$work/bench_step.json"

for res in $resolutions; do
    data=$work/yunnan-${res}m
    if [ ! -f "$data/calibration.csv" ]; then
        echo "== generating Yunnan at ${res} m"
        /usr/bin/time -v "$build/data/forestsink-make-demo" --province yunnan --resolution "$res" --seed 2007 \
            --out "$data" 2> "$work/generate-${res}m.time" | tee "$work/generate-${res}m.log"
    fi
    # The plan on this data, without a baseline: the run is reading, the
    # years and writing, which is what GDAL alone is compared with.
    sed -e "s#\"\.\./data/yunnan-1km/#\"$data/#g" -e "s#\"\.\./#\"$repo/#g" -e '/^baseline *=/d' \
        "$repo/scenarios/yunnan-plan-2011-2020.toml" > "$work/plan-${res}m.toml"
    rm -rf "$work/out-${res}m"
    echo "== the plan at ${res} m"
    /usr/bin/time -v "$build/forestsink" run "$work/plan-${res}m.toml" --out "$work/out-${res}m" \
        --threads "$threads" --contributions none > "$work/run-${res}m.log" 2> "$work/run-${res}m.time"
    # REUSE_IO=1 keeps an earlier GDAL-alone measurement of the same work.
    if [ "${REUSE_IO:-0}" = 1 ] && [ -f "$work/gdal-io-${res}m.json" ]; then continue; fi
    echo "== GDAL alone at ${res} m"
    # The run's state bytes: GDAL alone also writes that much fresh memory
    # first (timed apart), as any program that holds the inputs must.
    state_bytes=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["memory"]["state_bytes"])' \
        "$work/out-${res}m/run.json")
    "$build/bench/bench_gdal_io" --threads "$threads" --out-dir "$work/gdal-${res}m" --state-bytes "$state_bytes" \
        --inputs "$data"/{land_class,species,age,volume,site_class,region,forest_category}.tif \
        --outputs "$work/out-${res}m"/rasters/*.tif > "$work/gdal-io-${res}m.json"
    rm -rf "$work/gdal-${res}m"
done

# Issue 19 item 5: the plan on a 1 km grid over the 30 m data (each cell keeps
# the stands of its 30 m cells, sim/Stands.h), against the 30 m run.
if [[ " $resolutions " == *" 30 "* ]]; then
    echo "== the plan on a 1 km grid over the 30 m data"
    "$build/forestsink" grid "$work/yunnan-30m/land_class.tif" --cell-size 1000 | grep -v '^#' > "$work/grid-1km.txt"
    /usr/bin/python3 - "$work/plan-30m.toml" "$work/grid-1km.txt" "$work/plan-1km-over-30m.toml" << 'PY'
import re, sys
s, g = open(sys.argv[1]).read(), open(sys.argv[2]).read()
open(sys.argv[3], "w").write(re.sub(r'\[grid\]\nlayer = "land_class".*\n', lambda m: g, s, count=1))
PY
    rm -rf "$work/out-1km-over-30m"
    /usr/bin/time -v "$build/forestsink" run "$work/plan-1km-over-30m.toml" --out "$work/out-1km-over-30m" \
        --threads "$threads" --contributions none > "$work/run-1km-over-30m.log" 2> "$work/run-1km-over-30m.time"
    /usr/bin/python3 "$repo/bench/coarse_table.py" "$work/out-30m" "$work/run-30m.time" \
        "$work/out-1km-over-30m" "$work/run-1km-over-30m.time" > "$work/coarse-1km-over-30m.md"
fi

if [ "${NUMPY:-1}" = 1 ]; then
    data=$work/yunnan-250m
    if [ ! -f "$data/calibration.csv" ]; then
        echo "== generating Yunnan at 250 m"
        /usr/bin/time -v "$build/data/forestsink-make-demo" --province yunnan --resolution 250 --seed 2007 \
            --out "$data" 2> "$work/generate-250m.time" | tee "$work/generate-250m.log"
    fi
    # The numpy reference grows the input stands only: it does not plant, check
    # or close un-closed plantations, so both read them (code 11) as land
    # suitable for forest (as tests/numpy_reference.sh does).
    sed -e "s#\"\.\./data/yunnan-1km/#\"$data/#g" -e "s#\"\.\./#\"$repo/#g" \
        -e 's|^barren = \[4\]|barren = [4, 11]|' -e '/^unclosed_plantation = /d' \
        "$repo/scenarios/yunnan-demo.toml" > "$work/demo-250m.toml"
    for t in 1 2; do
        echo "== the natural-growth demo at 250 m on $t thread(s), then the same years in numpy"
        rm -rf "$work/demo-250m-t$t"
        "$build/forestsink" run "$work/demo-250m.toml" --out "$work/demo-250m-t$t" --threads "$t" \
            --contributions none > "$work/demo-250m-t$t.log"
        # Exits 1 if its totals differ from summary.csv by more than 1e-9 relative.
        /usr/bin/python3 "$repo/bench/numpy_reference.py" "$work/demo-250m.toml" \
            --summary "$work/demo-250m-t$t/summary.csv" --run-json "$work/demo-250m-t$t/run.json" \
            --json "$work/numpy-250m-t$t.json" | tee "$work/numpy-250m-t$t.log"
    done
fi

if [ "${MPI:-1}" = 1 ] && command -v mpirun > /dev/null; then
    data=$work/yunnan-250m
    sed -e "s#\"\.\./data/yunnan-1km/#\"$data/#g" -e "s#\"\.\./#\"$repo/#g" -e '/^baseline *=/d' \
        "$repo/scenarios/yunnan-plan-2011-2020.toml" > "$work/plan-draws-250m.toml"
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    # on_layouts NAME OPTIONS...: the plan at 250 m on 1 x 1, 2 ranks x 1 and
    # 1 x 2 (ranks x threads), into WORKDIR/NAME-250m-LAYOUT, wall time beside it.
    on_layouts() {
        local name=$1; shift
        for layout in 1x1 2x1 1x2; do
            echo "== $name, the plan at 250 m: $layout (ranks x threads)"
            local ranks=${layout%x*} t=${layout#*x} out=$work/$name-250m-$layout
            rm -rf "$out"
            local launch=(); [ "$ranks" -gt 1 ] && launch=(mpirun --oversubscribe -np "$ranks")
            local start; start=$(date +%s.%N)
            "${launch[@]}" "$build/forestsink" run "$work/plan-draws-250m.toml" "$@" --contributions none \
                --threads "$t" --out "$out" -q
            /usr/bin/python3 -c "print($(date +%s.%N) - $start)" > "$out.wall"
        done
    }
    on_layouts draws --draws 4
    # The same draws whoever runs them.
    cmp "$work/draws-250m-1x1/uncertainty.csv" "$work/draws-250m-2x1/uncertainty.csv"
    cmp "$work/draws-250m-1x1/uncertainty.csv" "$work/draws-250m-1x2/uncertainty.csv"
    on_layouts bands --split bands
    diff -rq --exclude=run.json "$work/bands-250m-1x1" "$work/bands-250m-2x1"
    diff -rq --exclude=run.json "$work/bands-250m-1x1" "$work/bands-250m-1x2"
fi

/usr/bin/python3 "$repo/bench/report.py" "$work" $resolutions | tee "$work/results.md"
if [ -f "$work/coarse-1km-over-30m.md" ]; then
    printf '\n### The plan on a 1 km grid of stands over the 30 m data\n\n' | tee -a "$work/results.md"
    tee -a "$work/results.md" < "$work/coarse-1km-over-30m.md"
fi
