#!/usr/bin/env python3
"""Turns the raw figures of bench/run.sh into the README's tables (Markdown)."""
import json
import re
import sys
from pathlib import Path

work = Path(sys.argv[1])
resolutions = sys.argv[2:]


def gnu_time(path):
    """Elapsed seconds and peak RSS (bytes) from /usr/bin/time -v."""
    text = path.read_text() if path.exists() else ""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    seconds = None
    if wall:
        seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) * 1024 if rss else None


bench = {b["name"]: b for b in json.loads((work / "bench_step.json").read_text())["benchmarks"]}


def rate(name, threads, key="items_per_second"):
    return bench[f"{name}/{threads}/real_time"][key]


print("### Yearly step against the memory-bandwidth probe (in-memory grid of 8 M cells)\n")
print("| benchmark | 1 thread | 2 threads |")
print("|---|---|---|")
print(f"| STREAM triad | {rate('BM_StreamTriad', 1, 'bytes_per_second') / 1e9:.1f} GB/s | "
      f"{rate('BM_StreamTriad', 2, 'bytes_per_second') / 1e9:.1f} GB/s |")
for name, label in [("BM_StateSweep", "probe: read the 16 B state, write age and volume (no model)"),
                    ("BM_Growth", "growth"), ("BM_Accounting", "accounting"),
                    ("BM_YearlyStep", "yearly step (one pass: growth, transitions, accounting; and the ledger)")]:
    print(f"| {label} | {rate(name, 1) / 1e6:.0f} M cells·yr/s | {rate(name, 2) / 1e6:.0f} M cells·yr/s |")
for t in (1, 2):
    print(f"\nRatio of the yearly step to the probe, {t} thread{'s' if t > 1 else ''}: "
          f"{rate('BM_YearlyStep', t) / rate('BM_StateSweep', t):.2f} "
          f"(growth alone {rate('BM_Growth', t) / rate('BM_StateSweep', t):.2f}, "
          f"accounting alone {rate('BM_Accounting', t) / rate('BM_StateSweep', t):.2f}).")

print("\n### The plan 2007–2020, end to end (no baseline), against GDAL alone\n")
print("| | " + " | ".join(f"{r} m" for r in resolutions) + " |")
print("|---|" + "---|" * len(resolutions))
rows = {}
for r in resolutions:
    run = json.loads((work / f"out-{r}m" / "run.json").read_text())
    io = json.loads((work / f"gdal-io-{r}m.json").read_text())
    wall, rss = gnu_time(work / f"run-{r}m.time")
    gen_wall, gen_rss = gnu_time(work / f"generate-{r}m.time")
    t = run["timings_s"]
    cells, study = run["grid"]["cells"], run["grid"]["study_cells"]
    steps = run["parameters"]["end_year"] - run["parameters"]["start_year"]
    out_bytes = sum(p.stat().st_size for p in (work / f"out-{r}m" / "rasters").glob("*.tif"))
    rows.setdefault("grid cells (province cells)", []).append(f"{cells / 1e6:.1f} M ({study / 1e6:.1f} M)")
    rows.setdefault("state in memory", []).append(
        f"{run['memory']['state_bytes'] / 1e9:.2f} GB ({run['state_bytes_per_cell']} B per study cell)")
    fresh_run = t.get("load_inputs_parts", {}).get("fresh_memory")
    rows.setdefault("read inputs", []).append(
        f"{t['load_inputs']:.1f} s" + (f" (of which {fresh_run:.1f} s the state's fresh memory)" if fresh_run is not None else ""))
    rows.setdefault("simulate 13 years (programmes, growth, accounting)", []).append(f"{t['simulate']:.1f} s")
    step_rate = cells * steps / t["simulate"]
    rows.setdefault("yearly step of the run (with 14 programmes), grid cells × years per second", []).append(
        f"{step_rate / 1e6:.0f} M ({step_rate / rate('BM_StateSweep', run['threads']):.2f} of the probe)")
    rows.setdefault("write rasters (COGs + carbon snapshots)", []).append(f"{t['write_rasters']:.1f} s")
    rows.setdefault("report (maps, charts, HTML)", []).append(f"{t['report']:.1f} s")
    rows.setdefault("total (run.json)", []).append(f"{t['total']:.1f} s")
    rows.setdefault("GDAL alone: read the inputs", []).append(f"{io['read_inputs_s']:.1f} s")
    if io.get("state_bytes"):  # the first write of as much fresh memory as the run's state
        fresh = io["populate_state_s"]
        rows.setdefault("GDAL alone: first write of the state's bytes in fresh memory", []).append(
            f"{fresh:.1f} s ({io['state_bytes'] / 1e9:.2f} GB)")
        rows.setdefault("**read inputs ÷ (GDAL read + fresh memory)**", []).append(
            f"**{t['load_inputs'] / (io['read_inputs_s'] + fresh):.2f}×** "
            f"({t['load_inputs'] / io['read_inputs_s']:.2f}× GDAL's read alone)")
    if fresh_run is not None:
        rows.setdefault("read inputs less their fresh memory ÷ GDAL read", []).append(
            f"{(t['load_inputs'] - fresh_run) / io['read_inputs_s']:.2f}×")
    rows.setdefault(f"GDAL alone: write the {io['outputs']} COGs", []).append(f"{io['write_outputs_s']:.1f} s")
    rows.setdefault("**run ÷ GDAL alone**", []).append(f"**{t['total'] / io['total_s']:.2f}×**")
    if io.get("state_bytes"):
        rows.setdefault("run ÷ (GDAL alone + fresh memory)", []).append(
            f"{t['total'] / (io['total_s'] + io['populate_state_s']):.2f}×")
    rows.setdefault("output COGs on disk", []).append(f"{out_bytes / 1e9:.2f} GB")
    rows.setdefault("peak resident memory (run.json / time -v)", []).append(
        f"{run['memory']['peak_resident_bytes'] / 1e9:.2f} GB" + (f" / {rss / 1e9:.2f} GB" if rss else ""))
    rows.setdefault("peak bytes per grid cell (per province cell)", []).append(
        f"{run['memory']['peak_resident_bytes'] / cells:.1f} ({run['memory']['peak_resident_bytes'] / study:.1f})")
    if gen_wall:
        rows.setdefault("generating the data (threads, wall, peak memory)", []).append(
            f"{gen_wall / 60:.1f} min, {gen_rss / 1e9:.2f} GB")
for label, values in rows.items():
    print(f"| {label} | " + " | ".join(values) + " |")

numpy_runs = [work / f"numpy-250m-t{t}.json" for t in (1, 2)]
if all(p.exists() for p in numpy_runs):
    runs = [json.loads(p.read_text()) for p in numpy_runs]
    numpy_s = min(r["simulate_s"] for r in runs)  # numpy's better time of its two runs
    print("\n### The natural-growth demo at 250 m: forestsink against the same years in plain numpy\n")
    print(f"bench/numpy_reference.py: {runs[0]['tree_cells'] / 1e6:.1f} M tree cells as 1-D arrays, "
          f"{runs[0]['years']} years, one core; its totals agree with summary.csv to "
          f"{max(r['largest_relative_difference'] for r in runs):.1e} relative. Issue 12's aim: forestsink ≥ 5× "
          "numpy on 1 thread, ≥ 10× on 2.\n")
    print("| | simulate (run.json) | of which the yearly stages (simulate_parts) | numpy simulate ÷ this simulate |")
    print("|---|---|---|---|")
    print(f"| numpy, 1 core (better of 2 runs) | {numpy_s:.2f} s | | 1 |")
    for r in runs:
        t = r["forestsink_threads"]
        print(f"| forestsink, {t} thread{'s' if t > 1 else ''} | {r['forestsink_simulate_s']:.2f} s | "
              f"{r['forestsink_simulate_parts_s']:.2f} s | **{numpy_s / r['forestsink_simulate_s']:.2f}** |")

draw_runs = {layout: work / f"draws-250m-{layout}" for layout in ("1x1", "2x1", "1x2")}
if all((d / "run.json").exists() for d in draw_runs.values()):
    print("\n### Monte Carlo draws over MPI ranks (250 m plan, 4 draws)\n")
    print("uncertainty.csv is the same bytes in all three. Draw d runs on rank (d + 1) mod N; the main "
          "simulation, tables and report run on rank 0.\n")
    print("| ranks × threads | wall | Monte Carlo stage | draws per rank | simulate (rank 0) |")
    print("|---|---|---|---|---|")
    base = None
    for layout, d in draw_runs.items():
        run = json.loads((d / "run.json").read_text())
        t = run["timings_s"]
        wall = float((work / f"draws-250m-{layout}.wall").read_text())
        base = base or t["monte_carlo"]
        per_rank = ", ".join(str(r["draws"]) for r in run["ranks"])
        print(f"| {layout.replace('x', ' × ')} | {wall:.1f} s | {t['monte_carlo']:.1f} s "
              f"({base / t['monte_carlo']:.2f}× of 1 × 1) | {per_rank} | {t['simulate']:.1f} s |")

band_runs = {layout: work / f"bands-250m-{layout}" for layout in ("1x1", "2x1", "1x2")}
if all((d / "run.json").exists() for d in band_runs.values()):
    print("\n### One run split into bands of rows over MPI ranks (250 m plan, no draws, no baseline)\n")
    print("The output sets are the same bytes (run.json aside). With 2 ranks each rank reads and holds its band; "
          "the efficiency is the 1 × 1 wall time ÷ (2 × this wall time); the last column compares with 1 process "
          "of 2 threads.\n")
    print("| ranks × threads | wall | read inputs | simulate | rasters | efficiency | ÷ 1 × 2 |")
    print("|---|---|---|---|---|---|---|")
    walls = {layout: float((work / f"bands-250m-{layout}.wall").read_text()) for layout in band_runs}
    for layout, d in band_runs.items():
        run = json.loads((d / "run.json").read_text())
        t = run["timings_s"]
        workers = int(layout[0]) * int(layout[2])
        eff = walls["1x1"] / (workers * walls[layout])
        print(f"| {layout.replace('x', ' × ')} | {walls[layout]:.1f} s | {t['load_inputs']:.1f} s | "
              f"{t['simulate']:.1f} s | {t['write_rasters']:.1f} s | {eff:.2f} | "
              f"{walls[layout] / walls['1x2']:.2f} |")
    run = json.loads((band_runs["2x1"] / "run.json").read_text())
    print("\n| rank | rows | state | simulated years | MPI seconds per year | MB sent per year | MB received per year | collectives per year |")
    print("|---|---|---|---|---|---|---|---|")
    for r in run["ranks"]:
        c, y = r["communication"], max(1, r["simulated_years"])
        print(f"| {r['rank']} | {r['rows']['first']}–{r['rows']['first'] + r['rows']['count'] - 1} | "
              f"{r['state_bytes'] / 1e6:.0f} MB | {r['simulated_years']} | {c['seconds'] / y:.3f} | "
              f"{c['bytes_sent'] / y / 1e6:.2f} | {c['bytes_received'] / y / 1e6:.2f} | {c['collective_calls'] / y:.0f} |")
