#!/usr/bin/env bash
# parnox dying of a fatal signal (an abort was once seen under heavy load) says so on stderr,
# with a backtrace and how to keep a core dump, and dies of that signal (exit 134); nothing of
# its sessions outlives it.
source "$(dirname "$0")/lib.sh"

[[ -z ${PARNOX_TEST_SANITIZED:-} ]] ||
  skip "in the sanitizers' build their own crash report stands in for parnox's"

dir=$(fixture lingering)
(cd "$dir" && exec "$PARNOX" -j 3 --no-trace --output stream) >"$SCRATCH/parnox.out" \
  2>"$SCRATCH/parnox.err" </dev/null &
pid=$!
for name in child job daemon; do
  wait_for_file "$dir/$name.ready" 60 ||
    { show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"; fail "session $name" "running" "no $name.ready"; }
done

say "SIGABRT: a report on stderr, then the signal's own end"
kill -ABRT "$pid"
set +e
wait "$pid"
RC=$?
set -e
expect_rc parnox 134
for text in "parnox: fatal signal ABRT, sent by process" "backtrace:" "ulimit -c unlimited"; do
  grep -qF -- "$text" "$SCRATCH/parnox.err" ||
    { show "$SCRATCH/parnox.err"; fail "parnox's stderr" "'$text'" "above"; }
done

say "nothing of the sessions is left"
expect_none_left "$dir" "the sessions"

pass
