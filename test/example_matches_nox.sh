#!/usr/bin/env bash
# The quality-gates example: `parnox -j2` ends with the per-session results of sequential
# `nox`, both exit 0, and coverage_report starts only after both test sessions have ended.
source "$(dirname "$0")/lib.sh"

seq_dir=$(example "$SCRATCH/sequential")
par_dir=$(example "$SCRATCH/parallel")

say "sequential nox --report"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox -j2 --report"
run_in parnox "$par_dir" "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
expect_rc parnox 0

say "same sessions, same results (name, signatures, result, result_code)"
expected=$(report_results "$SCRATCH/nox.json")
got=$(report_results "$SCRATCH/parnox.json")
same_text "per-session results, nox vs parnox" "$expected" "$got"
result=$(json "$SCRATCH/parnox.json" 'd["result"]')
[[ $result == 1 ]] || fail "parnox report's result" 1 "$result"

say "coverage_report started after both test sessions ended"
order=$(json "$SCRATCH/parnox.json" '
[s["start"] for s in d["sessions"] if s["name"] == "coverage_report"][0] >=
max(s["end"] for s in d["sessions"] if s["name"] == "tests")')
if [[ $order != true ]]; then
  json "$SCRATCH/parnox.json" '[(s["signatures"], s["start"], s["end"]) for s in d["sessions"]]'
  fail "coverage_report's start" "at or after the last tests end" "before it (times above)"
fi

say "two sessions ran side by side (the run was parallel)"
overlap=$(json "$SCRATCH/parnox.json" '
any(a["start"] < b["end"] and b["start"] < a["end"]
    for a in d["sessions"] for b in d["sessions"] if a is not b)')
[[ $overlap == true ]] || fail "overlap of sessions under -j2" "at least two overlapping" "none"

pass
