#!/usr/bin/env bash
# A hold that would deadlock resolves: second, held at its read of what first is still
# writing, holds a lock (outside the project, so not guarded) that first then waits for.
# Neither makes progress; parnox ends second, undoes it and runs it again after first, and
# the run ends as sequential nox does.
source "$(dirname "$0")/lib.sh"

seq_dir=$(fixture deadlock "$SCRATCH/sequential")
par_dir=$(fixture deadlock "$SCRATCH/parallel")
need_ptrace "$par_dir"
export LOCK_FILE=$SCRATCH/fixture.lock

say "sequential nox"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox -j2: second is held, the wait is broken, second runs again after first"
run_in run "$par_dir" timeout 60 "$PARNOX" -j2 --output blocks --report "$SCRATCH/parnox.json"
expect_rc run 0
grep -qE "^\[ *[0-9.]+s\] waits +second for first" "$SCRATCH/run.out" ||
  { show "$SCRATCH/run.out"; fail "the run" "a line: second waits for first" "above"; }
grep -qE "^\[ *[0-9.]+s\] again +second after first" "$SCRATCH/run.out" ||
  { show "$SCRATCH/run.out"; fail "the run" "a line: second runs again after first" "above"; }
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/parnox.json")"
same_text "files after the run" "$(files_left "$seq_dir")" "$(files_left "$par_dir")"

pass
