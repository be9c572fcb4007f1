#!/usr/bin/env bash
# A full disk (issue 21 item 3): run, batch and a run with Monte Carlo draws
# into an output folder on a small tmpfs. Each must fail with exit 1 and an
# error naming the file and saying the disk is full, commit nothing (the
# previous output set stays byte for byte) and leave no staging folder.
# Needs mount (root); skipped, with the reason, where it is not permitted.
#   full_disk.sh FORESTSINK_BINARY SOURCE_DIR
set -u
bin="$1"; src="$2"
work="$(mktemp -d)"; mnt="$work/disk"; mkdir -p "$mnt"
trap 'umount "$mnt" 2> /dev/null; rm -rf "$work"' EXIT
if ! mount -t tmpfs -o size=1m tmpfs "$mnt" 2> "$work/mount.err"; then
  echo "full_disk: SKIPPED: cannot mount a tmpfs here ($(cat "$work/mount.err")); run as root to test a full disk"
  exit 0
fi
umount "$mnt"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# The demo scenario with absolute paths, and one with an [uncertainty] section for draws.
sed 's#"\.\./#"'"$src"'/#g' "$src/scenarios/yunnan-demo.toml" > "$work/demo.toml"
{ cat "$work/demo.toml"; printf '\n[uncertainty]\npercentiles = [5, 50, 95]\n[uncertainty.growth]\n'
  printf 'distribution = "lognormal"\nmedian = 1.0\nsdlog = 0.10\n'; } > "$work/draws.toml"
printf 'name = "full disk"\n[[sweeps]]\nscenario = "%s"\n[[sweeps.parameters]]\npath = "seed"\nvalues = [3, 4]\n' \
  "$work/demo.toml" > "$work/seeds.batch.toml"

# name, tmpfs size, command after the binary (--out is added)
full_disk() {
  local name="$1" size="$2"; shift 2
  mount -t tmpfs -o "size=$size" tmpfs "$mnt" || { fail "$name: mount"; return; }
  # A previous output set that must survive.
  mkdir "$mnt/out"; echo "previous set" > "$mnt/out/summary.csv"; touch "$mnt/out/.forestsink-output"
  local before; before="$(cd "$mnt/out" && find . -type f -exec sha256sum {} + | sort)"
  "$bin" "$@" --out "$mnt/out" > "$work/stdout" 2> "$work/stderr"; local code=$?
  local message; message="$(grep "forestsink: error:" "$work/stderr")"
  [ "$code" -eq 1 ] || fail "$name: exit $code, expected 1"
  # One message: the disk is full, naming --out's folder and the file whose write failed.
  { echo "$message" | grep -qE "^forestsink: error: .*the disk is full" &&
    echo "$message" | grep -qE "$mnt/[^ :]+\.[a-z]+"; } \
    || fail "$name: the error does not name the file and say the disk is full: $(cat "$work/stderr")"
  [ "$(cd "$mnt/out" && find . -type f -exec sha256sum {} + | sort)" = "$before" ] \
    || fail "$name: the previous output set changed"
  [ -z "$(find "$mnt" -maxdepth 1 -name '.out.forestsink-staging-*')" ] || fail "$name: a staging folder is left"
  echo "$name ($size): $message"
  umount "$mnt"
}

# Sizes chosen so that different files meet the full disk: an early raster, a
# later raster, the maps and the report after the draws, a variant of a batch.
full_disk "run, first rasters" 2m run "$work/demo.toml" --threads 2 --quiet
full_disk "run, maps" 17m run "$work/demo.toml" --threads 2 --quiet
full_disk "Monte Carlo" 17m run "$work/draws.toml" --threads 2 --quiet --draws 3
full_disk "batch" 24m batch "$work/seeds.batch.toml" --threads 2

[ "$failed" -eq 0 ] && echo "full_disk: passed" || echo "full_disk: $failed failures"
[ "$failed" -eq 0 ]
