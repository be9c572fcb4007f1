#!/usr/bin/env bash
# The command-line contract: exit codes, one clear message on stderr, and no
# output under a final name when a run fails; the output set replaced whole.
#   cli_contract.sh FORESTSINK_BINARY SOURCE_DIR
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'umount "$work/mounted" "$work/bmounted" "$work/small" 2> /dev/null; rm -rf "$work"' EXIT
passed=0; failed=0
check() {  # name, expected exit code, stderr pattern, command...
  local name="$1" code="$2" pattern="$3"; shift 3
  "$@" > "$work/stdout" 2> "$work/stderr"; local got=$?
  if [ "$got" -eq "$code" ] && grep -qE -- "$pattern" "$work/stderr" "$work/stdout"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: exit $got (expected $code); output:"; cat "$work/stderr" "$work/stdout" | head -20
  fi
}

# Missing scenario file.
check "missing scenario" 1 "^forestsink: error: .*nope.toml: scenario file does not exist" \
  "$bin" run "$work/nope.toml" --out "$work/o1"
[ -e "$work/o1/summary.csv" ] && { echo "FAIL: partial output"; failed=$((failed + 1)); }

# A scenario naming a layer that does not exist.
sed 's#../data/yunnan-1km/age.tif#'"$src"'/data/yunnan-1km/no-such-age.tif#' "$src/scenarios/yunnan-demo.toml" \
  | sed 's#"\.\./#"'"$src"'/#g' > "$work/bad.toml"
check "missing layer" 1 "no-such-age.tif: layer 'age' file does not exist" \
  "$bin" run "$work/bad.toml" --out "$work/o2"
if [ -n "$(find "$work/o2" -type f 2>/dev/null)" ]; then echo "FAIL: files left in o2"; failed=$((failed + 1)); fi

# An output folder that cannot be created.
touch "$work/file"
check "unwritable output" 1 "file/out: cannot create the output folder" \
  "$bin" run --out "$work/file/out"

# Bad option values are refused by the command line itself.
check "threads 0" 2 "threads" "$bin" run --threads 0 --out "$work/o3"
check "contributions choice" 2 "contributions" "$bin" run --contributions some --out "$work/o3"

# The demo with no scenario runs, names its outputs and ends with the province totals.
check "demo" 0 "^Province totals 2020: " "$bin" run --out "$work/demo" --threads 2
grep -q "^Targets:" "$work/stdout" || { echo "FAIL: the demo printed no targets"; failed=$((failed + 1)); }
# Not a terminal: progress comes as plain lines on stderr, without terminal control codes.
grep -q "^progress: simulate .*100 %" "$work/stderr" || { echo "FAIL: no plain progress lines"; failed=$((failed + 1)); }
if grep -q $'\r' "$work/stderr"; then echo "FAIL: carriage returns in plain progress"; failed=$((failed + 1)); fi
for f in summary.csv programmes.csv targets.csv contributions.csv baseline/summary.csv run.json \
         rasters/volume_2007.tif rasters/volume_2020.tif rasters/carbon_2010.tif rasters/carbon_2015.tif; do
  [ -s "$work/demo/$f" ] || { echo "FAIL: demo did not write $f"; failed=$((failed + 1)); }
done

# validate: a good scenario, then one with a typo.
check "validate good" 0 "yunnan-baseline.toml: valid" "$bin" validate "$src/scenarios/yunnan-baseline.toml"
sed 's/^severity = 0.25/severity = 1.25/' "$src/scenarios/yunnan-baseline.toml" | sed 's#"\.\./#"'"$src"'/#g' > "$work/typo.toml"
check "validate bad" 1 "typo.toml:[0-9]+:[0-9]+: 'programmes\[1\]\.severity' = 1.25 is out of range; allowed 0 to 1" \
  "$bin" validate "$work/typo.toml"

# grid: a missing file is an error (1), a missing argument a usage error (2).
check "grid missing file" 1 "nope.tif: raster file does not exist" "$bin" grid "$work/nope.tif"
check "grid usage" 2 "file is required" "$bin" grid
check "grid unit mismatch" 1 "give --cell-size" "$bin" grid "$src/data/yunnan-1km/land_class.tif" --crs EPSG:4490

# --quiet prints nothing at all on success.
"$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/quiet" --quiet > "$work/q.out" 2> "$work/q.err"
if [ $? -ne 0 ] || [ -s "$work/q.out" ] || [ -s "$work/q.err" ]; then
  echo "FAIL: --quiet printed something"; cat "$work/q.out" "$work/q.err" | head; failed=$((failed + 1))
else passed=$((passed + 1)); fi

# Monte Carlo draws write uncertainty.csv.
check "draws" 0 "Monte Carlo: 3 draws in" "$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/mc" --draws 3
head -1 "$work/mc/uncertainty.csv" | grep -q "^year,region_id,region,metric,draws,mean,p5,p50,p95$" \
  || { echo "FAIL: uncertainty.csv header"; failed=$((failed + 1)); }

# A batch file with an unknown key.
printf 'scenarioz = []\n' > "$work/bad.batch.toml"
check "batch bad" 1 "bad.batch.toml:1:1: unknown key 'scenarioz' \(did you mean 'scenarios'\?\)" \
  "$bin" batch "$work/bad.batch.toml" --out "$work/b"

# validate accepts a batch file: every variant and each distinct set of inputs.
check "validate batch" 0 "yunnan-what-ifs.batch.toml: valid batch — 6 variants, 1 distinct sets of inputs" \
  "$bin" validate "$src/scenarios/yunnan-what-ifs.batch.toml"
check "validate bad batch" 1 "bad.batch.toml:1:1: unknown key 'scenarioz'" "$bin" validate "$work/bad.batch.toml"

# Memory is judged against the smallest limit: under ulimit -v 2.5 GB, draws
# (two states and 3 GB kept for the rest) are refused, naming the limit.
check "draws under ulimit -v" 1 "set by the address-space limit \(ulimit -v\)" \
  bash -c 'ulimit -v 2500000 && exec "$0" run "$1" --out "$2" --draws 2' "$bin" "$src/scenarios/yunnan-demo.toml" "$work/ulimit"
[ -e "$work/ulimit/summary.csv" ] && { echo "FAIL: partial output under ulimit"; failed=$((failed + 1)); }

# An unknown command is named, with the nearest one; --version names the libraries.
check "unknown command" 2 "^forestsink: unknown command 'rn' \(did you mean 'run'\?\); the commands are run, batch, validate" \
  "$bin" rn
check "version" 0 "^forestsink [0-9.]+ \(GDAL [0-9.]+, PROJ [0-9.]+, oneTBB [0-9.]+\)$" "$bin" --version

# Options that change nothing are warned about: --contributions without a
# baseline, draws of a scenario that draws nothing.
check "contributions without baseline" 0 "^warning: --contributions plan is ignored: the scenario names no baseline" \
  "$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/nobaseline" --contributions plan --draws 2
grep -q "^warning: 2 draws of a scenario without an \[uncertainty\] table are 2 identical runs" "$work/stderr" \
  || { echo "FAIL: no warning for draws without [uncertainty]"; failed=$((failed + 1)); }
"$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/nowarn" > "$work/stdout" 2> "$work/stderr"
if grep -q "warning:" "$work/stderr"; then echo "FAIL: a plain run warned: $(grep warning: "$work/stderr")"; failed=$((failed + 1)); fi

# A programme that runs out of land says so on the console.
sed 's#"\.\./#"'"$src"'/#g; s/^end_year = 2020/end_year = 2010/; s/^report_years = .*/report_years = [2010]/' \
  "$src/scenarios/yunnan-demo.toml" > "$work/short.toml"
printf '\n[[programmes]]\nname = "Too much planting"\nkind = "afforestation"\nyears = [2009, 2010]\narea_per_year = "3e6 ha"\nspecies = "local"\n' >> "$work/short.toml"
check "shortfall" 0 "^warning: programme 'Too much planting' fell short by [0-9.]+ Mha in 2009–2010: its eligible land ran out" \
  "$bin" run "$work/short.toml" --out "$work/short"
# A total over the period carries each year's shortfall into the next years:
# the console gives what is left undone once (the total less the area
# programmes.csv says was treated), not the sum of the carried shortfalls.
sed 's#"\.\./#"'"$src"'/#g; s/^end_year = 2020/end_year = 2010/; s/^report_years = .*/report_years = [2010]/' \
  "$src/scenarios/yunnan-demo.toml" > "$work/short-total.toml"
printf '\n[[programmes]]\nname = "Too much planting in all"\nkind = "afforestation"\nyears = [2009, 2010]\narea_ha_total = 6e6\nspecies = "local"\n' >> "$work/short-total.toml"
check "shortfall of a total" 0 "^warning: programme 'Too much planting in all' left [0-9.]+ Mha of its total undone by 2010 \(short in 2009–2010\)" \
  "$bin" run "$work/short-total.toml" --out "$work/short-total"
undone=$(grep -oE "left [0-9.]+ Mha" "$work/stderr" | awk '{print $2}')
treated=$(awk -F, '$3 == "all" && $4 == "Too much planting in all" { s += $6 } END { printf "%.6f", s / 1e6 }' \
  "$work/short-total/programmes.csv")
if ! awk -v u="${undone:-x}" -v t="$treated" 'BEGIN { d = 6 - t - u; exit !(u != "x" && d < 1e-4 && d > -1e-4) }'; then
  echo "FAIL: shortfall of a total: console says ${undone:-nothing} Mha undone, programmes.csv treated $treated of 6 Mha"
  failed=$((failed + 1))
fi

# --seed is recorded.
check "seed" 0 "Province totals" "$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/seeded" --seed 42
grep -q '"seed": 42' "$work/seeded/run.json" || { echo "FAIL: seed not in run.json"; failed=$((failed + 1)); }

# --quiet prints nothing on success.
"$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/quiet" --quiet > "$work/q.out" 2>&1
if [ $? -ne 0 ] || [ -s "$work/q.out" ]; then echo "FAIL: --quiet printed output"; failed=$((failed + 1)); else passed=$((passed + 1)); fi

# --- The output set is replaced whole (issue 17) ---------------------------
demo_toml="$src/scenarios/yunnan-demo.toml"
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
# How many staging folders of DIR are left next to it.
staging_left() { ls -A "$(dirname "$1")" | grep -c "^\.$(basename "$1")\.forestsink-staging-"; }
# Every file in DIR is one that DIR/run.json lists (or the marker), and all are there: one run's set.
whole_set() {
  python3 - "$1" << 'PY'
import json, os, sys
d = sys.argv[1]
listed = set(json.load(open(os.path.join(d, "run.json")))["outputs"]) | {"run.json", ".forestsink-output"}
found = {os.path.relpath(os.path.join(r, f), d) for r, _, files in os.walk(d) for f in files}
if found != listed:
    print("  not one run's set; differs in:", sorted(found ^ listed)[:10])
    sys.exit(1)
PY
}

# (f) An unrelated folder is refused before any work, and left as it was.
mkdir "$work/thesis"; echo "chapter 1" > "$work/thesis/chapter1.tex"
check "unrelated --out" 1 "thesis exists and is not a forestsink output folder; choose an empty or new --out" \
  "$bin" run "$demo_toml" --out "$work/thesis"
[ "$(ls -A "$work/thesis")" = "chapter1.tex" ] && grep -qx "chapter 1" "$work/thesis/chapter1.tex" \
  || fail "the unrelated folder changed: $(ls -A "$work/thesis")"

# (b) A re-run replaces the whole set: contributions.csv of a run with a
# baseline is gone after a run without one, and every file is the new run's.
# (e) It also removes the staging folder a dead process left.
out="$work/rerun"
check "run with baseline" 0 "^Outputs in " "$bin" run "$demo_toml" --baseline "$src/scenarios/yunnan-baseline.toml" \
  --contributions plan --out "$out"
[ -s "$out/contributions.csv" ] && [ -s "$out/baseline/summary.csv" ] || fail "no contributions.csv with a baseline"
bash -c 'exit 0' & dead=$!; wait "$dead"
mkdir -p "$work/.rerun.forestsink-staging-$dead/rasters"; echo x > "$work/.rerun.forestsink-staging-$dead/rasters/x.tif"
touch "$work/stamp"
check "re-run without baseline" 0 "^Outputs in " "$bin" run "$demo_toml" \
  --baseline "$src/scenarios/yunnan-baseline.toml" --contributions none --out "$out"
[ -e "$out/contributions.csv" ] || [ -e "$out/baseline" ] && fail "a file of the earlier run survived the re-run"
whole_set "$out" || fail "the re-run's folder is not one run's set"
[ -z "$(find "$out" -type f ! -newer "$work/stamp")" ] || fail "files older than the re-run: $(find "$out" -type f ! -newer "$work/stamp" | head -3)"
grep -q -- '--contributions none' "$out/run.json" || fail "run.json is not the re-run's"
[ -e "$work/.rerun.forestsink-staging-$dead" ] && fail "the staging folder of dead pid $dead was not removed"
[ "$(staging_left "$out")" -eq 0 ] || fail "staging folders left after the re-run"

# (c) Two runs into one --out at once: the second fails at once naming the
# first; the first succeeds and the set is whole.
out="$work/concurrent"
"$bin" run "$demo_toml" --out "$out" --quiet > /dev/null 2> "$work/first.err" & first=$!
for _ in $(seq 200); do [ -d "$work/.concurrent.forestsink-staging-$first" ] && break; sleep 0.05; done
check "second writer" 1 "^forestsink: error: another forestsink run \(pid $first\) is writing $out\$" \
  "$bin" run "$demo_toml" --out "$out" --quiet
wait "$first" || { fail "the first of two concurrent runs failed"; cat "$work/first.err"; }
whole_set "$out" || fail "two concurrent runs left a mixed set"
[ "$(staging_left "$out")" -eq 0 ] || fail "staging folders left after concurrent runs"

# (d) SIGTERM and SIGINT mid-run (the 1 km plan): exit 143 / 130, no staging
# folder, the previous set (the demo's, above) as it was.
# GDAL's temporary files go to the staging folder, not the working directory.
cp -a "$work/demo" "$work/demo.before"
mkdir "$work/cwd"
for sig in TERM:143 INT:130; do
  (cd "$work/cwd" && exec timeout --preserve-status -s "${sig%:*}" 2 "$bin" run --out "$work/demo" --threads 2 \
    > /dev/null 2> "$work/sig.err")
  code=$?
  [ -z "$(ls -A "$work/cwd")" ] || fail "SIG${sig%:*} left files in the working directory: $(ls -A "$work/cwd")"
  if [ "$code" -ne "${sig#*:}" ] || ! grep -q "^forestsink: stopped by SIG${sig%:*}" "$work/sig.err"; then
    fail "SIG${sig%:*}: exit $code (expected ${sig#*:})"; cat "$work/sig.err" | tail -3
  fi
  [ "$(staging_left "$work/demo")" -eq 0 ] || fail "SIG${sig%:*} left a staging folder"
  diff -r "$work/demo.before" "$work/demo" > /dev/null || fail "SIG${sig%:*} changed the previous set"
done

# (g) A batch is one set: a re-run with other variants leaves no variant of
# the earlier batch, and the comparison and the variants are one batch's.
batchfile() {  # seed
  printf 'name = "t"\n[[sweeps]]\nscenario = "%s"\n[[sweeps.parameters]]\npath = "seed"\nvalues = [%s]\n' \
    "$demo_toml" "$1" > "$work/seed$1.batch.toml"
}
batchfile 3; batchfile 4
out="$work/batch"
check "batch seed 3" 0 "comparison: " "$bin" batch "$work/seed3.batch.toml" --out "$out" --threads 2
[ -s "$out/comparison.csv" ] && [ -s "$out/yunnan-demo__seed=3/summary.csv" ] && [ -s "$out/.forestsink-output" ] \
  || fail "the batch set is incomplete: $(ls -A "$out")"
touch "$work/stamp"
check "batch seed 4" 0 "comparison: " "$bin" batch "$work/seed4.batch.toml" --out "$out" --threads 2
[ -e "$out/yunnan-demo__seed=3" ] && fail "a variant of the earlier batch survived"
[ -s "$out/yunnan-demo__seed=4/run.json" ] || fail "the new variant is missing"
grep -q "yunnan-demo__seed=4" "$out/comparison.csv" && ! grep -q "seed=3" "$out/comparison.csv" \
  || fail "comparison.csv is not the new batch's"
[ -z "$(find "$out" -type f ! -newer "$work/stamp")" ] || fail "files older than the batch re-run"
[ "$(staging_left "$out")" -eq 0 ] || fail "staging folders left after a batch"

# (a) and (g) A commit that cannot complete (the folder is a mount point: its
# rename fails with EBUSY) leaves the previous set intact and no staging folder,
# for a run and for a batch.
for kind in run batch; do
  m="$work/mounted"; [ "$kind" = batch ] && m="$work/bmounted"
  mkdir "$m"
  if ! mount -t tmpfs -o size=64m tmpfs "$m" 2> /dev/null; then
    echo "SKIP: failed-commit test ($kind): mount is not permitted here"; continue
  fi
  if [ "$kind" = run ]; then cp -a "$work/rerun/." "$m/"; else cp -a "$work/batch/." "$m/"; fi
  cp -a "$m" "$m.before"
  if [ "$kind" = run ]; then
    check "commit onto a mount point" 1 "mounted: cannot put the new outputs in place \(Device or resource busy\); the previous outputs are untouched" \
      "$bin" run "$demo_toml" --out "$m" --quiet
  else
    check "batch commit onto a mount point" 1 "bmounted: cannot put the new outputs in place \(Device or resource busy\)" \
      "$bin" batch "$work/seed3.batch.toml" --out "$m" --threads 2
  fi
  diff -r "$m.before" "$m" > /dev/null || fail "a failed $kind commit changed the previous set"
  [ "$(staging_left "$m")" -eq 0 ] || fail "a failed $kind commit left its staging folder"
  umount "$m"
done

# --- Bounded inputs and clear messages (issue 17) ----------------------------
# The demo scenario with one line replaced (sed expression), its paths absolute.
demo_with() {  # sed-expression output-file
  sed "$1" "$demo_toml" | sed 's#"\.\./#"'"$src"'/#g' > "$2"
}
# Usage errors exit 2 and name the option and what is allowed.
check "seed -1" 2 "^--seed: '-1' is not a seed; allowed: a whole number from 0 to 18446744073709551615" \
  "$bin" run "$demo_toml" --out "$work/s1" --seed -1
check "seed too large" 2 "^--seed: '99999999999999999999' is not a seed" \
  "$bin" run "$demo_toml" --out "$work/s1" --seed 99999999999999999999
check "empty --out" 2 "^--out: an empty path; give an output folder" "$bin" run "$demo_toml" --out ""
check "batch empty --out" 2 "^--out: an empty path" "$bin" batch "$work/seed3.batch.toml" --out ""
# A table header of 50,000 dotted parts: a clean error, not SIGSEGV in toml++.
python3 -c "print('[' + '.'.join(['a'] * 50000) + ']')" > "$work/deep.toml"
check "50,000-part header" 1 "^forestsink: error: .*deep.toml:1:65: a key of more than 32 dotted parts" \
  "$bin" validate "$work/deep.toml"
cp "$work/deep.toml" "$work/deep.batch.toml"
check "50,000-part batch header" 1 "deep.batch.toml:1:65: a key of more than 32 dotted parts" \
  "$bin" batch "$work/deep.batch.toml" --out "$work/deepb"
# A scenario path that is a folder; a species table that is a folder or /dev/zero.
mkdir -p "$work/afolder"
check "scenario is a folder" 1 "afolder: scenario file is a folder; give a regular file" "$bin" validate "$work/afolder"
demo_with 's#^species_table = .*#species_table = "'"$work"'/afolder"#' "$work/sp-folder.toml"
check "species table is a folder" 1 "afolder: species table is a folder; give a regular file" \
  "$bin" validate "$work/sp-folder.toml"
demo_with 's#^species_table = .*#species_table = "/dev/zero"#' "$work/sp-zero.toml"
check "species table /dev/zero" 1 "^forestsink: error: /dev/zero: species table is a character device" \
  "$bin" run "$work/sp-zero.toml" --out "$work/zero"
grep -q "CPLReadLineBuffer" "$work/stderr" && fail "GDAL's own message leaked: $(cat "$work/stderr")"
[ "$(wc -l < "$work/stderr")" -eq 1 ] || fail "/dev/zero: more than one line on stderr"
# A FIFO as a layer: refused at once, not a hang.
mkfifo "$work/age.fifo"
demo_with 's#"\.\./data/yunnan-1km/age.tif"#"'"$work"'/age.fifo"#' "$work/fifo.toml"
check "FIFO layer" 1 "age.fifo: layer 'age' file is a FIFO \(a named pipe\); give a regular file" \
  timeout 60 "$bin" run "$work/fifo.toml" --out "$work/fifo"
# report_years = [] is refused by the loader (it crashed in the QGIS project).
demo_with 's#^report_years = .*#report_years = []#' "$work/no-years.toml"
check "empty report_years" 1 "no-years.toml:[0-9]+:[0-9]+: 'report_years' is empty" \
  "$bin" run "$work/no-years.toml" --out "$work/noyears"
# cell_size = [nan, 1000]: named with line:column, not blamed on the CRS.
demo_with 's#^layer = "land_class".*#crs = "EPSG:4326"\norigin = [97.5, 29.3]\ncell_size = [nan, 1000]\nsize = [10, 10]#' \
  "$work/nan.toml"
check "nan cell size" 1 "nan.toml:[0-9]+:14: 'grid.cell_size' holds nan; allowed: finite numbers" \
  "$bin" validate "$work/nan.toml"
# A 10^12-cell grid: refused before allocation with the sizes and the options, exit 1, not std::bad_alloc.
demo_with 's#^layer = "land_class".*#crs = "EPSG:4326"\norigin = [97.5, 29.3]\ncell_size = [0.00001, 0.00001]\nsize = [1000000, 1000000]#' \
  "$work/huge.toml"
# Before the land class is read, the bound is the grid's cells inside its file (about 7·10^11 here).
check "10^12 cells" 1 "^forestsink: error: the run needs about [0-9]{5}\.[0-9]{2} GB of memory but .* GB are available \(set by .*\): up to [0-9]{12} cells × 16 bytes of state \(the grid's cells inside the land-class file; the study area is not read yet\).* To make it fit: a coarser grid .*fewer --threads .*--contributions none" \
  "$bin" run "$work/huge.toml" --out "$work/huge" --threads 2
check "10^12 cells, validate" 1 "up to [0-9]{12} cells × 16 bytes of state" "$bin" validate "$work/huge.toml"
# A crossed sweep of 64 parameters × 2 values: too many, not "the batch names no scenarios".
{ printf '[[sweeps]]\nscenario = "%s"\n' "$demo_toml"
  for _ in $(seq 64); do printf '[[sweeps.parameters]]\npath = "seed"\nvalues = [1, 2]\n'; done; } > "$work/cross.batch.toml"
check "crossed sweep overflow" 1 "cross.batch.toml:1:1: the sweep crosses 64 parameters into 1.84467e\+19 scenarios; at most 10000" \
  "$bin" batch "$work/cross.batch.toml" --out "$work/cross"
# A full disk says so and names the final folder, not a staging path or libtiff's words alone.
mkdir "$work/small"
if mount -t tmpfs -o size=1m tmpfs "$work/small" 2> /dev/null; then
  check "disk full" 1 "^forestsink: error: $work/small/out: the disk is full \([0-9.]+ MB free on its file system\); the outputs could not be written" \
    "$bin" run "$demo_toml" --out "$work/small/out" --quiet
  [ "$(staging_left "$work/small/out")" -eq 0 ] || fail "a full disk left the staging folder"
  umount "$work/small"
else
  echo "SKIP: disk-full test: mount is not permitted here"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
