#!/usr/bin/env bash
# Every test session appends to one .coverage: the traces order them one after another,
# which no scheduling can undo. `parnox audit` and the end of a later run name the file,
# the change that would let them run in parallel, and the seconds it would save.
source "$(dirname "$0")/lib.sh"

dir=$(fixture coverage "$SCRATCH/project")
need_ptrace "$dir"
# One data file for all: no per-process files, nothing to combine.
sed -i 's/"--parallel-mode"/"--append"/; /"combine"/d' "$dir/noxfile.py"
sed -i '/^parallel/d' "$dir/.coveragerc"

say "sequential nox passes"
run_in nox "$dir" "${NOX[@]}"
expect_rc nox 0
rm -f "$dir/.coverage" "$dir/coverage.json"

say "parnox audit names .coverage and the fix"
run_in audit "$dir" "$PARNOX" audit -j2
expect_rc audit 0
expect_output audit "Shared files that order sessions:"
expect_output audit ".coverage alone orders 4 sessions one after another (tests_circle, \
tests_square, tests_triangle, coverage_report)"
expect_output audit "\`parallel = true\` under [tool.coverage.run]"
grep -qE "save at least [0-9]+s of [0-9]+s on 2 workers" "$SCRATCH/audit.out" ||
  { show "$SCRATCH/audit.out"; fail "the audit" "the seconds it would save" "above"; }

say "a run with what the audit learned says it once at its end"
rm -f "$dir/.coverage" "$dir/coverage.json"
run_in run "$dir" "$PARNOX" -j4 --output quiet
expect_rc run 0
[[ $(grep -c "alone orders" "$SCRATCH/run.err") -eq 1 ]] ||
  { show "$SCRATCH/run.out" "$SCRATCH/run.err"; fail "the run" "one line of advice" "above"; }
expect_output run "parnox: .coverage alone orders 4 sessions"

pass
