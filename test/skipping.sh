#!/usr/bin/env bash
# skipping: a session that calls session.skip() is "skipped", no failure: parnox exits 0
# and reports what sequential nox reports.
source "$(dirname "$0")/lib.sh"

say "sequential nox and parnox -j2"
run_in nox "$(fixture skipping "$SCRATCH/nox")" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0
run_in parnox "$(fixture skipping "$SCRATCH/parnox")" "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
expect_rc parnox 0

say "the same results: runs success, skips skipped"
expected=$(report_results "$SCRATCH/nox.json")
got=$(report_results "$SCRATCH/parnox.json")
same_text "per-session results, nox vs parnox" "$expected" "$got"
grep -qE "^skips +skipped" "$SCRATCH/parnox.out" ||
  { show "$SCRATCH/parnox.out"; fail "the summary" "a line 'skips  skipped'" "above"; }

pass
