#!/usr/bin/env bash
# Where ptrace is refused (a container's seccomp profile, a hardened CI runner), staged with
# deny_ptrace, which makes every ptrace(2) beneath it fail with EPERM:
# - `parnox run` says once that it cannot trace, with the fix, and runs the sessions on the
#   declared orderings, ending as sequential nox does;
# - `--no-trace` says once that sessions with no evidence run one after another, and what
#   would let them run side by side;
# - `parnox audit` exits 2 naming the fix, and touches nothing.
source "$(dirname "$0")/lib.sh"

jail=${PARNOX_TEST_PROGRAMS:-$(dirname "$PARNOX")/test_programs}/trace_prog_deny_ptrace
[[ -x $jail ]] || fail "the deny_ptrace program" "an executable $jail" "none"
run jail-probe "$jail" true
[[ $RC -ne 77 ]] || skip "cannot install a seccomp filter here: $(cat "$SCRATCH/jail-probe.err")"
expect_rc jail-probe 0

# LeakSanitizer stops the world with ptrace, which the jail refuses: a sanitized parnox runs
# there without the leak check (every other test keeps it).
if [[ -n ${PARNOX_TEST_SANITIZED:-} ]]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
fi

seq_dir=$(coverage_declared "$SCRATCH/sequential")
par_dir=$(coverage_declared "$SCRATCH/parallel")

say "sequential nox"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox run where ptrace is refused: one warning with the fix, then the run"
run_in refused "$par_dir" "$jail" "$PARNOX" -j2 --output quiet --report "$SCRATCH/parnox.json"
expect_rc refused 0
expect_output refused "cannot trace the sessions"
expect_output refused "ptrace is not permitted here"
expect_output refused "--cap-add=SYS_PTRACE"
warnings=$(grep -c "cannot trace the sessions" "$SCRATCH/refused.err" || true)
[[ $warnings -eq 1 ]] || fail "warnings about tracing" "1" "$warnings"
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/parnox.json")"
same_text "files the run left" "$(files_left "$seq_dir")" "$(files_left "$par_dir")"
[[ ! -e $par_dir/.parnox/traces ]] || fail "traces of an untraced run" "none" \
  "$(ls "$par_dir/.parnox/traces")"

say "--no-trace: one note on what runs one after another and why, nothing about ptrace"
run_in untraced "$par_dir" "$jail" "$PARNOX" -j2 --output quiet --no-trace
expect_rc untraced 0
expect_output untraced "run one after another, in nox's order"
expect_output untraced "[tool.parnox] independent"
[[ $(wc -l <"$SCRATCH/untraced.err") -eq 1 ]] &&
  ! grep -q "ptrace" "$SCRATCH/untraced.err" ||
  { show "$SCRATCH/untraced.err"; fail "stderr of --no-trace" "one note, not about ptrace" "above"; }

say "parnox audit where ptrace is refused: exit 2 with the fix, the project untouched"
audit_dir=$(coverage_declared "$SCRATCH/audit")
before=$(listing "$audit_dir")
run_in audit "$audit_dir" "$jail" "$PARNOX" audit
expect_rc audit 2
expect_output audit "parnox audit needs to trace the sessions"
expect_output audit "--cap-add=SYS_PTRACE"
same_text "the project after a refused audit" "$before" "$(listing "$audit_dir")"

pass
