#!/usr/bin/env bash
# The same province on any grid (issue 19 item 3): the shipped Yunnan and
# Hubei plans, run on their demo data and on grids ½×, 2×, 3× and 4× as
# coarse (Yunnan from 250 m data made by forestsink-make-demo), agree on
# forest area, living stock, carbon and growth summed over the years within
# 1 % at ½× and 2× and 2 % at 3× and 4× (issue 19's figures), and so does
# every programme's treated area (a volume quota's volume); the coarser
# grids start from the data's own study area, forest area, stock and carbon
# (each coarse cell keeps the stands of its source cells, sim/Stands.h) and
# say so in run.json; the sub-compartments (polygons) on grids 2x, 4x and 8x
# as coarse as their 250 m grid agree with it likewise (their cells keeping
# the stands of a lattice finer than the polygons); and the code-range
# eligibility rasters of the Hubei
# plan select, at 2× and 3×, the area their codes pass on the raster's own
# cells within 1 %.
#   grid_independence.sh FORESTSINK MAKE_DEMO SOURCE_DIR WORK_DIR
set -u
bin="$1"; make_demo="$2"; src="$3"; work="$4"
rm -rf "$work"; mkdir -p "$work"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# A scenario on another grid: the [grid] block `forestsink grid` prints for its land-class raster.
on_grid() {  # scenario land_class_raster cell_size out [forestsink grid options]
  "$bin" grid "$2" --cell-size "$3" "${@:5}" | grep -v '^#' > "$work/grid.txt"
  /usr/bin/python3 - "$1" "$work/grid.txt" "$4" << 'PY'
import re, sys
s, g = open(sys.argv[1]).read(), open(sys.argv[2]).read()
t = re.sub(r'\[grid\]\nlayer = "land_class".*\n', lambda m: g, s, count=1)
assert t != s, "no [grid] layer = \"land_class\" block"
open(sys.argv[3], "w").write(t)
PY
}

run() {  # scenario out
  "$bin" run "$1" --out "$2" --quiet --contributions none || fail "$1 did not run"
}

# Hubei: 1 km data on 500 m, 1, 2, 3 and 4 km grids.
sed -e "s|\.\./|$src/|g" -e '/^baseline = /d' "$src/scenarios/hubei-plan-2011-2015.toml" > "$work/hubei.toml"
run "$work/hubei.toml" "$work/hubei-1000"
for size in 500 2000 3000 4000; do
  on_grid "$work/hubei.toml" "$src/data/hubei-1km/land_class.tif" $size "$work/hubei-$size.toml"
  run "$work/hubei-$size.toml" "$work/hubei-$size"
done
# Hubei on grids in another CRS (UTM 49N): at 2 km each cell keeps the stands of the data cells whose centres,
# carried into UTM, it holds; at 1.2 km a cell might hold no data cell's centre, so each keeps one sampled stand.
on_grid "$work/hubei.toml" "$src/data/hubei-1km/land_class.tif" 2000 "$work/hubei-utm.toml" --crs EPSG:32649
run "$work/hubei-utm.toml" "$work/hubei-utm"
on_grid "$work/hubei.toml" "$src/data/hubei-1km/land_class.tif" 1200 "$work/hubei-utm-1200.toml" --crs EPSG:32649
run "$work/hubei-utm-1200.toml" "$work/hubei-utm-1200"
# Contributions on a grid of stands: the runs without each programme share the plan's loaded state, whose
# stands carry the eligibility tests by raster and range (not by programme), and the baseline; each
# programme's CO2e against the baseline on 2 km as at 1 km, within 1 % of all programmes' together.
sed -e "s|\.\./|$src/|g" "$src/scenarios/hubei-baseline.toml" > "$work/hubei-baseline.toml"
sed -e "s|\.\./|$src/|g" -e 's|^baseline = .*|baseline = "hubei-baseline.toml"|' "$src/scenarios/hubei-plan-2011-2015.toml" \
  > "$work/hubei-c.toml"
on_grid "$work/hubei-baseline.toml" "$src/data/hubei-1km/land_class.tif" 2000 "$work/hubei-baseline-2000.toml"
on_grid "$work/hubei-c.toml" "$src/data/hubei-1km/land_class.tif" 2000 "$work/hubei-c-2000.toml"
sed -i 's|^baseline = .*|baseline = "hubei-baseline-2000.toml"|' "$work/hubei-c-2000.toml"
for g in "" "-2000"; do
  "$bin" run "$work/hubei-c$g.toml" --out "$work/hubei-contributions$g" --quiet --contributions all \
    || fail "hubei-c$g.toml did not run"
done
# Yunnan: 250 m data on 250 m, 500 m and 1 km grids.
"$make_demo" --province yunnan --resolution 250 --out "$work/y250" --repo "$src" > "$work/make-demo.log" 2>&1 \
  || { fail "forestsink-make-demo --resolution 250:"; cat "$work/make-demo.log"; }
sed -e "s|\.\./data/yunnan-1km|$work/y250|g" -e "s|\.\./|$src/|g" -e '/^baseline = /d' \
  "$src/scenarios/yunnan-plan-2011-2020.toml" > "$work/yunnan.toml"
run "$work/yunnan.toml" "$work/yunnan-250"
for size in 500 1000; do
  on_grid "$work/yunnan.toml" "$work/y250/land_class.tif" $size "$work/yunnan-$size.toml"
  run "$work/yunnan-$size.toml" "$work/yunnan-$size"
done
# Sub-compartments: 285 polygons of 100-400 ha on their 250 m grid and on 500 m, 1 and 2 km grids, whose
# cells keep the stands of a lattice of 250 m cells (a quarter of a 100 ha polygon's side).
sed -e "s|\.\./|$src/|g" "$src/scenarios/yunnan-xiaoban.toml" > "$work/xiaoban.toml"
run "$work/xiaoban.toml" "$work/xiaoban-250"
for size in 500 1000 2000; do
  sed -e "s/^cell_size = 250$/cell_size = $size/" "$work/xiaoban.toml" > "$work/xiaoban-$size.toml"
  run "$work/xiaoban-$size.toml" "$work/xiaoban-$size"
done

/usr/bin/python3 - "$work" "$src" << 'PY' || fail "the coarser grids do not give the same province"
import csv, collections, json, re, sys
import numpy as np
from osgeo import gdal
work, src = sys.argv[1], sys.argv[2]
bad = []

def totals(out, first_year):
    rows = [r for r in csv.DictReader(open(f"{out}/summary.csv")) if r["region"] == "all"]
    last = rows[-1]
    return {"forest area": float(last["forest_area_ha"]), "living stock": float(last["living_stock_m3"]),
            "carbon": float(last["carbon_t"]),
            "growth": sum(float(r["growth_m3"] or 0) for r in rows if int(r["year"]) > first_year)}

def treated(out):
    area, volume, years = collections.defaultdict(float), collections.defaultdict(float), collections.defaultdict(set)
    quota_m3 = set()
    for r in csv.DictReader(open(f"{out}/programmes.csv")):
        if r["region"] == "all" and float(r["area_treated_ha"]) > 0:
            area[r["programme"]] += float(r["area_treated_ha"])
            volume[r["programme"]] += float(r["volume_m3"] or 0)
            years[r["programme"]].add(r["year"])
            if r["quota_unit"] == "m3": quota_m3.add(r["programme"])
    return area, volume, years, quota_m3

def compare(name, fine, coarse, cell_ha, fine_cell_ha, tolerance, sampled=False):
    first = int(next(csv.DictReader(open(f"{fine}/summary.csv")))["year"])
    a, b = totals(fine, first), totals(coarse, first)
    for k in a:
        d = b[k] / a[k] - 1
        print(f"{name}: {k} {a[k]:.6g} -> {b[k]:.6g} ({100 * d:+.2f} %)")
        if abs(d) > tolerance: bad.append(f"{name}: {k} {100 * d:+.2f} %")
    (pa, va, _, m3), (pb, vb, years, _) = treated(fine), treated(coarse)
    for p in pa:
        d = pb[p] - pa[p]
        # Every programme's area within the tolerance (a volume quota's: its volume, and its area printed).
        print(f"{name}: treated by '{p}' {pa[p]:.6g} -> {pb[p]:.6g} ha ({100 * d / pa[p]:+.2f} %)"
              f"{'; a volume quota: its volume checked' if p in m3 else ''}")
        # A sampled grid takes whole cells: less than one cell more than its years ask, on each grid.
        if p not in m3 and abs(d) > max(tolerance * pa[p], cell_ha + fine_cell_ha if sampled else 0):
            bad.append(f"{name}: '{p}' treated {100 * d / pa[p]:+.2f} %")
        if p in m3:
            dv = vb[p] - va[p]
            print(f"{name}: volume of '{p}' {va[p]:.6g} -> {vb[p]:.6g} m3 ({100 * dv / va[p]:+.2f} %)")
            if abs(dv) > tolerance * va[p] and not sampled: bad.append(f"{name}: '{p}' volume {100 * dv / va[p]:+.2f} %")
    # A coarser grid keeps every source cell as part of a stand: the first year's study area, forest area and
    # living stock are the data's (to the float rounding of a stand's mean volume).
    if cell_ha > fine_cell_ha and not sampled:
        f0, c0 = (next(r for r in csv.DictReader(open(f"{o}/summary.csv")) if r["region"] == "all") for o in (fine, coarse))
        for k in ("area_ha", "forest_area_ha", "living_stock_m3", "carbon_t"):
            d = float(c0[k]) / float(f0[k]) - 1
            if abs(d) > 1e-6: bad.append(f"{name}: first year's {k} {float(f0[k]):.9g} -> {float(c0[k]):.9g} ({d:+.2e})")

for size, tol in ((500, 0.01), (2000, 0.01), (3000, 0.02), (4000, 0.02)):
    compare(f"hubei {size} m", f"{work}/hubei-1000", f"{work}/hubei-{size}", (size / 100.0) ** 2, 100.0, tol)
compare("hubei 2000 m in UTM 49N", f"{work}/hubei-1000", f"{work}/hubei-utm", 400.0, 100.0, 0.01)
compare("hubei 1200 m in UTM 49N (sampled)", f"{work}/hubei-1000", f"{work}/hubei-utm-1200", 144.0, 100.0, 0.01,
        sampled=True)
for size, tol in ((500, 0.01), (1000, 0.02)):
    compare(f"yunnan 250 m data on {size} m", f"{work}/yunnan-250", f"{work}/yunnan-{size}", (size / 100.0) ** 2, 6.25, tol)
for size, tol in ((500, 0.01), (1000, 0.02), (2000, 0.02)):
    compare(f"sub-compartments on {size} m", f"{work}/xiaoban-250", f"{work}/xiaoban-{size}", (size / 100.0) ** 2, 6.25, tol)

# Code ranges: the area whose land-class code passes, on the raster's own 1 km cells, against
# the area the 2 km and 3 km grids select (run.json's notes).
codes = gdal.Open(f"{src}/data/hubei-1km/land_class.tif").ReadAsArray()
for size in (2000, 3000):
    notes = json.load(open(f"{work}/hubei-{size}/run.json"))["notes"]
    found = 0
    for note in notes:
        m = re.search(r"eligibility raster \(land_class\.tif, (\d+)–(\d+)\).* cover ([0-9.]+) ha", note)
        if not m: continue
        lo, hi, selected = int(m[1]), int(m[2]), float(m[3])
        own = float(((codes >= lo) & (codes <= hi)).sum()) * 100.0
        d = selected / own - 1
        print(f"hubei {size} m: codes {lo}-{hi} pass on {own:.6g} ha at 1 km; the grid selects {selected:.6g} ha ({100 * d:+.2f} %)")
        if abs(d) > 0.01: bad.append(f"hubei {size} m: codes {lo}-{hi} select {100 * d:+.2f} %")
        found += 1
    if found != 3: bad.append(f"hubei {size} m: {found} notes on eligibility rasters in run.json, not 3")
# The run says what its cells kept (issue 19 item 4): on a coarser grid, the stands built of the data's
# cells, which are every study cell of the data's grid; on the data's grid or a finer one, nothing.
def stands_note(out):
    notes = json.load(open(f"{out}/run.json"))["notes"]
    found = [n for n in notes if n.startswith("grid coarser than the land-class")]
    return found[0] if found else None
def study_cells(out):
    return json.load(open(f"{out}/run.json"))["grid"]["study_cells"]
for out in ("hubei-1000", "hubei-500", "yunnan-250", "hubei-utm-1200", "xiaoban-250"):
    if stands_note(f"{work}/{out}"): bad.append(f"{out}: a note of stands on a grid not coarser than the data")
for out, data in (("hubei-2000", "hubei-1000"), ("hubei-3000", "hubei-1000"), ("hubei-4000", "hubei-1000"),
                  ("hubei-utm", "hubei-1000"), ("yunnan-500", "yunnan-250"), ("yunnan-1000", "yunnan-250"),
                  ("xiaoban-500", "xiaoban-250"), ("xiaoban-1000", "xiaoban-250"), ("xiaoban-2000", "xiaoban-250")):
    note = stands_note(f"{work}/{out}")
    m = re.search(r"each of the (\d+) study cells .* \((\d+) source cells\).*: (\d+) stands, [0-9.]+ a cell; (\d+) cells", note or "")
    if not m: bad.append(f"{out}: no note of its stands: {note}"); continue
    cells, source, stands, mixed = (int(m[k]) for k in range(1, 5))
    print(f"{out}: {cells} study cells of {stands} stands from {source} source cells; {mixed} cells of more than one")
    if source != study_cells(f"{work}/{data}"): bad.append(f"{out}: {source} source cells, the data has {study_cells(f'{work}/{data}')}")
    if not cells <= stands <= source or not 0 < mixed < cells: bad.append(f"{out}: stands do not add up: {note}")
# Rasters of a coarse run (issue 19 item 4): in the first year, each cell shows the area-weighted mean of its
# source cells' volume and age, and their commonest land class and species (ties: the lower code), as the
# data's own run has them (1 km cells of equal area), computed here from that run's rasters.
def rasters_of_source_cells(fine, coarse, year):
    for layer, codes in (("volume", False), ("age", False), ("land_class", True), ("species", True)):
        f, c = (gdal.Open(f"{o}/rasters/{layer}_{year}.tif") for o in (fine, coarse))
        fv, cv = f.ReadAsArray().astype(float), c.ReadAsArray().astype(float)
        fnd, cnd = f.GetRasterBand(1).GetNoDataValue(), c.GetRasterBand(1).GetNoDataValue()
        fg, cg = f.GetGeoTransform(), c.GetGeoTransform()
        rows, cols = np.indices(fv.shape)
        x, y = fg[0] + (cols + 0.5) * fg[1], fg[3] + (rows + 0.5) * fg[5]
        cc, cr = np.floor((x - cg[0]) / cg[1]).astype(int), np.floor((y - cg[3]) / cg[5]).astype(int)
        keep = (fv != fnd) & (cr >= 0) & (cr < cv.shape[0]) & (cc >= 0) & (cc < cv.shape[1])
        cell = cr[keep] * cv.shape[1] + cc[keep]
        expected = np.full(cv.size, cnd)
        if codes:
            for k in np.unique(cell):
                values, counts = np.unique(fv[keep][cell == k], return_counts=True)
                expected[k] = values[np.argmax(counts)]  # np.unique sorts, argmax takes the first: the lower code
        else:
            n = np.bincount(cell, minlength=cv.size)
            sums = np.bincount(cell, weights=fv[keep], minlength=cv.size)
            expected[n > 0] = sums[n > 0] / n[n > 0]
            if layer == "age": expected[n > 0] = np.floor(expected[n > 0] + 0.5)
        got = cv.ravel()
        wrong = ~np.isclose(got, expected, rtol=1e-5, atol=1e-3)
        print(f"{coarse.split('/')[-1]}: {layer}_{year}: {int((got != cnd).sum())} cells, {int(wrong.sum())} differ from the source cells'")
        if wrong.any(): bad.append(f"{coarse}: {layer}_{year}: {int(wrong.sum())} cells differ from their source cells', e.g. {got[wrong][:3]} for {expected[wrong][:3]}")
for size in (2000, 3000):
    rasters_of_source_cells(f"{work}/hubei-1000", f"{work}/hubei-{size}", 2010)
def contributions(out, year):
    return {r["programme"]: float(r["additional_co2e_t"]) for r in csv.DictReader(open(f"{out}/contributions.csv"))
            if r["year"] == str(year)}
a, b = contributions(f"{work}/hubei-contributions", 2015), contributions(f"{work}/hubei-contributions-2000", 2015)
everything = a.pop("all programmes (plan - baseline)")
for p, co2e in a.items():
    d = (b.get(p, float("nan")) - co2e) / everything
    print(f"hubei 2000 m: contribution of '{p}' {co2e:.6g} -> {b.get(p, float('nan')):.6g} t CO2e ({100 * d:+.2f} % of all)")
    if not abs(d) <= 0.01: bad.append(f"hubei 2000 m: contribution of '{p}' {100 * d:+.2f} % of all")
# A sampled grid says how many of its cells mix land classes.
note = next((n for n in json.load(open(f"{work}/hubei-utm-1200/run.json"))["notes"]
             if n.startswith("grid other than the land-class raster's")), "")
m = re.search(r": (\d+) of the (\d+) study cells", note)
if not m or not 0 < int(m[1]) < int(m[2]): bad.append(f"hubei-utm-1200: no note of its mixed cells: {note}")
else: print(f"hubei-utm-1200: {m[1]} of {m[2]} study cells mix land classes")
for b in bad: print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

[ "$failed" -eq 0 ] && echo "grid_independence: all checks passed"
exit "$failed"
