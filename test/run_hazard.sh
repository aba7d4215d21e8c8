#!/usr/bin/env bash
# The coverage fixture declares no order. A traced parallel run with nothing learned yet
# starts coverage_report beside the tests, sees the conflict in the traces, says so, learns
# the orderings and runs the affected sessions again in nox's order: the run ends with the
# coverage data and files of sequential nox. The next run orders them from the start, with
# no hazard; --no-trace runs untraced.
source "$(dirname "$0")/lib.sh"

seq_dir=$(fixture coverage "$SCRATCH/sequential")
par_dir=$(fixture coverage "$SCRATCH/parallel")
run_in ptrace "$par_dir" "$PARNOX" __trace --log "$SCRATCH/probe.trace" -- true
[[ $RC -eq 0 ]] || skip "this machine does not allow ptrace: $(cat "$SCRATCH/ptrace.err")"

say "sequential nox"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox -j4 with nothing learned: the hazard is found and repaired"
run_in first "$par_dir" "$PARNOX" -j4 --output quiet --report "$SCRATCH/parnox.json"
expect_rc first 0
expect_output first "and coverage_report ran side by side but conflict: .coverage."
expect_output first "running again, one at a time in nox's order"

say "same results and coverage data as sequential nox"
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/parnox.json")"
coverage_summary() {
  json "$1/coverage.json" '{"files": {f: {k: v[k] for k in ("executed_lines", "missing_lines",
  "excluded_lines", "summary")} for f, v in d["files"].items()}, "totals": d["totals"]}'
}
same_text "coverage.json, nox vs parnox" "$(coverage_summary "$seq_dir")" "$(coverage_summary "$par_dir")"
expected=$(files_left "$seq_dir")
got=$(files_left "$par_dir")
same_text "files after the run, nox vs parnox" "$expected" "$got"

say "the next run orders every test session before coverage_report from the start"
run_in list "$par_dir" "$PARNOX" list
for t in tests_circle tests_square tests_triangle; do
  grep -qF "$t -> coverage_report: " "$SCRATCH/list.out" ||
    { show "$SCRATCH/list.out"; fail "parnox list" "a learned edge $t -> coverage_report" "above"; }
done
run_in second "$par_dir" "$PARNOX" -j4 --output quiet
expect_rc second 0
if grep -qF "side by side" "$SCRATCH/second.out" "$SCRATCH/second.err"; then
  show "$SCRATCH/second.err"
  fail "the second run" "no hazard" "one (above)"
fi

say "--no-trace runs untraced"
rm -rf "$par_dir/.parnox/traces"
run_in untraced "$par_dir" "$PARNOX" -j4 --no-trace --output quiet
expect_rc untraced 0
[[ ! -e $par_dir/.parnox/traces ]] || fail "--no-trace" "no traces" "$(ls "$par_dir/.parnox/traces")"

pass
