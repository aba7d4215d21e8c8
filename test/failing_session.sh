#!/usr/bin/env bash
# failing: bad fails, ok1 and ok2 pass. parnox exits 1, prints bad's whole output, still
# runs the others, keeps bad's log; with -x on one worker it starts nothing after bad.
source "$(dirname "$0")/lib.sh"

dir=$(fixture failing)

say "parnox -j2 exits 1"
run_in parnox "$dir" "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
expect_rc parnox 1

say "bad's output (its stdout and stderr lines) is printed"
expect_output parnox "bad: stdout line"
expect_output parnox "bad: stderr line"

say "ok1 and ok2 still ran and passed; bad failed; the report matches sequential nox"
run_in nox "$(fixture failing "$SCRATCH/sequential")" \
  "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 1
expected=$(report_results "$SCRATCH/nox.json")
got=$(report_results "$SCRATCH/parnox.json")
same_text "per-session results, nox vs parnox" "$expected" "$got"
result=$(json "$SCRATCH/parnox.json" 'd["result"]')
[[ $result == 0 ]] || fail "the report's overall result" 0 "$result"

say "bad's log exists and holds its output"
log=$(json "$SCRATCH/parnox.json" '[s["log"] for s in d["sessions"] if s["name"] == "bad"][0]')
[[ $log == /* ]] || log=$dir/$log
[[ -f $log ]] || fail "bad's log" "a file $log" "none"
if ! grep -qF "bad: stdout line" "$log" || ! grep -qF "bad: stderr line" "$log"; then
  show "$log"
  fail "bad's log" "both of bad's lines" "the log above"
fi
[[ $log == "$dir/.parnox/logs/"* ]] || fail "bad's log location" "under $dir/.parnox/logs/" "$log"

say "-j1 -x: nothing starts after bad fails (as nox -x)"
dir=$(fixture failing "$SCRATCH/stop")
run_in stop "$dir" "$PARNOX" -j1 -x --report "$SCRATCH/stop.json"
expect_rc stop 1
ran=$(json "$SCRATCH/stop.json" 'sorted(s["name"] for s in d["sessions"] if s["result"] in ("success", "failed"))')
same_text "sessions run under -j1 -x" "$(printf 'bad\nok1')" "$ran"
[[ ! -e $dir/.parnox/logs/ok2.log ]] || fail "ok2 under -x" "not started (no log)" "a log"

pass
