#!/usr/bin/env python3
"""Mutation testing for forestsink: does the test suite notice when a rule of
the model is broken?

Each mutant in mutants.toml names a file, a pattern that must occur exactly
once in it, its replacement and the behaviour it breaks. For each mutant the
runner applies it, rebuilds (incrementally), runs the tests, and restores the
file, whatever happens (a failed build, a failed test, Ctrl-C). A mutant is

  killed        a test failed
  build-failed  the mutated code does not compile (killed by the compiler)
  survived      every test passed: no test checks that behaviour
  stale         its pattern does not occur exactly once (the code moved)
  not-run       --max-minutes was reached before its turn
  equivalent    it survived and is marked `equivalent = "why"` in the list

score = (killed + build-failed) / (total - stale - equivalent).

Usage:
  tests/mutation/run.py --check-only               # every pattern matches once? (fast; CTest mutation_list)
  tests/mutation/run.py --build build -j2 --stop-on-failure [ID or glob ...]
  tests/mutation/run.py --build build -R 'Plan|Hubei' 'sim-*'
  tests/mutation/run.py --build build -j2 --stop-on-failure -E 'qgis_outputs|cli_contract' '*'
  tests/mutation/run.py --build build -j2 --stop-on-failure -E qgis_outputs \
      --first test_rules_growth,test_rules_programmes,test_rules_eligibility,test_rules_accounting,test_rules_targets,test_rules_montecarlo,test_rules_loader:'^Rules'

With CTest's record of earlier runs (a full ctest run first), the tests run in
four phases: under 1 s, under 5 s, under 30 s, the rest; a later phase runs only when
the earlier ones all pass.

Only Debian's python3 is needed (tomllib, Python 3.11).
"""
import argparse
import fnmatch
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent


def load(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    mutants = data.get("mutant", [])
    seen = set()
    for m in mutants:
        for key in ("id", "file", "pattern", "replacement", "breaks"):
            if key not in m:
                sys.exit(f"{path}: mutant {m.get('id', '?')} lacks '{key}'")
        if m["id"] in seen:
            sys.exit(f"{path}: mutant id {m['id']} is listed twice")
        if m["pattern"] == m["replacement"]:
            sys.exit(f"{path}: mutant {m['id']}: the replacement equals the pattern")
        seen.add(m["id"])
    return mutants


def occurrences(source, m):
    path = source / m["file"]
    if not path.exists():
        return -1, None
    text = path.read_text(encoding="utf-8")
    return text.count(m["pattern"]), text


def check(source, mutants):
    stale = []
    for m in mutants:
        n, _ = occurrences(source, m)
        if n != 1:
            where = "the file does not exist" if n < 0 else f"the pattern occurs {n} times"
            stale.append(m)
            print(f"stale: {m['id']} ({m['file']}): {where}; pattern: {m['pattern']!r}")
    return stale


def ctest_cost(build):
    """Average seconds per test from CTest's own record of earlier runs."""
    cost = {}
    path = build / "Testing" / "Temporary" / "CTestCostData.txt"
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] != "---":
                try:
                    cost[parts[0]] = float(parts[2])
                except ValueError:
                    pass
    return cost


def run_tests(args, build, log, only=None):
    """Runs the tests; returns (passed, name of a failed test or '', seconds).
    With --phased and CTest cost data, the quick tests run first so that most
    mutants die within seconds, and the slow ones only if the quick all pass."""
    base = ["ctest", "--output-on-failure", "-j", str(args.jobs)]
    if args.stop_on_failure:
        base.append("--stop-on-failure")
    if args.timeout:
        base += ["--timeout", str(args.timeout)]
    if args.label:
        base += ["-L", args.label]
    exclude = ["^mutation_list$"] + ([args.exclude] if args.exclude else [])
    phases = [["-E", "|".join(exclude)]]
    cost = ctest_cost(build) if args.phased else {}
    if only or args.regex:
        phases = [["-R", only or args.regex] + phases[0]]
    elif cost:
        # Quick tests first, then the middling, then the slow: most mutants die in seconds.
        phases, done = [], []
        for limit in (args.quick_seconds / 5, args.quick_seconds, 6 * args.quick_seconds):
            tier = sorted(n for n, c in cost.items() if c < limit and n not in done)
            if tier:
                phases.append(["-R", "^(" + "|".join(re.escape(n) for n in tier) + ")$", "-E", "|".join(exclude)])
                done += tier
        phases.append(["-E", "|".join(exclude + ["^(" + "|".join(re.escape(n) for n in done) + ")$"] if done else exclude)])
    start = time.monotonic()
    for extra in phases:
        cmd = base + extra
        p = subprocess.run(cmd, cwd=build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        log.write(p.stdout)
        if p.returncode != 0:
            # Only the "tests FAILED" list: the "did not run" list holds disabled tests.
            failed_list = p.stdout.split("The following tests FAILED:", 1)
            failed = re.findall(r"^\s*\d+ - (\S+) \(", failed_list[1], re.M) if len(failed_list) > 1 else []
            if not failed and "No tests were found" in p.stdout:
                continue
            return False, (failed[0] if failed else f"ctest exit {p.returncode}"), time.monotonic() - start
    return True, "", time.monotonic() - start


def build_tree(args, build, log, targets=None):
    cmd = ["cmake", "--build", str(build)] + (["--target"] + targets if targets else [])
    if args.build_jobs:
        cmd += ["-j", str(args.build_jobs)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log.write(p.stdout)
    return p.returncode == 0, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("selection", nargs="*", help="mutant ids or globs (default: all)")
    ap.add_argument("--list", default=str(HERE / "mutants.toml"), help="the mutant list")
    ap.add_argument("--source", default=str(SOURCE), help="the source tree")
    ap.add_argument("--build", default=str(SOURCE / "build"), help="the build folder (configured)")
    ap.add_argument("--check-only", action="store_true", help="only check that every pattern matches exactly once")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="ctest -j")
    ap.add_argument("--build-jobs", type=int, default=2, help="cmake --build -j")
    ap.add_argument("-R", "--regex", help="ctest -R: only these tests")
    ap.add_argument("-L", "--label", help="ctest -L: only tests with this label")
    ap.add_argument("-E", "--exclude", help="ctest -E: not these tests (a regular expression)")
    ap.add_argument("--stop-on-failure", action="store_true", help="ctest --stop-on-failure (a mutant dies at the first failure)")
    ap.add_argument("--timeout", type=int, default=900, help="ctest --timeout per test (a hung test counts as killed)")
    ap.add_argument("--no-phased", dest="phased", action="store_false",
                    help="do not run the quick tests first (by CTest's recorded costs)")
    ap.add_argument("--quick-seconds", type=float, default=5.0, help="tests quicker than this run in the first phase")
    ap.add_argument("--first", metavar="TARGETS:REGEX",
                    help="first build only these targets (comma-separated) and run the tests matching REGEX; "
                         "the whole build and the other tests run only when those pass (most mutants die there, "
                         "without relinking every test program)")
    ap.add_argument("--report", help="results file (default BUILD/mutation-report.txt)")
    ap.add_argument("--max-minutes", type=float, help="start no mutant after this many minutes (the rest: not run)")
    args = ap.parse_args()

    source = Path(args.source).resolve()
    mutants = load(args.list)
    if args.selection:
        # In the order of the selection (the list's order among one glob's matches).
        first = lambda m: min((k for k, s in enumerate(args.selection) if fnmatch.fnmatchcase(m["id"], s)), default=-1)  # noqa: E731
        mutants = sorted((m for m in mutants if first(m) >= 0), key=first)
        if not mutants:
            sys.exit("no mutant matches " + " ".join(args.selection))

    if args.check_only:
        stale = check(source, mutants)
        print(f"{len(mutants)} mutants, {len(stale)} stale")
        return 1 if stale else 0

    build = Path(args.build).resolve()
    if not (build / "CMakeCache.txt").exists():
        sys.exit(f"{build}: not a configured build folder")
    if subprocess.run(["git", "-C", str(source), "diff", "--quiet"]).returncode != 0:
        sys.exit(f"{source} has uncommitted changes; commit or stash them first (the runner must restore the tree exactly)")
    report_path = Path(args.report) if args.report else build / "mutation-report.txt"
    log_path = report_path.with_suffix(".log")

    # Ctrl-C and SIGTERM become exceptions, so the finally clause restores the file.
    def stop(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)

    results = []
    started = time.monotonic()
    with open(log_path, "w") as log:
        print("building the unmutated tree first ...", flush=True)
        ok, out = build_tree(args, build, log)
        if not ok:
            sys.exit("the unmutated tree does not build; see " + str(log_path))
        try:
            for k, m in enumerate(mutants, 1):
                t0 = time.monotonic()
                if args.max_minutes and t0 - started > 60 * args.max_minutes:
                    results.append((m, "not-run", f"--max-minutes {args.max_minutes:g} reached", 0.0))
                    continue
                n, original = occurrences(source, m)
                head = f"[{k}/{len(mutants)}] {m['id']} ({m['file']})"
                if n != 1:
                    results.append((m, "stale", f"pattern occurs {n} times", 0.0))
                    print(f"{head}: stale", flush=True)
                    continue
                path = source / m["file"]
                log.write(f"\n===== {m['id']}: {m['file']}: {m['pattern']!r} -> {m['replacement']!r}\n")
                try:
                    path.write_text(original.replace(m["pattern"], m["replacement"], 1), encoding="utf-8")
                    status = None
                    if args.first:
                        targets, regex = args.first.split(":", 1)
                        ok, out = build_tree(args, build, log, targets.split(","))
                        if not ok:
                            status, detail = "build-failed", "does not compile"
                        else:
                            passed, failed, _ = run_tests(args, build, log, only=regex)
                            if not passed:
                                status, detail = "killed", f"by {failed}"
                    if status is None:
                        ok, out = build_tree(args, build, log)
                        if not ok:
                            status, detail = "build-failed", "does not compile"
                        else:
                            passed, failed, _ = run_tests(args, build, log)
                            status, detail = ("survived", "") if passed else ("killed", f"by {failed}")
                            if passed and "equivalent" in m:
                                status, detail = "equivalent", m["equivalent"]
                finally:
                    path.write_text(original, encoding="utf-8")
                seconds = time.monotonic() - t0
                results.append((m, status, detail, seconds))
                print(f"{head}: {status} {detail} ({seconds:.0f} s)", flush=True)
        except KeyboardInterrupt:
            print("\ninterrupted; the mutated file is restored", flush=True)
            ran = {r[0]["id"] for r in results}
            results += [(m, "not-run", "interrupted", 0.0) for m in mutants if m["id"] not in ran]
        finally:
            # Rebuild the restored tree so the build folder matches the source again.
            print("rebuilding the restored tree ...", flush=True)
            build_tree(args, build, log)

    wall = time.monotonic() - started
    count = {s: sum(1 for r in results if r[1] == s)
             for s in ("killed", "build-failed", "survived", "stale", "equivalent", "not-run")}
    total = len(results) - count["not-run"]
    scored = total - count["stale"] - count["equivalent"]
    score = (count["killed"] + count["build-failed"]) / scored if scored else float("nan")
    lines = [f"mutation run of {total} mutants ({len(mutants)} selected) in {wall / 60:.1f} min",
             f"killed {count['killed']}, build-failed {count['build-failed']}, survived {count['survived']}, "
             f"stale {count['stale']}, equivalent {count['equivalent']}" +
             (f"; not run {count['not-run']}" if count["not-run"] else ""),
             f"score {score:.1%} = (killed + build-failed) / (total - stale - equivalent) = "
             f"{count['killed'] + count['build-failed']} / {scored}", ""]
    for m, status, detail, seconds in results:
        lines.append(f"{status:12} {m['id']:32} {m['file']}: {m['breaks']}" + (f" [{detail}]" if detail else "") +
                     f" ({seconds:.0f} s)")
    clean = subprocess.run(["git", "-C", str(source), "diff", "--quiet"]).returncode == 0
    lines.append("")
    lines.append("tree restored: git diff is clean" if clean else "WARNING: git diff is not clean after the run")
    text = "\n".join(lines) + "\n"
    report_path.write_text(text)
    print("\n" + text + f"written to {report_path} (build and test output in {log_path})")
    return 0 if clean else 3


if __name__ == "__main__":
    sys.exit(main())
