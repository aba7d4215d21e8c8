#!/usr/bin/env bash
# --fail-fast: when one session fails, parnox also stops the sessions still running (and
# starts no more): exit 1 in seconds, the running one reported as not passed, and no process
# of the run left. What a session parnox stops does on its way out is no evidence of a
# conflict, and nothing runs again.
source "$(dirname "$0")/lib.sh"

dir=$SCRATCH/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PYEOF'
"""slow runs for minutes; bad fails after a moment; later never needs to run."""

import sys

import nox


@nox.session(venv_backend="none")
def slow(session: nox.Session) -> None:
    session.run(sys.executable, "-c", "import time; time.sleep(300)")


@nox.session(venv_backend="none")
def bad(session: nox.Session) -> None:
    session.run(sys.executable, "-c", "import sys, time; time.sleep(0.5); sys.exit(1)")


@nox.session(venv_backend="none")
def later(session: nox.Session) -> None:
    session.run(sys.executable, "-c", "print('later ran')")
PYEOF

say "parnox -j2 --fail-fast ends within 30 s (slow would take 300 s)"
started=$SECONDS
run_in parnox "$dir" timeout 120 "$PARNOX" -j2 --fail-fast --report "$SCRATCH/parnox.json"
took=$((SECONDS - started))
expect_rc parnox 1
((took <= 30)) || fail "the run's wall time" "at most 30 s" "$took s"

say "bad failed; slow was stopped; later never ran"
# A session that never ran is absent from nox's report; parnox may list it as aborted.
results=$(json "$SCRATCH/parnox.json" 'sorted(s["name"] + " " + s["result"] for s in d["sessions"]
  if not (s["name"] == "later" and s["result"] == "aborted"))')
same_text "session results" "$(printf 'bad failed\nslow aborted')" "$results"
[[ ! -e $dir/.parnox/logs/later.log ]] || fail "later" "never started" "it has a log"

say "no process of the run is left"
left=$(processes_mentioning "$dir")
[[ -z $left ]] || fail "processes after the run" "none" timeout 120 "$left"

say "what slow does when parnox stops it is no conflict with bad, and nothing runs again"
dir=$SCRATCH/stopped
mkdir -p "$dir"
echo initial >"$dir/state.txt"
cat >"$dir/noxfile.py" <<'PYEOF'
"""slow writes state.txt when stopped (SIGTERM); bad reads state.txt, then fails."""

import sys

import nox

SLOW = """
import signal, sys, time
def stopped(*_):
    open("state.txt", "w").write("slow was stopped")
    sys.exit(1)
signal.signal(signal.SIGTERM, stopped)
time.sleep(300)
"""


@nox.session(venv_backend="none")
def slow(session: nox.Session) -> None:
    session.run(sys.executable, "-c", SLOW)


@nox.session(venv_backend="none")
def bad(session: nox.Session) -> None:
    session.run(sys.executable, "-c", "import sys, time; open('state.txt').read(); "
                "print('bad ran'); time.sleep(0.5); sys.exit(1)")
PYEOF
need_ptrace "$dir"
run_in stopped "$dir" timeout 120 "$PARNOX" -j2 --fail-fast --output stream
expect_rc stopped 1
[[ $(grep -cE "^bad +\| bad ran$" "$SCRATCH/stopped.out") == 1 ]] ||
  { show "$SCRATCH/stopped.out"; fail "bad" "run once" "above"; }
if grep -E "again|ran again" "$SCRATCH/stopped.out"; then
  show "$SCRATCH/stopped.out"
  fail "the run's output" "no session run again" "above"
fi
run_in list "$dir" "$PARNOX" list
if grep -F "(learned)" "$SCRATCH/list.out"; then
  show "$SCRATCH/list.out"
  fail "parnox list after the run" "no learned ordering" "above"
fi

pass
