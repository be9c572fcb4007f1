#!/usr/bin/python3
"""The natural-growth demo as a forestry user would write it in plain numpy.

    bench/numpy_reference.py SCENARIO --summary OUT/summary.csv [--run-json OUT/run.json]
                             [--tolerance 1e-9] [--json RESULT.json]

Reads the scenario's rasters with GDAL, keeps only the tree cells (forest and
sparse forest, the classes that carry stands) as 1-D arrays, grows them with
forestsink's tabulated rule (species/GrowthTable.h) every year of the scenario
and sums the province's forest stock, tree biomass and tree carbon the way
sim/Accounting.cpp does, in the same float32 and float64 steps. It then
compares these totals with forestsink's summary.csv of the same scenario on the
same data, printing the largest relative difference per year, and exits 1 if
any exceeds the tolerance. The simulate time (the years, not the reading) is
measured as run.json's "simulate": the start year's accounting and every
year's step.

Natural growth only: a scenario with programmes, carbon pools other than the
default tree biomass, or layers not on the land-class grid is refused (exit 1).
Needs Debian's python3-numpy and python3-gdal.
"""
import argparse
import csv
import json
import math
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

MAX_AGE = 300                 # GrowthTable::kMaxAge: curves are flat beyond
DEFAULT_STOCKING_PLATEAU = 0.65  # SpeciesGroup.h kDefaultStockingPlateau (column stocking_plateau)
SITE_CLASSES = ("good", "medium", "poor")
TREE_CLASSES = ("forest", "sparse_forest")  # LandClass.h carriesTrees
INVENTORY_FOREST = ["forest", "bamboo", "special_shrubland"]  # LandClass.h kInventoryForestClasses
# Bamboo cells hold a fixed biomass and no volume (species/BambooStand.h).
BAMBOO_BIOMASS_T_PER_HA, BAMBOO_CARBON_FRACTION = 60.0, 0.5
# Projections whose cells all have the same area Δx·Δy (raster/CellArea.cpp
# tests PROJ's areal scale factor; these are the equal-area methods GDAL names).
EQUAL_AREA = {"Albers_Conic_Equal_Area", "Lambert_Azimuthal_Equal_Area", "Cylindrical_Equal_Area",
              "Mollweide", "Sinusoidal", "Eckert_IV", "Eckert_VI", "Goode_Homolosine"}


class Refused(Exception):
    pass


def read_species(path, growth):
    """Per species code: growth curve, site multipliers, stocking plateau, biomass line, carbon fraction and the
    scenario's [growth] multiplier (scenarios/GrowthChoice.h: every group's, then by name or code)."""
    species = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            g = {k: float(r[k]) for k in ("vmax", "k", "c", "site_good", "site_medium", "site_poor",
                                          "biomass_a", "biomass_b", "carbon_fraction")}
            g["plateau"] = float(r.get("stocking_plateau") or DEFAULT_STOCKING_PLATEAU)
            by = growth.get("by_species", {})
            g["multiplier"] = float(by.get(r["name"], by.get(r["code"], growth.get("multiplier", 1.0))))
            species[int(r["code"])] = g
    return species


def curve_volume(g, age, site):
    """SpeciesGroup::curveVolume: Chapman–Richards in double precision."""
    if age <= 0:
        return 0.0
    return g["vmax"] * g["site_" + site] * math.pow(1.0 - math.exp(-g["k"] * age), g["c"])


def growth_tables(species, codes):
    """GrowthTable's steps, flat over (species, site, age 0..MAX_AGE): 1/(s_p·C(a)), new stand, m·(C(a+1) − C(a))."""
    n = len(codes) * len(SITE_CLASSES) * (MAX_AGE + 1)
    inverse, start, increment = (np.zeros(n, np.float32) for _ in range(3))
    for s, code in enumerate(codes):
        g = species[code]
        for site_index, site in enumerate(SITE_CLASSES):
            base = (s * len(SITE_CLASSES) + site_index) * (MAX_AGE + 1)
            for age in range(MAX_AGE):
                now, nxt = curve_volume(g, age, site), curve_volume(g, age + 1, site)
                inverse[base + age] = 1.0 / (g["plateau"] * now) if now > 0 else 0.0
                start[base + age] = 1.0 if age == 0 else 0.0
                increment[base + age] = g["multiplier"] * (nxt - now)
    return inverse, start, increment


def read_band(path, grid):
    ds = gdal.Open(str(path))
    here = (ds.RasterXSize, ds.RasterYSize, ds.GetGeoTransform())
    if here != grid:
        raise Refused(f"{path}: not on the land-class grid ({here} against {grid}); this script does not warp")
    band = ds.GetRasterBand(1)
    return band.ReadAsArray(), band.GetNoDataValue()


def cell_area_ha(ds):
    """raster/CellArea.cpp on an equal-area grid: Δx·Δy in metres², in hectares."""
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    if srs.IsGeographic() or srs.GetAttrValue("PROJECTION") not in EQUAL_AREA:
        raise Refused(f"{ds.GetDescription()}: the grid's CRS is not an equal-area projection; this script "
                      "does only the equal-area rule of forestsink's cell areas (Δx·Δy)")
    gt = ds.GetGeoTransform()
    return abs(gt[1] * gt[5]) * srs.GetLinearUnits() ** 2 / 1e4


def read_state(scenario_path):
    """The scenario's tree cells as 1-D arrays, and what the years need."""
    scenario = tomllib.loads(scenario_path.read_text(encoding="utf-8"))
    if scenario.get("programmes") or scenario.get("carbon"):
        raise Refused(f"{scenario_path}: natural growth with the default carbon pools only "
                      "(no [[programmes]], no [carbon])")
    here = scenario_path.parent
    layers = scenario["layers"]
    land_ds = gdal.Open(str(here / layers["land_class"]["path"]))
    grid = (land_ds.RasterXSize, land_ds.RasterYSize, land_ds.GetGeoTransform())
    area_ha = cell_area_ha(land_ds)
    land = land_ds.GetRasterBand(1).ReadAsArray()
    class_codes = layers["land_class"]["codes"]
    if np.isin(land, class_codes.get("unclosed_plantation", [])).any():
        raise Refused("the land-class raster holds un-closed plantations, which forestsink plants, checks and "
                      "closes (sim/Plantations.h); this reference only grows the input stands (map them to "
                      "barren to compare)")
    tree = np.isin(land, [c for name in TREE_CLASSES for c in class_codes.get(name, [])])
    forest_codes = [c for name in scenario.get("forest_classes", INVENTORY_FOREST) for c in class_codes.get(name, [])]
    bamboo_cells = int(np.isin(land, class_codes.get("bamboo", [])).sum())
    forest = np.isin(land[tree], forest_codes)
    del land

    species_raster, species_nodata = read_band(here / layers["species"]["path"], grid)
    species_code = species_raster[tree]
    del species_raster
    species = read_species(here / scenario["species_table"], scenario.get("growth", {}))
    codes = sorted(species)
    index_of_code = np.full(65536, -1, np.int32)
    index_of_code[codes] = np.arange(len(codes))
    species_index = index_of_code[species_code]
    if (species_index < 0).any():
        bad = species_code[species_index < 0][0]
        raise Refused(f"species code {bad} on a tree cell is not in the species table (nodata {species_nodata})")

    site_raster, _ = read_band(here / layers["site_class"]["path"], grid)
    site_of_code = np.full(256, -1, np.int32)
    for s, name in enumerate(SITE_CLASSES):
        site_of_code[layers["site_class"].get("codes", {}).get(name, [])] = s
    site = site_of_code[site_raster[tree]]
    del site_raster
    if (site < 0).any():
        raise Refused("a tree cell has a site class code not mapped in [layers.site_class.codes]")

    age_raster, _ = read_band(here / layers["age"]["path"], grid)
    age = np.floor(age_raster[tree] + 0.5).astype(np.uint16)  # StateLoader: lround of a non-negative age
    del age_raster
    volume_raster, _ = read_band(here / layers["volume"]["path"], grid)
    volume = volume_raster[tree].astype(np.float32)
    del volume_raster

    years = range(scenario["start_year"], scenario["end_year"] + 1)
    if age.size and int(age.max()) + len(years) >= np.iinfo(np.uint16).max:
        raise Refused("ages would pass 65535 years; forestsink saturates there, this script does not")

    # Forest cells first, then by species: the stock is the sum of a leading
    # slice, and each species' biomass line applies to a slice of its own.
    order = np.lexsort((species_index, ~forest))
    species_index, site, age, volume = species_index[order], site[order], age[order], volume[order]
    forest_cells = int(forest.sum())
    runs = []  # (first cell, end, species) of each species inside the forest part and the rest
    for lo, hi in ((0, forest_cells), (forest_cells, volume.size)):
        counts = np.bincount(species_index[lo:hi], minlength=len(codes))
        ends = lo + np.cumsum(counts)
        runs += [(int(e - n), int(e), codes[s]) for s, (n, e) in enumerate(zip(counts, ends)) if n]
    return {
        "years": years,
        "area_ha": area_ha,
        "volume": volume, "age": age, "forest_cells": forest_cells, "bamboo_cells": bamboo_cells,
        # Where each cell's curve starts in the growth tables (species × site).
        "curve": (species_index * len(SITE_CLASSES) + site).astype(np.int32) * (MAX_AGE + 1),
        "tables": growth_tables(species, codes),
        # Each run's biomass line (float32, as the engine's) and carbon fraction.
        "runs": [(lo, hi, np.float32(species[c]["biomass_a"]), np.float32(species[c]["biomass_b"]),
                  float(np.float32(species[c]["carbon_fraction"]))) for lo, hi, c in runs],
    }


def grow(state):
    """One year along the curves: f = min(V / (s_p·C(a)), 1) (+1 for a new stand), V += f·m·(C(a+1) − C(a));
    then a += 1."""
    inverse, start, increment = state["tables"]
    volume, age = state["volume"], state["age"]
    step = state["curve"] + np.minimum(age, MAX_AGE)
    r = volume * inverse[step]
    np.minimum(r, np.float32(1.0), out=r)
    r += start[step]
    volume += r * increment[step]
    age += 1


def account(state):
    """Province forest stock (m³), tree biomass (t) and tree carbon (t C), as sim/Accounting.cpp."""
    volume = state["volume"]
    stock = volume[:state["forest_cells"]].sum(dtype=np.float64)
    biomass = BAMBOO_BIOMASS_T_PER_HA * state["bamboo_cells"]
    carbon = biomass * BAMBOO_CARBON_FRACTION
    for lo, hi, a, b, carbon_fraction in state["runs"]:
        v = volume[lo:hi]
        m = (a + b * v).sum(where=v > 0, dtype=np.float64)  # t/ha: M = a + b·V in float32, as the engine
        biomass += m
        carbon += m * carbon_fraction
    area = state["area_ha"]
    return stock * area, biomass * area, carbon * area


def simulate(state):
    totals = {}
    years = state["years"]
    totals[years[0]] = account(state)
    for year in years[1:]:
        grow(state)
        totals[year] = account(state)
    return totals


def forestsink_totals(summary):
    with open(summary, newline="", encoding="utf-8") as f:
        return {int(r["year"]): tuple(float(r[k]) for k in ("stock_m3", "biomass_t", "carbon_t"))
                for r in csv.DictReader(f) if r["region"] == "all"}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("scenario", type=Path)
    p.add_argument("--summary", type=Path, required=True, help="forestsink's summary.csv of the same scenario")
    p.add_argument("--run-json", type=Path, help="forestsink's run.json, to print its simulate seconds beside")
    p.add_argument("--tolerance", type=float, default=1e-9, help="largest relative difference allowed")
    p.add_argument("--json", type=Path, help="write the figures here")
    args = p.parse_args()

    t = time.perf_counter()
    try:
        state = read_state(args.scenario)
    except (Refused, RuntimeError, KeyError, OSError) as e:
        print(f"numpy_reference: {e}", file=sys.stderr)
        return 1
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    totals = simulate(state)
    simulate_s = time.perf_counter() - t

    reference = forestsink_totals(args.summary)
    names = ("stock", "biomass", "carbon")
    worst = 0.0
    print(f"tree cells: {state['volume'].size}, cell area {state['area_ha']:.6g} ha")
    print("year  " + "  ".join(f"{n + ' rel. diff':>18}" for n in names))
    for year, ours in totals.items():
        if year not in reference:
            print(f"numpy_reference: {args.summary} has no province row for {year}", file=sys.stderr)
            return 1
        diffs = [abs(o - r) / max(abs(r), 1e-300) for o, r in zip(ours, reference[year])]
        worst = max(worst, *diffs)
        print(f"{year}  " + "  ".join(f"{d:18.3e}" for d in diffs))
    print(f"numpy read {read_s:.3f} s, simulate {simulate_s:.3f} s ({len(totals) - 1} years)")
    figures = {"tree_cells": int(state["volume"].size), "read_s": read_s, "simulate_s": simulate_s,
               "years": len(totals) - 1, "largest_relative_difference": worst, "tolerance": args.tolerance}
    if args.run_json:
        run = json.loads(args.run_json.read_text())
        fs = run["timings_s"]["simulate"]
        figures.update(forestsink_simulate_s=fs, forestsink_threads=run["threads"],
                       forestsink_simulate_parts_s=sum(v for v in run["timings_s"]["simulate_parts"].values()
                                                       if isinstance(v, (int, float))))
        print(f"forestsink simulate {fs:.3f} s on {run['threads']} thread(s); "
              f"numpy simulate ÷ forestsink simulate = {simulate_s / fs:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if worst > args.tolerance:
        print(f"numpy_reference: totals differ from {args.summary} by {worst:.3e} relative, "
              f"more than {args.tolerance:g}", file=sys.stderr)
        return 1
    print(f"largest relative difference {worst:.3e} <= {args.tolerance:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
