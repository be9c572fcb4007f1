#!/usr/bin/env bash
# forestsink calibrate: the fitted multiplier, put in the scenario and run by
# `forestsink run`, gives the asked change of forest stock (summary.csv);
# bad years and unknown programme names are refused with exit 1.
#   calibrate.sh FORESTSINK_BINARY SOURCE_DIR WORK_DIR
set -u
bin="$1"; src="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# The natural-growth demo to 2012, asked for +0.2 billion m³ over 2007-2012.
sed -e "s|\.\./|$src/|g" -e 's/^end_year = .*/end_year = 2012/' -e 's/^report_years = .*/report_years = [2007, 2012]/' \
  "$src/scenarios/yunnan-demo.toml" > "$work/demo.toml"
if ! "$bin" calibrate "$work/demo.toml" --from 2007 --to 2012 --stock-change 2e8 --out "$work/growth.toml" \
     > "$work/calibrate.log" 2>&1; then
  fail "calibrate exited non-zero:"; cat "$work/calibrate.log"
fi
m=$(sed -n 's/^multiplier = //p' "$work/growth.toml")
[ -n "$m" ] || fail "no multiplier in growth.toml"
grep -q '^source = "fitted by forestsink calibrate: demo.toml changes forest stock by 2e+08 m3 from 2007 to 2012' \
  "$work/growth.toml" || fail "growth.toml's source does not say what was fitted: $(grep '^source' "$work/growth.toml")"

# Independently: the scenario with that multiplier, run as a user would.
sed -e "s/^multiplier = .*/multiplier = $m/" "$work/demo.toml" > "$work/fitted.toml"
"$bin" run "$work/fitted.toml" --out "$work/run" --quiet --contributions none || fail "the fitted scenario did not run"
change=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                  $c["region"] == "all" && $c["year"] == 2007 { a = $c["stock_m3"] }
                  $c["region"] == "all" && $c["year"] == 2012 { b = $c["stock_m3"] }
                  END { printf "%.3f", b - a }' "$work/run/summary.csv")
# The fit stops within 1e4 m³; the multiplier is written to 6 decimals (about 300 m³ here).
awk -v c="$change" 'BEGIN { d = c - 2e8; exit !(d < 1.1e4 && d > -1.1e4) }' \
  || fail "the fitted multiplier $m gives a stock change of $change m³, not 2e8 within 1.1e4"
# And it is not the scenario's own: the fit moved it.
own=$(sed -n 's/^multiplier = //p' "$work/demo.toml")
[ "$m" != "$own" ] || fail "the fit returned the scenario's own multiplier $own"

# Refusals: exit 1, naming the bad value and what is allowed.
"$bin" calibrate "$work/demo.toml" --from 2000 --to 2012 --stock-change 2e8 > "$work/out" 2> "$work/err"
[ $? -eq 1 ] && grep -q "the calibration years 2000 to 2012 must lie within the scenario's 2007 to 2012" "$work/err" \
  || { fail "years outside the scenario:"; cat "$work/err"; }
sed -e "s|\.\./|$src/|g" "$src/scenarios/yunnan-baseline.toml" > "$work/baseline.toml"
"$bin" calibrate "$work/baseline.toml" --from 2007 --to 2012 --stock-change 1.55e8 --leave-out "2008 snow storm" \
  --out "$work/refused.toml" > "$work/out" 2> "$work/err"
[ $? -eq 1 ] && grep -q "\-\-leave-out '2008 snow storm' is not a programme of the scenario (did you mean '2008 snow and ice storm'?)" "$work/err" \
  || { fail "unknown --leave-out:"; cat "$work/err"; }
[ -e "$work/refused.toml" ] && fail "a refused calibration wrote its --out file"

[ "$failed" -eq 0 ] && echo "calibrate: all checks passed"
exit "$failed"
