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
# The reference grows the input stands; it does not plant, check or close
# un-closed plantations (sim/Plantations.h). Both run a copy of the demo that
# reads them (code 11) as land suitable for forest.
demo="$work.yunnan-demo.toml"
root=$(cd "$src" && pwd)
sed -e "s|\.\./|$root/|g" -e 's|^barren = \[4\]|barren = [4, 11]|' -e '/^unclosed_plantation = /d' \
    "$src/scenarios/yunnan-demo.toml" > "$demo"
"$bin" run "$demo" --out "$work" --quiet --contributions none
/usr/bin/python3 "$src/bench/numpy_reference.py" "$demo" --summary "$work/summary.csv"
