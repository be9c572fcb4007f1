#!/usr/bin/python3
"""Fits one growth multiplier for every species group so that a scenario's
forest stock changes by a given amount between two years.

    scripts/fit_growth_multiplier.py FORESTSINK SCENARIO --from 2007 --to 2012 --change 0.155e9
                                     [--drop-programme NAME]... [--tolerance 1e-4] [--work DIR]

Runs `FORESTSINK run` on a copy of SCENARIO whose [growth] table is replaced
by `multiplier = m` (relative paths made absolute, so the copy runs from
anywhere; each --drop-programme removes the [[programmes]] table of that
name), reads summary.csv's province forest stock (`stock_m3`, region
`all`) in the two years, and solves stock(to) − stock(from) = change for m by
the secant method (the change grows monotonically with m). Prints each trial
and the fitted m with its residual. The demo's [growth] multiplier was found
with it (scenarios/README.md, "Growth multipliers"): the inventory's
+0.155 billion m³ of 2002 → 2007 (plan-targets.md) asked of the baseline's
first five years, 2007 → 2012, net of its harvest, background fire and
pests and plantation closure, without the 2008 storm and the 2009–2012
drought (events of the later period, not of 2002–2007).

One multiplier for all groups, because a province total is one equation;
fitting a multiplier per group needs a target per group (forest type or
region totals), which `forestsink calibrate` (issue 14 item 5) is to do.
"""
import argparse
import csv
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def without_programmes(text, names):
    """The scenario text without the [[programmes]] tables named in `names` (each must be there)."""
    parts = re.split(r'(?m)^(?=\[)', text)
    kept, dropped = [], set()
    for part in parts:
        m = re.match(r'\[\[programmes\]\]\s*\nname\s*=\s*"([^"]*)"', part)
        if m and m.group(1) in names:
            dropped.add(m.group(1))
            continue
        kept.append(part)
    if dropped != set(names):
        raise SystemExit(f"fit_growth_multiplier: no programme named {sorted(set(names) - dropped)}")
    return "".join(kept)


def scenario_with_multiplier(text, folder, m):
    """The scenario text with absolute paths and [growth] multiplier = m (any earlier [growth] table removed)."""
    text = re.sub(r'"\.\./', f'"{folder.parent}/', text)
    text = re.sub(r'^(baseline\s*=\s*")(?!/)', rf'\g<1>{folder}/', text, flags=re.M)
    text = re.sub(r'^\[growth\]\n(?:(?!\[).*\n)*', "", text, flags=re.M)
    return text + f'\n[growth]\nmultiplier = {m!r}\nsource = "trial of scripts/fit_growth_multiplier.py"\n'


def stock_change(forestsink, scenario, work, m, first, last, drop):
    path = work / f"trial-{m:.6f}.toml"
    text = without_programmes(scenario.read_text(encoding="utf-8"), drop)
    path.write_text(scenario_with_multiplier(text, scenario.resolve().parent, m))
    out = work / f"out-{m:.6f}"
    subprocess.run([forestsink, "run", str(path), "--out", str(out), "--quiet", "--contributions", "none"],
                   check=True)
    with open(out / "summary.csv", newline="", encoding="utf-8") as f:
        stock = {int(r["year"]): float(r["stock_m3"]) for r in csv.DictReader(f) if r["region"] == "all"}
    return stock[last] - stock[first]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("forestsink")
    p.add_argument("scenario", type=Path)
    p.add_argument("--from", dest="first", type=int, required=True)
    p.add_argument("--to", dest="last", type=int, required=True)
    p.add_argument("--change", type=float, required=True, help="m³ of forest stock gained from --from to --to")
    p.add_argument("--drop-programme", action="append", default=[], help="run without this programme")
    p.add_argument("--tolerance", type=float, default=1e-4, help="relative residual to stop at")
    p.add_argument("--work", type=Path, help="keep the trial runs here")
    args = p.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="fit-growth-"))
    work.mkdir(parents=True, exist_ok=True)

    def residual(m):
        change = stock_change(args.forestsink, args.scenario, work, m, args.first, args.last, args.drop_programme)
        print(f"multiplier {m:.6f}: stock change {args.first}->{args.last} {change / 1e9:.6f} billion m3, "
              f"residual {(change - args.change) / 1e6:+.3f} million m3", flush=True)
        return change - args.change

    a, b = 1.0, 0.8
    ra, rb = residual(a), residual(b)
    for _ in range(12):
        if abs(rb) <= args.tolerance * abs(args.change):
            print(f"fitted multiplier {b:.4f} (residual {rb / 1e6:+.3f} million m3)")
            return 0
        a, b, ra = b, b - rb * (b - a) / (rb - ra), rb
        rb = residual(b)
    print("fit_growth_multiplier: no convergence in 12 secant steps", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
