#!/usr/bin/env bash
# The coverage fixture declares no order. A traced parallel run with nothing learned starts
# coverage_report beside the tests; the guard stops it at its first use of a data file the
# tests are still making, undoes it and runs it again after them: the run ends with the
# coverage data and files of sequential nox, shows one line for it and no failure output,
# and learns the orderings. The next run orders them from the start, with no conflict;
# --no-trace runs untraced.
source "$(dirname "$0")/lib.sh"

seq_dir=$(fixture coverage "$SCRATCH/sequential")
par_dir=$(fixture coverage "$SCRATCH/parallel")
need_ptrace "$par_dir"

say "sequential nox"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox -j4 with nothing learned: the conflict is caught as it happens"
run_in first "$par_dir" "$PARNOX" -j4 --output blocks --report "$SCRATCH/parnox.json"
expect_rc first 0
grep -qE "again +coverage_report after tests_" "$SCRATCH/first.out" ||
  { show "$SCRATCH/first.out"; fail "the first run" "a line: coverage_report runs again" "above"; }
if grep -qE "FAILED|No data to combine|Coverage failure" "$SCRATCH/first.out"; then
  show "$SCRATCH/first.out"
  fail "the first run" "no failure output for the session run again" "some (above)"
fi

say "same results and coverage data as sequential nox"
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/parnox.json")"
coverage_summary() {
  json "$1/coverage.json" '{"files": {f: {k: v[k] for k in ("executed_lines", "missing_lines",
  "excluded_lines", "summary")} for f, v in d["files"].items()}, "totals": d["totals"]}'
}
same_text "coverage.json, nox vs parnox" "$(coverage_summary "$seq_dir")" "$(coverage_summary "$par_dir")"
same_text "files after the run, nox vs parnox" "$(files_left "$seq_dir")" "$(files_left "$par_dir")"

say "the table lists every session once, and says which ran again"
grep -qE "^coverage_report +success .*ran again" "$SCRATCH/first.out" ||
  { show "$SCRATCH/first.out"; fail "the table" "coverage_report: success, ran again" "above"; }

say "the next run orders every test session before coverage_report from the start"
run_in list "$par_dir" "$PARNOX" list
for t in tests_circle tests_square tests_triangle; do
  grep -qF "$t -> coverage_report: a run on $(date -u +%F) saw .coverage.*" "$SCRATCH/list.out" ||
    { show "$SCRATCH/list.out"; fail "parnox list" "a learned edge $t -> coverage_report" "above"; }
done
run_in second "$par_dir" "$PARNOX" -j4 --output blocks
expect_rc second 0
if grep -qE "again|waits" "$SCRATCH/second.out"; then
  show "$SCRATCH/second.out"
  fail "the second run" "no conflict" "one (above)"
fi

say "--no-trace runs untraced"
rm -rf "$par_dir/.parnox/traces"
run_in untraced "$par_dir" "$PARNOX" -j4 --no-trace --output quiet
expect_rc untraced 0
[[ ! -e $par_dir/.parnox/traces ]] || fail "--no-trace" "no traces" "$(ls "$par_dir/.parnox/traces")"

pass
