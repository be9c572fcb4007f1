#!/usr/bin/env bash
# MPI (issue 13 items 2 to 5): the same outputs from one process and from an
# MPI job. One run split into bands of rows, and the plan with 6 Monte Carlo draws and its contributions (the
# baseline and the runs without each programme) on 1 process, 2 ranks, 3 ranks
# and 2 ranks x 2 threads, and a batch of 4 variants on 1 process and 2 ranks,
# must give byte-identical output sets (run.json aside, which records the
# ranks), and so must a run on a grid of stands on 1 process and 3 ranks;
# run.json says how many ranks ran and which draws and runs each ran.
# A bad scenario under mpirun fails with exit 1, naming the file and the line,
# and writes nothing. Root is allowed (CI runs as root); ranks may outnumber the cores.
#   mpi_ranks.sh FORESTSINK_BINARY SOURCE_DIR
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
ranks() { local n="$1"; shift; mpirun -np "$n" "$bin" "$@"; }

same_set() {  # what, folder A, folder B
  local diffs; diffs="$(diff -rq --exclude=run.json "$2" "$3")"
  [ -z "$diffs" ] || fail "$1: outputs differ from one process: $diffs"
  [ "$(cd "$2" && find . -type f ! -name run.json | sort)" = "$(cd "$3" && find . -type f ! -name run.json | sort)" ] \
    || fail "$1: not the same files as one process"
}

# The Yunnan plan with its [uncertainty] table and its baseline: 6 draws, and
# the runs without each of its programmes.
plan="$src/scenarios/yunnan-plan-2011-2020.toml"
"$bin" run "$plan" --draws 6 --threads 1 --out "$work/one" -q || fail "one process: exit $?"
[ -s "$work/one/uncertainty.csv" ] && [ -s "$work/one/contributions.csv" ] \
  || fail "one process: no uncertainty.csv or contributions.csv"
programmes="$(python3 - "$work/one/run.json" << 'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["mpi_ranks"] == 1 and len(j["ranks"]) == 1 and j["ranks"][0]["draws"] == 6, (j["mpi_ranks"], j["ranks"])
assert j["ranks"][0]["runs_without_a_programme"] > 1, j["ranks"]
print(j["ranks"][0]["runs_without_a_programme"])
PY
)" || fail "one process: run.json does not record its rank"
for layout in "2 1" "3 1" "2 2"; do
  set -- $layout; n=$1; threads=$2; name="ranks${n}x${threads}"
  ranks "$n" run "$plan" --draws 6 --threads "$threads" --out "$work/$name" -q \
    > "$work/$name.log" 2>&1 || { fail "$name: exit $?: $(tail -5 "$work/$name.log")"; continue; }
  same_set "$name" "$work/one" "$work/$name"
  # Draw d and the run without programme p run on rank (d + 1) mod n and
  # (p + 1) mod n; every rank reports its threads and state.
  python3 - "$work/$name/run.json" "$n" "$threads" "$programmes" << 'PY' || fail "$name: run.json does not record the ranks"
import json, sys
j = json.load(open(sys.argv[1])); n, threads, programmes = map(int, sys.argv[2:5])
assert j["mpi_ranks"] == n, j["mpi_ranks"]
assert [r["rank"] for r in j["ranks"]] == list(range(n)), j["ranks"]
for r in j["ranks"]:
    assert r["draws"] == sum(1 for d in range(6) if (d + 1) % n == r["rank"]), r
    assert r["runs_without_a_programme"] == sum(1 for p in range(programmes) if (p + 1) % n == r["rank"]), r
    assert r["threads"] == threads and r["state_bytes"] > 0 and r["seconds"] > 0, r
PY
done

# One run split into bands of rows, one per rank (the default when there are
# no draws or runs without a programme to share out): the plan against its
# baseline on 1 process, 2 and 3 ranks and 2 ranks x 2 threads. Each rank
# reads and holds its band; the COGs are built from the bands' files.
"$bin" run "$plan" --contributions plan --threads 1 --out "$work/bands-one" -q || fail "bands, one process: exit $?"
for layout in "2 1" "3 1" "2 2"; do
  set -- $layout; n=$1; threads=$2; name="bands${n}x${threads}"
  ranks "$n" run "$plan" --contributions plan --threads "$threads" --out "$work/$name" \
    > "$work/$name.log" 2>&1 || { fail "$name: exit $?: $(tail -5 "$work/$name.log")"; continue; }
  same_set "$name" "$work/bands-one" "$work/$name"
  grep -q "in $n bands of rows, one per MPI rank" "$work/$name.log" || fail "$name: the console does not say so"
  # Every rank held its own rows: together all of them, once; their states add up to the run's.
  python3 - "$work/$name/run.json" "$n" "$threads" << 'PY' || fail "$name: run.json does not record the bands"
import json, sys
j = json.load(open(sys.argv[1])); n, threads = map(int, sys.argv[2:4])
assert j["mpi_ranks"] == n and j["mpi_split"] == "bands", (j["mpi_ranks"], j["mpi_split"])
rows = [(r["rows"]["first"], r["rows"]["count"]) for r in j["ranks"]]
assert [r["rank"] for r in j["ranks"]] == list(range(n)), j["ranks"]
assert rows[0][0] == 0 and all(a[0] + a[1] == b[0] for a, b in zip(rows, rows[1:])), rows
assert rows[-1][0] + rows[-1][1] == j["grid"]["rows"], (rows, j["grid"])
assert all(c > 0 for _, c in rows), rows
assert sum(r["state_bytes"] for r in j["ranks"]) == j["memory"]["state_bytes"], j["ranks"]
assert all(r["threads"] == threads and r["draws"] == 0 for r in j["ranks"]), j["ranks"]
PY
done
# Draws and runs without each programme split into bands too (--split bands):
# every rank runs every one, on its band.
ranks 2 run "$plan" --split bands --draws 6 --threads 1 --out "$work/bands-draws" > "$work/bands-draws.log" 2>&1 \
  || fail "bands with draws: exit $?: $(tail -5 "$work/bands-draws.log")"
same_set "bands with draws" "$work/one" "$work/bands-draws"
python3 - "$work/bands-draws/run.json" "$programmes" << 'PY' || fail "bands with draws: run.json does not record them"
import json, sys
j = json.load(open(sys.argv[1])); programmes = int(sys.argv[2])
assert j["mpi_split"] == "bands", j["mpi_split"]
assert all(r["draws"] == 6 and r["runs_without_a_programme"] == programmes for r in j["ranks"]), j["ranks"]
PY
# A grid coarser than the data (sim/Stands.h): Hubei's 1 km data on a 2 km grid, split into bands of
# grid rows; each rank reads the data's rows under its band and builds their stands.
sed -e 's#"\.\./#"'"$src"'/#g' -e '/^baseline = /d' "$src/scenarios/hubei-plan-2011-2015.toml" > "$work/hubei.toml"
# on_grid CELL_SIZE OUT [forestsink grid options]: the Hubei scenario on the [grid] block `forestsink grid`
# prints for that cell size.
on_grid() {
  "$bin" grid "$src/data/hubei-1km/land_class.tif" --cell-size "$1" "${@:3}" | grep -v '^#' > "$work/grid.txt"
  python3 - "$work/hubei.toml" "$work/grid.txt" "$2" << 'PY'
import re, sys
s, g = open(sys.argv[1]).read(), open(sys.argv[2]).read()
open(sys.argv[3], "w").write(re.sub(r'\[grid\]\nlayer = "land_class".*\n', lambda m: g, s, count=1))
PY
}
on_grid 2000 "$work/hubei-2km.toml"
"$bin" run "$work/hubei-2km.toml" --contributions none --threads 1 --out "$work/stands-one" -q || fail "stands, one process: exit $?"
grep -q '"stands"' "$work/stands-one/run.json" || fail "stands, one process: run.json has no grid.stands"
ranks 3 run "$work/hubei-2km.toml" --contributions none --threads 1 --out "$work/stands-ranks" \
  > "$work/stands-ranks.log" 2>&1 || fail "stands, 3 ranks: exit $?: $(tail -5 "$work/stands-ranks.log")"
same_set "stands on 3 ranks" "$work/stands-one" "$work/stands-ranks"
# And on a grid whose cells are not whole data cells (2.5 km over 1 km): each rank reads the data cells whose
# centres lie in its rows, the edge cells included once.
on_grid 2500 "$work/hubei-25km.toml"
"$bin" run "$work/hubei-25km.toml" --contributions none --threads 1 --out "$work/stands25-one" -q || fail "stands 2.5 km, one process: exit $?"
ranks 3 run "$work/hubei-25km.toml" --contributions none --threads 1 --out "$work/stands25-ranks" \
  > "$work/stands25-ranks.log" 2>&1 || fail "stands 2.5 km, 3 ranks: exit $?: $(tail -5 "$work/stands25-ranks.log")"
same_set "stands 2.5 km on 3 ranks" "$work/stands25-one" "$work/stands25-ranks"
# And on a grid in another CRS (2 km in UTM 49N over the Albers data): a data row's centres fall in several
# grid rows, so the ranks read overlapping rows of the data and each keeps the cells of its own grid rows.
on_grid 2000 "$work/hubei-utm.toml" --crs EPSG:32649
"$bin" run "$work/hubei-utm.toml" --contributions none --threads 1 --out "$work/standsutm-one" -q || fail "stands UTM, one process: exit $?"
ranks 3 run "$work/hubei-utm.toml" --contributions none --threads 1 --out "$work/standsutm-ranks" \
  > "$work/standsutm-ranks.log" 2>&1 || fail "stands UTM, 3 ranks: exit $?: $(tail -5 "$work/standsutm-ranks.log")"
same_set "stands in UTM on 3 ranks" "$work/standsutm-one" "$work/standsutm-ranks"
# And the sub-compartments' polygons on a 1 km grid, whose cells keep the stands of a 250 m lattice.
sed -e "s|\.\./|$src/|g" -e "s/^cell_size = 250$/cell_size = 1000/" "$src/scenarios/yunnan-xiaoban.toml" > "$work/xiaoban-1km.toml"
"$bin" run "$work/xiaoban-1km.toml" --contributions none --threads 1 --out "$work/lattice-one" -q || fail "lattice, one process: exit $?"
grep -q 'lattice of 250 × 250 cells' "$work/lattice-one/run.json" || fail "lattice, one process: run.json has no lattice note"
ranks 3 run "$work/xiaoban-1km.toml" --contributions none --threads 1 --out "$work/lattice-ranks" \
  > "$work/lattice-ranks.log" 2>&1 || fail "lattice, 3 ranks: exit $?: $(tail -5 "$work/lattice-ranks.log")"
same_set "stands of a lattice on 3 ranks" "$work/lattice-one" "$work/lattice-ranks"

# A folder that is not a forestsink output set is refused before any work, by rank 0 for all ranks.
mkdir -p "$work/user-folder" && echo keep > "$work/user-folder/notes.txt"
ranks 2 run "$plan" --contributions none --out "$work/user-folder" > "$work/refused.log" 2>&1; code=$?
[ "$code" -eq 1 ] || fail "bands into a user's folder: exit $code, expected 1"
grep -q "user-folder" "$work/refused.log" || fail "bands into a user's folder: the error does not name it: $(cat "$work/refused.log")"
[ "$(ls "$work/user-folder")" = "notes.txt" ] || fail "bands into a user's folder: it was changed: $(ls "$work/user-folder")"

# A batch of 4 variants: the demo and the baseline at two seeds.
sed 's#"\.\./#"'"$src"'/#g' "$src/scenarios/yunnan-demo.toml" > "$work/demo.toml"
sed 's#"\.\./#"'"$src"'/#g' "$src/scenarios/yunnan-baseline.toml" > "$work/baseline.toml"
printf 'name = "ranks"\nscenarios = ["demo.toml"]\n[[sweeps]]\nscenario = "baseline.toml"\n[[sweeps.parameters]]\npath = "seed"\nvalues = [3, 4, 5]\n' \
  > "$work/four.batch.toml"
"$bin" batch "$work/four.batch.toml" --threads 1 --out "$work/batch-one" > "$work/batch-one.log" 2>&1 \
  || fail "batch, one process: exit $?: $(tail -5 "$work/batch-one.log")"
ranks 2 batch "$work/four.batch.toml" --threads 1 --out "$work/batch-ranks" > "$work/batch-ranks.log" 2>&1 \
  || fail "batch, 2 ranks: exit $?: $(tail -5 "$work/batch-ranks.log")"
same_set "batch on 2 ranks" "$work/batch-one" "$work/batch-ranks"
grep -q "shared out over 2 MPI ranks" "$work/batch-ranks.log" || fail "batch, 2 ranks: the console does not say so"
ls -a "$work" | grep -q "forestsink-staging\|forestsink-done" && fail "a staging or done folder was left: $(ls -a "$work")"

# A bad scenario: every rank stops with exit 1, the message names file:line:column, nothing is written.
printf 'name = "x"\nstart_year = 2007\nend_yaer = 2010\n' > "$work/bad.toml"
ranks 2 run "$work/bad.toml" --out "$work/bad-out" > "$work/bad.log" 2>&1; code=$?
[ "$code" -eq 1 ] || fail "bad scenario under mpirun: exit $code, expected 1"
grep -q "forestsink: error: $work/bad.toml:3:1: unknown key 'end_yaer' (did you mean 'end_year'?)" "$work/bad.log" \
  || fail "bad scenario under mpirun: the error does not name the file and line: $(cat "$work/bad.log")"
[ ! -e "$work/bad-out" ] || fail "bad scenario under mpirun: an output folder was made"

if [ "$failed" -gt 0 ]; then echo "mpi_ranks: $failed failure(s)"; exit 1; fi
echo "mpi_ranks: passed"
