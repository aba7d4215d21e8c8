#!/usr/bin/env bash
# Escalation: a session whose nox process itself ignores SIGINT, SIGTERM and SIGHUP. After a
# Ctrl-C, parnox sends TERM, waits its grace (5 s), then KILLs: it exits 130 within the grace
# and a little, and the deaf nox process is gone.
source "$(dirname "$0")/lib.sh"

GRACE=5

dir=$SCRATCH/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PYEOF'
"""deaf ignores every polite signal in nox's own process, then sleeps there."""

import os
import signal
import time

import nox


@nox.session(venv_backend="none")
def deaf(session: nox.Session) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    with open("deaf.pid.tmp", "w") as f:
        f.write(f"{os.getpid()}\n")
    os.rename("deaf.pid.tmp", "deaf.pid")
    time.sleep(300)
PYEOF

say "start parnox; wait for deaf's nox process to ignore signals"
(cd "$dir" && exec setsid "$PARNOX" --report "$SCRATCH/parnox.json" \
  >"$SCRATCH/parnox.out" 2>"$SCRATCH/parnox.err" </dev/null) &
parnox_pid=$!
wait_for_file "$dir/deaf.pid" 60 ||
  { show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"; fail "deaf starting" "deaf.pid within 60 s" "none"; }
deaf=$(cat "$dir/deaf.pid")

say "SIGINT to parnox: exit 130 within $((GRACE + 10)) s, deaf killed"
sent=$SECONDS
kill -INT "$parnox_pid"
deadline=$((SECONDS + GRACE + 10))
while alive "$parnox_pid" && ((SECONDS < deadline)); do sleep 0.1; done
alive "$parnox_pid" && fail "parnox after SIGINT" "exited within $((GRACE + 10)) s" "still running"
set +e
wait "$parnox_pid"
rc=$?
set -e
echo "parnox exited $rc after $((SECONDS - sent)) s"
[[ $rc -eq 130 ]] || { show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"; fail "exit status" 130 "$rc"; }
! alive "$deaf" || fail "deaf's nox process (pid $deaf)" "killed" "alive"
left=$(processes_mentioning "$dir")
[[ -z $left ]] || fail "processes after the run" "none" "$left"
grep -qE "^deaf +interrupted" "$SCRATCH/parnox.out" ||
  { show "$SCRATCH/parnox.out"; fail "the summary" "a line 'deaf  interrupted'" "above"; }

pass
