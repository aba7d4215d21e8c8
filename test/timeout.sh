#!/usr/bin/env bash
# timeout: [tool.parnox] gives slow (a 60 s sleep) 2 s. parnox ends slow alone, within a few
# seconds of its limit, reports it failed (timed out), still passes fast, and exits 1;
# nothing of slow outlives the run.
source "$(dirname "$0")/lib.sh"

dir=$(fixture timeout)

say "parnox -j2 exits 1 well before slow's 60 s"
started=$SECONDS
run_in parnox "$dir" "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
took=$((SECONDS - started))
expect_rc parnox 1
((took <= 15)) || fail "the run's wall time" "at most 15 s (2 s limit + start-up)" "$took s"

say "the report: slow failed, timed out, after about 2 s; fast passed"
results=$(json "$SCRATCH/parnox.json" 'sorted(s["name"] + " " + s["result"] for s in d["sessions"])')
same_text "session results" "$(printf 'fast success\nslow failed')" "$results"
slow_result=$(json "$SCRATCH/parnox.json" '[s["parnox_result"] for s in d["sessions"] if s["name"] == "slow"][0]')
[[ $slow_result == "timed out" ]] || fail "slow's parnox_result" "timed out" "$slow_result"
slow_took=$(json "$SCRATCH/parnox.json" '[s["duration"] for s in d["sessions"] if s["name"] == "slow"][0]')
in_range=$(json "$SCRATCH/parnox.json" "2.0 <= $slow_took <= 7.0")
[[ $in_range == true ]] || fail "slow's duration" "between 2 and 7 s" "$slow_took s"

say "the output says slow timed out"
grep -iE "slow.*timed out|timed out.*slow|TIMEOUT +slow" "$SCRATCH/parnox.out" >/dev/null ||
  { show "$SCRATCH/parnox.out"; fail "parnox's output" "slow reported as timed out" "above"; }

say "no process of slow is left"
left=$(processes_mentioning "$dir")
[[ -z $left ]] || fail "processes after the run" "none" "$left"

pass
