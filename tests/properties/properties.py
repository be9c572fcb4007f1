#!/usr/bin/env python3
"""Whole-run properties of forestsink, checked on the outputs of real runs of
the command-line program (Debian's python3 only).

  properties.py runs    BIN SRC DIR  runs the Hubei plan (a test copy with a
                                     regional quota) into DIR: contributions
                                     none on 1, 2, 3 and 8 threads (with 64,
                                     911, 7 and 5 rows per tile), plan and all
                                     on 2 threads (the CTest fixture)
  properties.py threads DIR          none-t1/2/3/8 give the same bytes
  properties.py modes   DIR          --contributions none|plan|all agree
  properties.py report  DIR          every number of report.html is its CSV's
  properties.py batch   BIN SRC DIR  a batch's variants equal single runs
  properties.py batch_many BIN SRC DIR  12 variants on all cores equal single runs
  properties.py batch_resume BIN SRC DIR  --resume runs only what is missing
  properties.py batch_memory BIN SRC DIR  variants at once under ulimit -v

Each check prints what differs and exits 1 on failure.
"""
import concurrent.futures
import csv
import hashlib
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

THREADS = (1, 2, 3, 8)
TILE_ROWS = {1: 64, 2: 911, 3: 7, 8: 5}  # one tile of all 474 rows, and many small tiles
# The Hubei plan's programmes plus one with a quota per region (tending, in
# random order), so that allocation by quota groups is exercised too.
REGIONAL_QUOTA = """
[[programmes]]
name = "Tending with regional quotas (test)"
kind = "tending"
years = [2011, 2015]
area_ha_per_year_by_region = { "3" = 20000, "7" = 15000, "11" = 1.0e7 }
cost_yuan_per_ha = 1500
"""

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def done(name):
    if failures:
        print(f"{name}: {len(failures)} failures")
        return 1
    print(f"{name}: passed")
    return 0


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_scenario(src, folder, name, text_edits=(), extra=""):
    """A copy of a shipped scenario in `folder`, with its relative paths made
    absolute, some text replaced, and extra TOML appended."""
    text = (Path(src) / "scenarios" / name).read_text(encoding="utf-8")
    text = text.replace('"../', '"' + str(Path(src)) + "/")
    text = re.sub(r'^baseline = "([^"/]+)"', lambda m: f'baseline = "{Path(src) / "scenarios" / m.group(1)}"',
                  text, flags=re.M)
    for old, new in text_edits:
        if old not in text:
            sys.exit(f"test scenario: '{old}' is not in {name}")
        text = text.replace(old, new, 1)
    # Programmes must come before the first [[targets]] table in the file.
    if extra:
        at = text.index("[[targets]]") if "[[targets]]" in text else len(text)
        text = text[:at] + extra.strip() + "\n\n" + text[at:]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(bin_, *args):
    cmd = [bin_, *map(str, args)] + (["--quiet"] if args[0] == "run" else [])
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(p.stdout)
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}")


# ---------------------------------------------------------------- fixture

def make_runs(bin_, src, out):
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    scenario = test_scenario(src, out / "scenario", "hubei-plan-2011-2015.toml", extra=REGIONAL_QUOTA)
    for t in THREADS:
        run(bin_, "run", scenario, "--out", out / f"none-t{t}", "--threads", t, "--tile-rows", TILE_ROWS[t],
            "--contributions", "none")
    for mode in ("plan", "all"):
        run(bin_, "run", scenario, "--out", out / mode, "--threads", 2, "--contributions", mode)
    print(f"runs written to {out}")
    return 0


# ---------------------------------------------------------------- 1. threads

def same_bytes(a, b, what, skip=("run.json",)):
    # A skipped output-set marker may be present on one side only; other skipped files only differ in content.
    drop = {".forestsink-output", ".forestsink-variant.json"} & set(skip)
    fa = [f for f in files_under(a) if f not in drop]
    fb = [f for f in files_under(b) if f not in drop]
    if fa != fb:
        fail(f"{what}: different files: only in {a}: {sorted(set(fa) - set(fb))}, only in {b}: {sorted(set(fb) - set(fa))}")
    compared = 0
    for f in sorted(set(fa) & set(fb)):
        if f in skip:
            continue
        compared += 1
        if (Path(a) / f).read_bytes() != (Path(b) / f).read_bytes():
            fail(f"{what}: {f} differs")
    return compared


def check_threads(out):
    out = Path(out)
    reference = out / "none-t1"
    for t in THREADS[1:]:
        n = same_bytes(reference, out / f"none-t{t}", f"1 thread against {t} threads")
        print(f"1 thread, {TILE_ROWS[1]}-row tiles against {t} threads, {TILE_ROWS[t]}-row tiles: {n} files compared")
    # The run must have allocated something in every kind of programme, or
    # the comparison proves little.
    treated = {}
    for r in read_csv(reference / "programmes.csv"):
        if r["region"] == "all":
            treated[r["kind"]] = treated.get(r["kind"], 0.0) + float(r["area_treated_ha"])
    for kind in ("harvest", "disturbance", "afforestation", "conversion", "tending"):
        if treated.get(kind, 0) <= 0:
            fail(f"the reference run treated nothing by {kind}")
    return done("threads")


# ---------------------------------------------------------------- 4. contributions modes

def check_modes(out):
    out = Path(out)
    runs = {"none": out / "none-t2", "plan": out / "plan", "all": out / "all"}
    for mode, folder in runs.items():
        if mode == "none":
            continue
        for f in ["summary.csv", "programmes.csv", "targets.csv"] + [
                f for f in files_under(runs["none"]) if f.startswith("rasters/")]:
            if (runs["none"] / f).read_bytes() != (folder / f).read_bytes():
                fail(f"{f} differs between --contributions none and {mode}")
        if files_under(runs["none"] / "rasters") != files_under(folder / "rasters"):
            fail(f"the rasters written differ between none and {mode}")
    if (runs["none"] / "contributions.csv").exists():
        fail("--contributions none wrote contributions.csv")
    if (runs["none"] / "baseline").exists():
        fail("--contributions none wrote baseline/")
    for mode in ("plan", "all"):
        if not (runs[mode] / "baseline" / "summary.csv").exists():
            fail(f"--contributions {mode} wrote no baseline/summary.csv")
    if (runs["plan"] / "baseline" / "summary.csv").read_bytes() != (runs["all"] / "baseline" / "summary.csv").read_bytes():
        fail("baseline/summary.csv differs between plan and all")
    plan = (runs["plan"] / "contributions.csv").read_text().splitlines()
    every = (runs["all"] / "contributions.csv").read_text().splitlines()
    years = len(read_csv(runs["none"] / "summary.csv")) // len({r["region"] for r in read_csv(runs["none"] / "summary.csv")})
    if len(plan) != 1 + years:
        fail(f"plan's contributions.csv has {len(plan) - 1} rows, not one per year ({years})")
    if every[:len(plan)] != plan:
        fail("plan's contributions.csv is not the first block ('all programmes') of all's")
    programmes = {r["programme"] for r in read_csv(runs["none"] / "programmes.csv")}
    if len(every) != 1 + years * (1 + len(programmes)):
        fail(f"all's contributions.csv has {len(every) - 1} rows, not {years} years x (1 + {len(programmes)} programmes)")
    if any(r["kind"] != "all" for r in read_csv(runs["plan"] / "contributions.csv")):
        fail("plan's contributions.csv has rows of single programmes")
    return done("contributions modes")


# ---------------------------------------------------------------- 2. report numbers

class Tables(html.parser.HTMLParser):
    """Every <table> of the page as rows of cell texts, under its <h2>."""

    def __init__(self):
        super().__init__()
        self.tables, self.heading, self.text, self.cell, self.row = {}, "", None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.text = ""
        elif tag == "table":
            self.tables[self.heading] = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "h2":
            self.heading, self.text = self.text, None
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.heading].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data
        if self.cell is not None:
            self.cell += data


def shown(value, decimals):
    """Report.cpp's number(): fixed decimals, thousands separated by commas."""
    return f"{value:,.{decimals}f}"


SHAPE = {d: re.compile(r"-?\d{1,3}(,\d{3})*" + (r"\.\d{%d}" % d if d else "") + "$") for d in range(6)}


def check_number(text, value, decimals, what, tolerance):
    """`text` must be `value` shown with `decimals`. The CSV value is itself
    rounded, so the page may differ by a rounding step: then the text must
    still have the right shape and lie within `tolerance` of the value."""
    if text == shown(value, decimals):
        return
    ok = bool(SHAPE[decimals].match(text))
    if ok:
        ok = abs(float(text.replace(",", "")) - value) <= 0.5 * 10 ** -decimals + tolerance
    if not ok:
        fail(f"report.html {what}: shows '{text}', the CSV gives {value!r} (expected '{shown(value, decimals)}')")


UNITS = {"stock_m3": ("m³", 0), "living_stock_m3": ("m³", 0), "coverage_current_pct": ("%", 2),
         "coverage_pre2003_pct": ("%", 2), "forest_area_ha": ("ha", 0),
         "forestry_land_ha": ("ha", 0), "carbon_t": ("t C", 0), "co2e_t": ("t CO2e", 0)}
SUMMARY_COLUMN = {"stock_m3": "stock_m3", "living_stock_m3": "living_stock_m3",
                  "coverage_current_pct": "coverage_current_pct", "coverage_pre2003_pct": "coverage_pre2003_pct",
                  "forest_area_ha": "forest_area_ha", "forestry_land_ha": "forestry_land_ha", "carbon_t": None,
                  "co2e_t": "co2e_t"}


def baseline_alone(folder, target):
    """What targets.csv's target gives on baseline/summary.csv: 'yes (year)',
    'no (only in year)', 'no', or 'not run' without a baseline."""
    path = folder / "baseline" / "summary.csv"
    if not path.exists():
        return "not run"
    column = SUMMARY_COLUMN[target["metric"]]
    rows = sorted((int(r["year"]), r) for r in read_csv(path) if r["region"] == "all")
    value = lambda r: float(r["carbon_t"]) + float(r["sink_carbon_t"]) if column is None else float(r[column])  # noqa: E731
    required = float(target["value"])
    first = next((y for y, r in rows if value(r) >= required), None)
    if first is not None and first <= int(target["year"]):
        return f"yes ({first})"
    return f"no (only in {first})" if first is not None else "no"


def check_answer(folder, t, province):
    checked = 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    first_h2 = page.index("<h2>")
    if 'id="answer"' not in page[:first_h2] or page.index('id="answer"') > page.index("<h2>Targets</h2>"):
        fail(f"{folder}: report.html does not open with the answer paragraph before the targets")
    targets = read_csv(folder / "targets.csv")
    header, rows = t["Targets"][0], t["Targets"][1:]
    if len(rows) != len(targets):
        fail(f"report.html has {len(rows)} targets, targets.csv {len(targets)}")
    for h in header:
        if h not in ("target", "year", "unit", "reached") and "(" not in h:
            fail(f"report.html targets header '{h}' has no unit")
    with_probability = "probability (%)" in header
    if with_probability != any(r["probability"] for r in targets):
        fail("report.html shows a probability column exactly when targets.csv has probabilities: it does not")
    if not with_probability and "--draws N" not in page:
        fail("report.html without draws does not say how to get a probability (--draws N)")
    programmes = read_csv(folder / "programmes.csv")
    contributions = read_csv(folder / "contributions.csv") if (folder / "contributions.csv").exists() else []
    everything = {int(c["year"]): c for c in contributions if c["kind"] == "all"}
    for row, target in zip(rows, targets):
        cells = dict(zip(header, row))
        what = f"target '{target['target']}'"
        if cells["target"] != target["target"] or cells["year"] != target["year"]:
            fail(f"report.html target row {row[:2]} is not targets.csv's {target['target']}, {target['year']}")
        unit, decimals = UNITS[target["metric"]]
        if cells["unit"] != unit:
            fail(f"report.html {what} unit '{cells['unit']}', its metric {target['metric']} is in {unit}")
        for column, csv_column in (("required (unit)", "value"), ("simulated (unit)", "simulated")):
            check_number(cells[column], float(target[csv_column]), decimals, f"{what} {column}", 0.00005)
        gap = float(target["gap"])
        words = "exceeded by " if target["reached"] == "yes" else "short by "
        if not cells["gap (unit)"].startswith(words):
            fail(f"report.html {what} gap '{cells['gap (unit)']}' does not start with '{words}'")
        else:
            check_number(cells["gap (unit)"][len(words):], abs(gap), decimals, f"{what} gap", 0.00005)
        if cells["reached"] != target["reached"]:
            fail(f"report.html {what} reached '{cells['reached']}', targets.csv '{target['reached']}'")
        if cells["first reached (year)"] != (target["first_year_reached"] or "never"):
            fail(f"report.html {what} first reached '{cells['first reached (year)']}', targets.csv "
                 f"'{target['first_year_reached']}'")
        if with_probability:
            expected = f"{100 * float(target['probability']):.0f}"
            if cells["probability (%)"] != expected:
                fail(f"report.html {what} probability '{cells['probability (%)']}', targets.csv gives '{expected}'")
        year = int(target["year"])
        own = [r for r in programmes if r["region"] == "all" and int(r["year"]) <= year]
        cost = sum(float(r["cost_yuan"]) for r in own)
        check_number(cells["programme cost to the target year (million yuan)"], cost / 1e6, 1, f"{what} cost",
                     len(own) * 0.005e-6)
        per = everything.get(year, {}).get("cost_per_t_co2e", "")
        if per:
            check_number(cells["cost per t CO2e (yuan/t CO2e)"], float(per), 1, f"{what} cost per t", 0.00005)
        elif cells["cost per t CO2e (yuan/t CO2e)"] != "–":
            fail(f"report.html {what} cost per t '{cells['cost per t CO2e (yuan/t CO2e)']}', contributions.csv "
                 "gives none")
        expected = baseline_alone(folder, target)
        if cells["baseline alone reaches it (year)"] != expected:
            fail(f"report.html {what} baseline alone '{cells['baseline alone reaches it (year)']}', "
                 f"baseline/summary.csv gives '{expected}'")
        checked += 10
    return checked


def check_regions(folder, t, summary):
    """The Regions table: summary.csv's first and last year of each region, and
    programmes.csv's area and cost of the region (harvest and disturbances apart)."""
    regions = {}
    for r in summary:
        if r["region"] != "all":
            regions.setdefault(r["region_id"], {})[int(r["year"])] = r
    if len(regions) < 2:
        if "Regions" in t:
            fail(f"{folder}: report.html has a Regions table for {len(regions)} region")
        return 0
    if "Regions" not in t:
        fail(f"{folder}: report.html has no Regions table for {len(regions)} regions")
        return 0
    header, rows = t["Regions"][0], t["Regions"][1:]
    for h in header:
        if h not in ("id", "region") and "(" not in h:
            fail(f"report.html regions header '{h}' has no unit")
    if sorted(r[0] for r in rows) != sorted(regions):
        fail(f"report.html regions {[r[0] for r in rows]} are not summary.csv's {sorted(regions)}")
    programmes = read_csv(folder / "programmes.csv")
    checked = 0
    for row in rows:
        cells = dict(zip(header, row))
        years = regions.get(cells["id"])
        if not years:
            continue
        first, last = years[min(years)], years[max(years)]
        what = f"region {cells['id']}"
        if cells["region"] != last["region"]:
            fail(f"report.html {what} is named '{cells['region']}', summary.csv '{last['region']}'")
        a, b = min(years), max(years)
        for column, row_, csv_column, decimals in (
                ("study area (ha)", last, "area_ha", 0), (f"forest area {b} (ha)", last, "forest_area_ha", 0),
                (f"coverage {a}, current standard (%)", first, "coverage_current_pct", 2),
                (f"coverage {b}, current standard (%)", last, "coverage_current_pct", 2),
                (f"coverage {b}, pre-2003 standard (%)", last, "coverage_pre2003_pct", 2),
                (f"forest stock {a} (m³)", first, "stock_m3", 0), (f"forest stock {b} (m³)", last, "stock_m3", 0),
                (f"CO2e {b} (t CO2e)", last, "co2e_t", 0)):
            check_number(cells[column], float(row_[csv_column]), decimals, f"{what} {column}", 0.00005)
            checked += 1
        own = [r for r in programmes if r["region_id"] == cells["id"] and r["kind"] not in ("harvest", "disturbance")]
        check_number(cells["area treated by programmes (ha)"], sum(float(r["area_treated_ha"]) for r in own), 0,
                     f"{what} area treated", len(own) * 0.0005)
        check_number(cells["programme cost (million yuan)"], sum(float(r["cost_yuan"]) for r in own) / 1e6, 1,
                     f"{what} cost", len(own) * 0.005e-6)
        checked += 2
    return checked


def check_report_folder(folder):
    folder = Path(folder)
    parser = Tables()
    parser.feed((folder / "report.html").read_text(encoding="utf-8"))
    t = parser.tables
    for name in ("Run", "Targets", "Programmes", "Species parameters and their sources", "Inputs"):
        if name not in t:
            fail(f"{folder}: report.html has no '{name}' table")
            return
    summary = read_csv(folder / "summary.csv")
    province = {int(r["year"]): r for r in summary if r["region"] == "all"}
    last = max(province)
    checked = 0

    # The run summary: the last year's province totals and the run's seed.
    run_rows = {r[0]: r[1] for r in t["Run"] if len(r) == 2}
    run_json = json.loads((folder / "run.json").read_text())
    for label, column, unit in ((f"forest area {last}", "forest_area_ha", " ha"),
                                (f"forest stock {last}", "stock_m3", " m³"),
                                (f"tree carbon {last}", "carbon_t", " t C")):
        text = run_rows.get(label, "")
        if not text.endswith(unit):
            fail(f"report.html run table '{label}' = '{text}' lacks its unit '{unit}'")
        check_number(text[:-len(unit)], float(province[last][column]), 0, f"'{label}'", 0.0005)
        checked += 1
    if run_rows.get("seed") != str(run_json["seed"]):
        fail(f"report.html seed {run_rows.get('seed')} is not run.json's {run_json['seed']}")
    if run_rows.get("period") != f"{min(province)} (input state) to {last}":
        fail(f"report.html period '{run_rows.get('period')}' is not summary.csv's years {min(province)}-{last}")
    checked += 2

    # The answer: a paragraph, then one row per row of targets.csv, in order,
    # with the unit of its metric, the gap in words, the programmes' cost to
    # the target year (programmes.csv), the cost per t CO2e
    # (contributions.csv) and what the baseline alone does (baseline/summary.csv).
    checked += check_answer(folder, t, province)
    checked += check_regions(folder, t, summary)

    # Programmes: period totals from programmes.csv, and with every programme
    # measured, what each buys from contributions.csv's last year.
    programmes = read_csv(folder / "programmes.csv")
    contributions = read_csv(folder / "contributions.csv") if (folder / "contributions.csv").exists() else []
    header, rows = t["Programmes"][0], t["Programmes"][1:]
    names = list(dict.fromkeys(r["programme"] for r in programmes))
    if sorted(r[0] for r in rows) != sorted(names):  # the page in file order, the CSV in run order
        fail(f"report.html programmes {[r[0] for r in rows]} are not programmes.csv's {names}")
    each = "additional CO2e (t)" in header
    if each != (len({c["programme"] for c in contributions}) == len(names) + 1):
        fail("report.html shows what each programme buys exactly when contributions.csv measures every programme: "
             "it does not")
    for row in rows:
        cells = dict(zip(header, row))
        name = cells["programme"]
        own = [r for r in programmes if r["programme"] == name and r["region"] == "all"]
        what = f"programme '{name}'"
        years = sorted(int(r["year"]) for r in own)
        if cells["kind"] != own[0]["kind"] or cells["years"] != f"{years[0]}–{years[-1]}":
            fail(f"report.html {what}: kind/years '{cells['kind']}', '{cells['years']}' are not programmes.csv's "
                 f"{own[0]['kind']}, {years[0]}–{years[-1]}")
        n = len(own)
        check_number(cells["area treated (ha)"], sum(float(r["area_treated_ha"]) for r in own), 0, f"{what} area",
                     n * 0.0005)
        check_number(cells["cost (yuan)"], sum(float(r["cost_yuan"]) for r in own), 0, f"{what} cost", n * 0.005)
        # With a quota per region, the page adds the regions' shortfalls.
        regional = [r for r in programmes if r["programme"] == name and r["region"] != "all" and r["requested"]]
        shortfall = sum(float(r["shortfall"] or 0) for r in (regional or own))
        n = len(regional or own)
        if shortfall > 0.0005 * n:
            unit = " m³" if own[0]["quota_unit"] == "m3" else " ha"
            if not cells["shortfall"].endswith(unit):
                fail(f"report.html {what} shortfall '{cells['shortfall']}' lacks its unit '{unit}'")
            check_number(cells["shortfall"][:-len(unit)], shortfall, 0, f"{what} shortfall", n * 0.0005)
        elif cells["shortfall"] != "0":
            fail(f"report.html {what} shortfall '{cells['shortfall']}', programmes.csv gives none")
        checked += 5
        if each:
            final = [c for c in contributions if c["programme"] == name and int(c["year"]) == last]
            if len(final) != 1:
                fail(f"contributions.csv has {len(final)} rows of {what} in {last}")
                continue
            check_number(cells["additional CO2e (t)"], float(final[0]["additional_co2e_t"]), 0, f"{what} CO2e",
                         0.0005)
            per = final[0]["cost_per_t_co2e"]
            if per:
                check_number(cells["yuan per t CO2e"], float(per), 1, f"{what} yuan per t", 0.00005)
            elif cells["yuan per t CO2e"] != "–":
                fail(f"report.html {what} yuan per t '{cells['yuan per t CO2e']}', contributions.csv gives none")
            checked += 2

    # Species parameters: the species table the run read (run.json's input).
    species_file = next(i["path"] for i in run_json["inputs"] if i["role"] == "species_table")
    species = {r["code"]: r for r in read_csv(species_file)}
    rows = t["Species parameters and their sources"][1:]
    if sorted(r[0] for r in rows) != sorted(species):
        fail(f"report.html species codes {[r[0] for r in rows]} are not the species table's")
    g = lambda v: f"{float(v):g}"  # noqa: E731  ({:g} as fmt writes it)
    for row in rows:
        s = species.get(row[0])
        if not s:
            continue
        if row[1] != s["name"] or row[2] != f"{g(s['vmax'])}, {g(s['k'])}, {g(s['c'])}" or \
                row[3] != f"{g(s['biomass_a'])} + {g(s['biomass_b'])}·V, {g(s['root_shoot'])}, {g(s['carbon_fraction'])}":
            fail(f"report.html species row {row[:4]} is not the species table's {s['name']}")
        checked += 1

    # Inputs: their bytes and SHA-256 as in run.json and on disk.
    recorded = {i["path"]: i for i in run_json["inputs"]}
    for role, path, size, digest in t["Inputs"][1:]:
        entry = recorded.get(path)
        if not entry:
            fail(f"report.html input {path} is not in run.json")
            continue
        check_number(size, float(entry["bytes"]), 0, f"bytes of {path}", 0)
        if digest != entry["sha256"] or digest != hashlib.sha256(Path(path).read_bytes()).hexdigest():
            fail(f"report.html SHA-256 of {path} is not run.json's or the file's")
        checked += 2
    print(f"{folder}: {checked} figures checked")


def check_report(out):
    for mode in ("all", "plan", "none-t2"):
        check_report_folder(Path(out) / mode)
    return done("report numbers")


# ---------------------------------------------------------------- 3. batch

PROGRAMME = "Planting: general afforestation"
STOCKINGS = ("0.55", "0.85")


def scenario_row_removed(report):
    """report.html without its 'scenario' input row: a batch variant records
    the swept base scenario, a single run the scenario file it was given."""
    return re.sub(rb"<tr><td>scenario</td><td>[^<]*</td><td>[^<]*</td><td><code>[0-9a-f]{64}</code></td></tr>\n",
                  b"", report, count=1)


def short_hubei(src, folder):
    """The Hubei plan cut to 2010-2012 and four programmes, against its baseline
    (hubei-baseline.toml beside it, cut to the same years), in `folder`; returns its text."""
    text = (Path(src) / "scenarios" / "hubei-plan-2011-2015.toml").read_text(encoding="utf-8")
    first, targets = text.index("[[programmes]]"), text.index("[[targets]]")
    blocks = text[first:targets].split("[[programmes]]")
    keep = [b for b in blocks[1:] if any(f'name = "{n}' in b for n in ("Annual cutting", "Fire and pests", PROGRAMME,
                                                                          "Wetland restoration"))]
    short = text[:first] + "".join("[[programmes]]" + b for b in keep) + text[targets:]
    def two_years(text):  # 2010-2012 instead of 2010-2015: the programmes act in 2011 and 2012
        text = text.replace("years = [2011, 2015]", "years = [2011, 2012]").replace("end_year = 2015", "end_year = 2012")
        text = re.sub(r"^year = 2015$", "year = 2012", text, flags=re.M)
        return text.replace("report_years = [2010, 2015]", "report_years = [2010, 2012]")
    short = two_years(short).replace('"../', '"' + str(Path(src)) + "/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "short.toml").write_text(short, encoding="utf-8")
    base = test_scenario(src, folder, "hubei-baseline.toml")
    base.write_text(two_years(base.read_text()))
    if len(keep) != 4 or short.count(f'name = "{PROGRAMME}"') != 1:
        sys.exit("the short scenario did not keep its four programmes")
    return short


def edit_programme(text, old, new):
    """`text` with `old` replaced by `new` in PROGRAMME's block only."""
    block = text.index(f'name = "{PROGRAMME}"')
    edited = text[:block] + text[block:].replace(old, new, 1)
    if edited == text and old != new:
        sys.exit(f"could not edit '{old}' in {PROGRAMME}")
    return edited


def check_batch(bin_, src, out):
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    # A short Hubei plan: 2010-2012, four programmes, against the baseline.
    short = short_hubei(src, out / "src")

    batch = out / "src" / "sweep.batch.toml"
    batch.write_text(f"""name = "stocking sweep (test)"
[[sweeps]]
scenario = "short.toml"
[[sweeps.parameters]]
path = "programmes[{PROGRAMME}].stocking"
values = [{", ".join(STOCKINGS)}]
""")
    run(bin_, "batch", batch, "--out", out / "batch", "--threads", 2)

    comparison = read_csv(out / "batch" / "comparison.csv")
    comparison_targets = read_csv(out / "batch" / "comparison_targets.csv")
    variants = sorted(p.name for p in (out / "batch").iterdir() if p.is_dir())
    if len(variants) != len(STOCKINGS):
        fail(f"the batch wrote {variants}, not {len(STOCKINGS)} variants")
    for stocking in STOCKINGS:
        variant = f"short__stocking={stocking}"
        # The variant by hand: the scenario file with the stocking edited.
        edited = edit_programme(short, "stocking = 0.70", f"stocking = {stocking}")
        path = out / "src" / f"stocking-{stocking}.toml"
        path.write_text(edited)
        single = out / f"single-{stocking}"
        run(bin_, "run", path, "--out", single, "--threads", 2)
        # The output-set marker sits at the top of a set: the single run's folder, the batch's (not a variant's);
        # a batch variant's record for --resume is in its folder only.
        n = same_bytes(out / "batch" / variant, single, f"batch variant {variant} against the single run",
                       skip=("run.json", "report.html", ".forestsink-output", ".forestsink-variant.json"))
        if scenario_row_removed((out / "batch" / variant / "report.html").read_bytes()) != \
                scenario_row_removed((single / "report.html").read_bytes()):
            fail(f"{variant}: report.html differs from the single run's (beyond the scenario file it names)")
        print(f"{variant}: {n + 1} files compared with the single run")

        # comparison.csv: the variant's own tables.
        rows = [r for r in comparison if r["scenario"] == variant]
        province = {r["year"]: r for r in read_csv(single / "summary.csv") if r["region"] == "all"}
        everything = {r["year"]: r for r in read_csv(single / "contributions.csv") if r["kind"] == "all"}
        targets = read_csv(single / "targets.csv")
        if [r["year"] for r in rows] != ["2010", "2012"]:
            fail(f"comparison.csv rows of {variant}: years {[r['year'] for r in rows]}")
        for r in rows:
            y = r["year"]
            if r["parameters"] != f"programmes[{PROGRAMME}].stocking={stocking}":
                fail(f"comparison.csv {variant} parameters '{r['parameters']}'")
            for column in ("stock_m3", "living_stock_m3", "co2e_t"):
                if r[column] != province[y][column]:
                    fail(f"comparison.csv {variant} {y} {column} {r[column]}, summary.csv {province[y][column]}")
            carbon = float(province[y]["carbon_t"]) + float(province[y]["sink_carbon_t"])
            if abs(float(r["carbon_t"]) - carbon) > 0.0015:
                fail(f"comparison.csv {variant} {y} carbon_t {r['carbon_t']}, summary.csv carbon + sink {carbon:.3f}")
            for column, source in (("cumulative_cost_yuan", "cumulative_cost_yuan"),
                                   ("additional_co2e_t", "additional_co2e_t"), ("cost_per_t_co2e", "cost_per_t_co2e")):
                if r[column] != everything[y][source]:
                    fail(f"comparison.csv {variant} {y} {column} '{r[column]}', contributions.csv '{everything[y][source]}'")
            due = [t for t in targets if int(t["year"]) <= int(y)]
            reached = sum(t["reached"] == "yes" for t in due)
            if r["targets_reached"] != f"{reached}/{len(due)}":
                fail(f"comparison.csv {variant} {y} targets_reached {r['targets_reached']}, targets.csv {reached}/{len(due)}")
        own = [{k: v for k, v in r.items() if k not in ("scenario", "parameters")}
               for r in comparison_targets if r["scenario"] == variant]
        if own != targets:
            fail(f"comparison_targets.csv rows of {variant} are not its targets.csv")
    # The sweep changed something, or the comparison proves little.
    stocks = {r["living_stock_m3"] for r in comparison if r["year"] == "2012"}
    if len(stocks) != len(STOCKINGS):
        fail(f"the stockings {STOCKINGS} give the same 2012 living stock: {stocks}")
    return done("batch")


# ---------------------------------------------------------------- 4. many variants at once

MANY_STOCKINGS = ("0.55", "0.6", "0.7", "0.85")
MANY_COSTS = ("3008", "4500", "6000.5")


def check_batch_many(bin_, src, out):
    """Twelve variants run side by side on every core (and more threads than
    cores, so that they interleave) give the bytes of the same scenarios run
    one at a time: no variant touches another's files or scratch names."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    # The short Hubei plan without its baseline: no contribution runs, so that 12 variants take seconds.
    short = re.sub(r'^baseline = .*$', "", short_hubei(src, out / "src"), count=1, flags=re.M)
    (out / "src" / "short.toml").write_text(short, encoding="utf-8")
    batch = out / "src" / "many.batch.toml"
    batch.write_text(f"""name = "12 variants (test)"
[[sweeps]]
scenario = "short.toml"
[[sweeps.parameters]]
path = "programmes[{PROGRAMME}].stocking"
values = [{", ".join(MANY_STOCKINGS)}]
[[sweeps.parameters]]
path = "programmes[{PROGRAMME}].cost_yuan_per_ha"
values = [{", ".join(MANY_COSTS)}]
""")
    threads = max(4, os.cpu_count() or 1)
    run(bin_, "batch", batch, "--out", out / "batch", "--threads", threads)
    variants = sorted(p.name for p in (out / "batch").iterdir() if p.is_dir())
    names = {f"short__stocking={s}__cost_yuan_per_ha={c}": (s, c) for s in MANY_STOCKINGS for c in MANY_COSTS}
    if variants != sorted(names):
        fail(f"the batch wrote {variants}, not {sorted(names)}")
    # The same scenarios by hand, run one at a time (as many processes at once as cores).
    singles = {}
    for variant, (stocking, cost) in names.items():
        edited = edit_programme(edit_programme(short, "stocking = 0.70", f"stocking = {stocking}"),
                                "cost_yuan_per_ha = 3008", f"cost_yuan_per_ha = {cost}")
        path = out / "src" / f"{variant}.toml"
        path.write_text(edited, encoding="utf-8")
        singles[variant] = (path, out / "single" / variant)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(lambda v: run(bin_, "run", v[0], "--out", v[1], "--threads", 1), singles.values()))
    tables = set()
    for variant, (_, single) in sorted(singles.items()):
        n = same_bytes(out / "batch" / variant, single, f"batch variant {variant} against the single run",
                       skip=("run.json", "report.html", ".forestsink-output", ".forestsink-variant.json"))
        if scenario_row_removed((out / "batch" / variant / "report.html").read_bytes()) != \
                scenario_row_removed((single / "report.html").read_bytes()):
            fail(f"{variant}: report.html differs from the single run's (beyond the scenario file it names)")
        tables.add((single / "summary.csv").read_bytes() + (single / "programmes.csv").read_bytes())
        print(f"{variant}: {n + 1} files equal the single run's")
    # Twelve different scenarios, or equal bytes prove little.
    if len(tables) != len(names):
        fail(f"the {len(names)} variants give only {len(tables)} different summary.csv and programmes.csv")
    return done(f"batch of {len(names)} variants on {threads} threads")


# ---------------------------------------------------------------- 5. resume and memory

RESUME_STOCKINGS = ("0.55", "0.6", "0.7", "0.85")


def batch_output(bin_, *args, env=None):
    """Runs forestsink batch; returns (exit code, console)."""
    p = subprocess.run([bin_, "batch", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env=env)
    return p.returncode, p.stdout


def stocking_batch(folder, name, stockings):
    path = folder / name
    path.write_text(f"""name = "resume (test)"
[[sweeps]]
scenario = "short.toml"
[[sweeps.parameters]]
path = "programmes[{PROGRAMME}].stocking"
values = [{", ".join(stockings)}]
""")
    return path


def same_as_fresh(folder, fresh, what):
    """Every file of a resumed batch equals the fresh batch's, run.json aside (timings)."""
    skip = ("run.json", ".forestsink-output", ".forestsink-variant.json")
    fa = [f for f in files_under(folder) if Path(f).name not in skip]
    fb = [f for f in files_under(fresh) if Path(f).name not in skip]
    if fa != fb:
        fail(f"{what}: different files: {sorted(set(fa) ^ set(fb))}")
    for f in sorted(set(fa) & set(fb)):
        if (folder / f).read_bytes() != (fresh / f).read_bytes():
            fail(f"{what}: {f} differs from the fresh batch's")


def check_batch_resume(bin_, src, out):
    """--resume runs only the variants without matching outputs, and ends with
    the outputs of a fresh batch: after a smaller batch, after an interrupted
    one, and not when an input changed."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    short = re.sub(r'^baseline = .*$', "", short_hubei(src, out / "src"), count=1, flags=re.M)
    (out / "src" / "short.toml").write_text(short, encoding="utf-8")
    full = stocking_batch(out / "src", "full.batch.toml", RESUME_STOCKINGS)
    run(bin_, "batch", full, "--out", out / "fresh", "--threads", 2)

    # 1. Two variants committed by a smaller batch; --resume runs the other two.
    run(bin_, "batch", stocking_batch(out / "src", "half.batch.toml", RESUME_STOCKINGS[:2]), "--out", out / "resumed",
        "--threads", 2)
    before = {v: (out / "resumed" / f"short__stocking={v}" / "run.json").read_bytes() for v in RESUME_STOCKINGS[:2]}
    code, console = batch_output(bin_, full, "--out", out / "resumed", "--threads", 2, "--resume")
    if code != 0 or "resuming: 2 of 4 variants done before, 2 to run" not in console:
        fail(f"--resume after 2 of 4 variants: exit {code}\n{console}")
    for v, record in before.items():  # run.json holds timings: equal bytes mean the variant did not run again
        if (out / "resumed" / f"short__stocking={v}" / "run.json").read_bytes() != record:
            fail(f"--resume ran short__stocking={v} again")
    for v in RESUME_STOCKINGS[2:]:
        if f"done: short__stocking={v}" not in console:
            fail(f"--resume did not run short__stocking={v}:\n{console}")
    same_as_fresh(out / "resumed", out / "fresh", "resumed after a smaller batch")

    # 2. Interrupted after its first variant (one at a time): nothing committed, the finished one kept.
    p = subprocess.Popen([bin_, "batch", str(full), "--out", str(out / "interrupted"), "--threads", "1"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:
        if "done: " in line:
            p.send_signal(2)  # SIGINT
            break
    p.communicate()
    if p.returncode != 130 or (out / "interrupted").exists():
        fail(f"the interrupted batch: exit {p.returncode}, output folder exists: {(out / 'interrupted').exists()}")
    code, console = batch_output(bin_, full, "--out", out / "interrupted", "--threads", 2, "--resume")
    m = re.search(r"resuming: (\d) of 4 variants done before", console)
    if code != 0 or not m or int(m.group(1)) < 1:
        fail(f"--resume after an interrupted batch: exit {code}\n{console}")
    same_as_fresh(out / "interrupted", out / "fresh", "resumed after an interrupted batch")
    if (out / "src" / ".interrupted.forestsink-done").exists() or (out / ".interrupted.forestsink-done").exists():
        fail("the kept variants were not removed after the batch committed")

    # 3. A changed input: nothing matches, everything runs again.
    (out / "src" / "short.toml").write_text(short + "\n# edited\n", encoding="utf-8")
    code, console = batch_output(bin_, full, "--out", out / "resumed", "--threads", 2, "--resume")
    if code != 0 or "resuming: 0 of 4 variants done before, 4 to run" not in console:
        fail(f"--resume after the scenario changed: exit {code}\n{console}")
    return done("batch resume")


def check_batch_memory(bin_, src, out):
    """Under ulimit -v a batch runs as many variants at once as fit, and
    refuses, with the figures, when not even one fits."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    short = re.sub(r'^baseline = .*$', "", short_hubei(src, out / "src"), count=1, flags=re.M)
    (out / "src" / "short.toml").write_text(short, encoding="utf-8")
    batch = stocking_batch(out / "src", "four.batch.toml", RESUME_STOCKINGS)
    code, console = batch_output(bin_, batch, "--out", out / "free", "--threads", 4)
    m = re.search(r"running 4 of 4 variants at a time: ([0-9.]+) GB each", console)
    if code != 0 or not m:
        return fail(f"without a limit: exit {code}\n{console}") or done("batch memory")
    state = json.loads((out / "free" / "short__stocking=0.55" / "run.json").read_text())["memory"]["state_bytes"]
    each = state + (128 << 20)  # a variant's state and its buffers (app/RunCommand.h)
    if abs(each / 1e9 - float(m.group(1))) > 0.006:
        fail(f"a variant needs {each / 1e9:.3f} GB by the test's count, the console says {m.group(1)} GB")
    # 80 % of the limit, less 3 GiB reserved and the shared inputs' state, holds 2.5 variants.
    def limit_kib(variants):
        return int(((3 << 30) + state + variants * each) / 0.8 / 1024)
    env_limit = lambda kib: ["bash", "-c", f'ulimit -v {kib} && exec "$0" batch "$1" --out "$2" --threads 4']
    p = subprocess.run(env_limit(limit_kib(2.5)) + [bin_, str(batch), str(out / "limited")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0 or "running 2 of 4 variants at a time" not in p.stdout or "ulimit -v" not in p.stdout:
        fail(f"under ulimit -v {limit_kib(2.5)} KiB: exit {p.returncode}\n{p.stdout}")
    elif sorted(x.name for x in (out / "limited").iterdir() if x.is_dir()) != \
            sorted(f"short__stocking={v}" for v in RESUME_STOCKINGS):
        fail("the batch under a memory limit did not write every variant")
    p = subprocess.run(env_limit(limit_kib(0.5)) + [bin_, str(batch), str(out / "refused")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 1 or "one variant needs" not in p.stdout or "(ulimit -v)" not in p.stdout or \
            (out / "refused").exists():
        fail(f"under ulimit -v {limit_kib(0.5)} KiB: exit {p.returncode}\n{p.stdout}")
    return done("batch memory")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    what, rest = argv[1], argv[2:]
    if what == "runs":
        return make_runs(*rest)
    if what == "threads":
        return check_threads(*rest)
    if what == "modes":
        return check_modes(*rest)
    if what == "report":
        return check_report(*rest)
    if what == "batch":
        return check_batch(*rest)
    if what == "batch_many":
        return check_batch_many(*rest)
    if what == "batch_resume":
        return check_batch_resume(*rest)
    if what == "batch_memory":
        return check_batch_memory(*rest)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
