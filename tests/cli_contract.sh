#!/usr/bin/env bash
# The command-line contract: exit codes, one clear message on stderr, and no
# output under a final name when a run fails.
#   cli_contract.sh FORESTSINK_BINARY SOURCE_DIR
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
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

# Memory is judged against the smallest limit: under ulimit -v 2.5 GB, draws
# (two states and 3 GB kept for the rest) are refused, naming the limit.
check "draws under ulimit -v" 1 "set by the address-space limit \(ulimit -v\)" \
  bash -c 'ulimit -v 2500000 && exec "$0" run "$1" --out "$2" --draws 2' "$bin" "$src/scenarios/yunnan-demo.toml" "$work/ulimit"
[ -e "$work/ulimit/summary.csv" ] && { echo "FAIL: partial output under ulimit"; failed=$((failed + 1)); }

# --seed is recorded.
check "seed" 0 "Province totals" "$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/seeded" --seed 42
grep -q '"seed": 42' "$work/seeded/run.json" || { echo "FAIL: seed not in run.json"; failed=$((failed + 1)); }

# --quiet prints nothing on success.
"$bin" run "$src/scenarios/yunnan-demo.toml" --out "$work/quiet" --quiet > "$work/q.out" 2>&1
if [ $? -ne 0 ] || [ -s "$work/q.out" ]; then echo "FAIL: --quiet printed output"; failed=$((failed + 1)); else passed=$((passed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
