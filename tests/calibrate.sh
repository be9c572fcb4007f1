#!/usr/bin/env bash
# forestsink calibrate: the fitted multiplier, put in the scenario and run by
# `forestsink run`, gives the asked change of forest stock (summary.csv);
# bad years and unknown programme names are refused with exit 1.
#   calibrate.sh FORESTSINK_BINARY SOURCE_DIR WORK_DIR
set -u
bin="$1"; src="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# The natural-growth demo to 2012, asked for +0.2 billion m³ over 2007-2012.
sed -e "s|\.\./|$src/|g" -e 's/^end_year = .*/end_year = 2012/' -e 's/^report_years = .*/report_years = [2007, 2012]/' \
  "$src/scenarios/yunnan-demo.toml" > "$work/demo.toml"
if ! "$bin" calibrate "$work/demo.toml" --from 2007 --to 2012 --stock-change 2e8 --out "$work/growth.toml" \
     > "$work/calibrate.log" 2>&1; then
  fail "calibrate exited non-zero:"; cat "$work/calibrate.log"
fi
m=$(sed -n 's/^multiplier = //p' "$work/growth.toml")
[ -n "$m" ] || fail "no multiplier in growth.toml"
grep -q '^source = "fitted by forestsink calibrate: demo.toml changes forest stock by 2e+08 m3 from 2007 to 2012' \
  "$work/growth.toml" || fail "growth.toml's source does not say what was fitted: $(grep '^source' "$work/growth.toml")"

# Independently: the scenario with that multiplier, run as a user would.
sed -e "s/^multiplier = .*/multiplier = $m/" "$work/demo.toml" > "$work/fitted.toml"
"$bin" run "$work/fitted.toml" --out "$work/run" --quiet --contributions none || fail "the fitted scenario did not run"
change=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                  $c["region"] == "all" && $c["year"] == 2007 { a = $c["stock_m3"] }
                  $c["region"] == "all" && $c["year"] == 2012 { b = $c["stock_m3"] }
                  END { printf "%.3f", b - a }' "$work/run/summary.csv")
# The fit stops within 1e4 m³; the multiplier is written to 6 decimals (about 300 m³ here).
awk -v c="$change" 'BEGIN { d = c - 2e8; exit !(d < 1.1e4 && d > -1.1e4) }' \
  || fail "the fitted multiplier $m gives a stock change of $change m³, not 2e8 within 1.1e4"
# And it is not the scenario's own: the fit moved it.
own=$(sed -n 's/^multiplier = //p' "$work/demo.toml")
[ "$m" != "$own" ] || fail "the fit returned the scenario's own multiplier $own"

# Refusals: exit 1, naming the bad value and what is allowed.
"$bin" calibrate "$work/demo.toml" --from 2000 --to 2012 --stock-change 2e8 > "$work/out" 2> "$work/err"
[ $? -eq 1 ] && grep -q "the calibration years 2000 to 2012 must lie within the scenario's 2007 to 2012" "$work/err" \
  || { fail "years outside the scenario:"; cat "$work/err"; }
sed -e "s|\.\./|$src/|g" "$src/scenarios/yunnan-baseline.toml" > "$work/baseline.toml"
"$bin" calibrate "$work/baseline.toml" --from 2007 --to 2012 --stock-change 1.55e8 --leave-out "2008 snow storm" \
  --out "$work/refused.toml" > "$work/out" 2> "$work/err"
[ $? -eq 1 ] && grep -q "\-\-leave-out '2008 snow storm' is not a programme of the scenario (did you mean '2008 snow and ice storm'?)" "$work/err" \
  || { fail "unknown --leave-out:"; cat "$work/err"; }
[ -e "$work/refused.toml" ] && fail "a refused calibration wrote its --out file"

# By forest type: a run with known multipliers makes the observed changes,
# summed here from its rasters (volume on the forest classes by the species
# raster's code, 100 ha cells); the fit from the demo's own multiplier must
# find them again. A region's change (summary.csv) is checked, not fitted.
sed -e 's/^multiplier = .*/multiplier = 0.7\nby_species = { "Yunnan pine (natural)" = 0.6, "Oak" = 1.1 }/' \
  "$work/demo.toml" > "$work/truth.toml"
"$bin" run "$work/truth.toml" --out "$work/truth" --quiet --contributions none || fail "the truth scenario did not run"
/usr/bin/python3 - "$work/truth" "$work/observed.csv" << 'PY' || fail "could not sum the truth run's rasters"
import csv, sys
import numpy as np
from osgeo import gdal
run, out = sys.argv[1], sys.argv[2]
def band(name, year):
    return gdal.Open(f"{run}/rasters/{name}_{year}.tif").ReadAsArray()  # the dataset-level read keeps its dataset alive
forest = (1, 6, 7)  # tree forest, bamboo, special shrubland: the demo's forest classes
def stock(year, code):
    lc, sp, v = band("land_class", year), band("species", year), band("volume", year).astype(np.float64)
    keep = np.isin(lc, forest) & (v > 0) & ((sp == code) if code else True)
    return float(v[keep].sum() * 100.0)
rows = list(csv.DictReader(open(f"{run}/summary.csv")))
def summary(year, region):
    return next(float(r["stock_m3"]) for r in rows if r["year"] == str(year) and r["region"] == region)
province = summary(2012, "all") - summary(2007, "all")
assert abs(province - (stock(2012, 0) - stock(2007, 0))) < 1e3, "the rasters' stock is not summary.csv's"
zone = "Demo zone 02 (synthetic; not a real prefecture)"
with open(out, "w") as f:
    f.write("forest_type,region,stock_change_m3\n")
    f.write(f"all,all,{province!r}\n")
    f.write(f"Yunnan pine (natural),all,{stock(2012, 1) - stock(2007, 1)!r}\n")
    f.write(f"8,all,{stock(2012, 8) - stock(2007, 8)!r}\n")
    f.write(f"all,\"{zone}\",{summary(2012, zone) - summary(2007, zone)!r}\n")
PY
if ! "$bin" calibrate "$work/demo.toml" --from 2007 --to 2012 --observed "$work/observed.csv" \
     --out "$work/by-type.toml" > "$work/by-type.log" 2>&1; then
  fail "calibrate --observed exited non-zero:"; cat "$work/by-type.log"
fi
/usr/bin/python3 - "$work/by-type.toml" "$work/by-type.log" << 'PY' || fail "calibrate --observed did not find the truth's multipliers"
import sys, tomllib
growth = tomllib.load(open(sys.argv[1], "rb"))["growth"]
found = {"common": growth["multiplier"], **growth["by_species"]}
truth = {"common": 0.7, "Yunnan pine (natural)": 0.6, "Oak": 1.1}
bad = {k: (found.get(k), v) for k, v in truth.items() if found.get(k) is None or abs(found[k] - v) > 2e-3}
assert not bad, f"fitted against truth: {bad}"
assert "reproduces the 4 observed changes" in growth["source"] and "(3 fitted;" in growth["source"], growth["source"]
log = open(sys.argv[2]).read()
checked = [l for l in log.splitlines() if l.startswith("checked Demo zone 02")]
assert checked and "a region's change is not fitted" in checked[0], log
PY

# Bad observations: the file, line and column, the value and what is allowed.
printf 'forest_type,region,stock_change_m3\nOka,all,2e7\n' > "$work/bad-type.csv"
"$bin" calibrate "$work/demo.toml" --from 2007 --to 2012 --observed "$work/bad-type.csv" > "$work/out" 2> "$work/err"
[ $? -eq 1 ] && grep -q "bad-type.csv:2: 'forest_type' names 'Oka', which is not a group of the species table .* (did you mean 'Oak'?)" "$work/err" \
  || { fail "unknown forest type:"; cat "$work/err"; }
"$bin" calibrate "$work/demo.toml" --from 2007 --to 2012 > "$work/out" 2> "$work/err"
[ $? -eq 1 ] && grep -q "calibrate needs the observed change: --stock-change M3 (the province's) or --observed CSV" "$work/err" \
  || { fail "no observed change:"; cat "$work/err"; }
"$bin" calibrate "$work/demo.toml" --from 2007 --to 2012 --stock-change 2e8 --observed "$work/observed.csv" > "$work/out" 2> "$work/err"
[ $? -ne 0 ] && grep -q "excludes" "$work/err" || { fail "both --stock-change and --observed:"; cat "$work/err"; }

[ "$failed" -eq 0 ] && echo "calibrate: all checks passed"
exit "$failed"
