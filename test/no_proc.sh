#!/usr/bin/env bash
# Without /proc (a chroot or a minimal container): a run says what is missing and what to do,
# and runs the sessions untraced with their true results; `parnox audit` refuses, exit 2,
# rather than read traces an earlier run left as if they were its own.
source "$(dirname "$0")/lib.sh"

[[ $(id -u) == 0 ]] || skip "needs root, to hide /proc in a mount namespace of its own"
[[ -z ${PARNOX_TEST_SANITIZED:-} ]] ||
  skip "the sanitizers' runtime cannot run without /proc (it reads /proc/self/maps)"
unshare -m true 2>/dev/null || skip "unshare -m is refused here: $(unshare -m true 2>&1)"

dir=$(fixture fmt-rewrite)
need_ptrace "$dir"
## without_proc NAME CMD...: CMD in the project, in a mount namespace where /proc is gone.
without_proc() {
  local name=$1
  shift
  run_in "$name" "$dir" unshare -m sh -c 'umount -l /proc && exec "$@"' sh "$@"
}

say "a traced run before, with /proc: it leaves its traces"
run_in traced "$dir" "$PARNOX" -j 2
expect_rc traced 0
[[ -s $dir/.parnox/traces/fmt.trace ]] || fail "fmt's trace" "left in .parnox/traces" "none"

say "without /proc, a run says so and runs every session untraced"
without_proc run "$PARNOX" -j 2 --report "$SCRATCH/run.json"
expect_rc run 0
expect_output run "/proc is not mounted here"
expect_output run "mount -t proc proc /proc"
same_text "session results" "$(printf '%s success\n' check fmt lint notes)" \
  "$(json "$SCRATCH/run.json" 'sorted(s["name"] + " " + s["result"] for s in d["sessions"])')"

say "without /proc, parnox audit refuses instead of reading the old traces"
rm -f "$dir/parnox-learned.json"
without_proc audit "$PARNOX" audit
expect_rc audit 2
expect_output audit "parnox audit needs to trace the sessions"
expect_output audit "/proc is not mounted here"
[[ ! -e $dir/parnox-learned.json ]] || fail "parnox-learned.json" "not written" "written"

pass
