#!/usr/bin/env bash
# The coverage fixture with its order declared ([tool.parnox] after): three test sessions
# write coverage data, coverage_report combines it. `parnox -j2` ends with the coverage data
# of sequential `nox`: the same executed lines per file, the same totals, the same session
# results and files.
source "$(dirname "$0")/lib.sh"

seq_dir=$(coverage_declared "$SCRATCH/sequential")
par_dir=$(coverage_declared "$SCRATCH/parallel")

say "sequential nox --report"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox -j2 --report"
run_in parnox "$par_dir" "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
expect_rc parnox 0

say "same per-session results"
expected=$(report_results "$SCRATCH/nox.json")
got=$(report_results "$SCRATCH/parnox.json")
same_text "per-session results, nox vs parnox" "$expected" "$got"

say "same coverage: executed and missing lines per file, and totals"
coverage_summary() {
  json "$1/coverage.json" '{"files": {f: {k: v[k] for k in ("executed_lines", "missing_lines",
  "excluded_lines", "summary")} for f, v in d["files"].items()}, "totals": d["totals"]}'
}
[[ -f $par_dir/coverage.json ]] || fail "parnox run's coverage.json" "a file" "none"
expected=$(coverage_summary "$seq_dir")
got=$(coverage_summary "$par_dir")
same_text "coverage.json, nox vs parnox" "$expected" "$got"
files=$(json "$par_dir/coverage.json" 'len(d["files"])')
((files >= 3)) || fail "files in coverage.json" "at least the three shapes modules" "$files"

say "same files left in the project (besides .parnox/ and bytecode caches)"
expected=$(files_left "$seq_dir")
got=$(files_left "$par_dir")
same_text "files after the run, nox vs parnox" "$expected" "$got"

pass
