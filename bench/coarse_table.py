#!/usr/bin/env python3
"""Issue 19 item 5: how close a run on a coarse grid of stands is to the run at
the data's resolution, and what each costs. Prints a Markdown table from two
output folders (summary.csv, programmes.csv, run.json) and their /usr/bin/time
-v files.

  coarse_table.py FINE_OUT FINE_TIME COARSE_OUT COARSE_TIME
"""
import collections
import csv
import json
import re
import sys


def totals(out):
    rows = [r for r in csv.DictReader(open(f"{out}/summary.csv")) if r["region"] == "all"]
    last, first = rows[-1], int(rows[0]["year"])
    return {"forest area": float(last["forest_area_ha"]), "living stock": float(last["living_stock_m3"]),
            "forest stock": float(last["stock_m3"]), "carbon": float(last["carbon_t"]),
            "growth over the period": sum(float(r["growth_m3"] or 0) for r in rows if int(r["year"]) > first)}


def treated(out):
    area = collections.defaultdict(float)
    for r in csv.DictReader(open(f"{out}/programmes.csv")):
        if r["region"] == "all": area[r["programme"]] += float(r["area_treated_ha"])
    return area


def peak_gb(time_file):
    try:
        text = open(time_file).read()
    except OSError:
        return float("nan")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return int(m[1]) * 1024 / 1e9 if m else float("nan")


def main(fine, fine_time, coarse, coarse_time):
    jf, jc = (json.load(open(f"{o}/run.json")) for o in (fine, coarse))
    tf, tc = jf["timings_s"], jc["timings_s"]
    stands = jc["grid"].get("stands", jc["grid"]["study_cells"])
    years = sum(1 for r in csv.DictReader(open(f"{fine}/summary.csv")) if r["region"] == "all") - 1
    print("| | data's grid | coarse grid of stands |")
    print("|---|---|---|")
    print(f"| study cells (stands) | {jf['grid']['study_cells']:,} | {jc['grid']['study_cells']:,} ({stands:,}) |")
    print(f"| state, bytes per study cell or stand | {jf['memory']['state_bytes'] / jf['grid']['study_cells']:.1f} "
          f"| {jc['memory']['state_bytes'] / stands:.1f} |")
    for k in ("load_inputs", "simulate", "write_rasters", "total"):
        print(f"| {k.replace('_', ' ')}, s | {tf[k]:.1f} | {tc[k]:.1f} |")
    print(f"| simulate, stands × years per second | "
          f"{jf['grid']['study_cells'] * years / tf['simulate'] / 1e6:.0f} M | "
          f"{stands * years / tc['simulate'] / 1e6:.0f} M |")
    print(f"| peak resident memory (time -v) | {peak_gb(fine_time):.2f} GB | {peak_gb(coarse_time):.2f} GB |")
    a, b = totals(fine), totals(coarse)
    for k in a:
        print(f"| {k} | {a[k]:.6g} | {100 * (b[k] / a[k] - 1):+.2f} % |")
    pa, pb = treated(fine), treated(coarse)
    worst = max(pa, key=lambda p: abs(pb[p] / pa[p] - 1) if pa[p] else 0)
    print(f"| programme areas | | within {100 * abs(pb[worst] / pa[worst] - 1):.2f} % ({worst}) |")


if __name__ == "__main__":
    main(*sys.argv[1:5])
