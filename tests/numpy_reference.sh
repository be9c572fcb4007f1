#!/usr/bin/env bash
# bench/numpy_reference.py on the 1 km demo: the natural-growth demo written
# in plain numpy gives forestsink's province stock, biomass and carbon of
# every year (summary.csv) to 1e-9 relative. Times nothing (the benchmark is
# bench/run.sh). Skipped (exit 77) where Debian's python3-numpy or
# python3-gdal is missing; scripts/packages.txt lists both.
#   numpy_reference.sh FORESTSINK_BINARY SOURCE_DIR WORK_DIR
set -eu
bin="$1"; src="$2"; work="$3"
if ! missing=$(/usr/bin/python3 -c 'import numpy; from osgeo import gdal' 2>&1 | tail -n 1; exit "${PIPESTATUS[0]}"); then
  echo "numpy_reference: SKIPPED: /usr/bin/python3 cannot import numpy and osgeo.gdal ($missing);" \
       "install python3-numpy and python3-gdal (scripts/packages.txt)"
  exit 77
fi
rm -rf "$work"
"$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work" --quiet --contributions none
/usr/bin/python3 "$src/bench/numpy_reference.py" "$src/scenarios/yunnan-demo.toml" --summary "$work/summary.csv"
