#!/usr/bin/env bash
# daemon: a session leaves a `sleep 300` behind, in its process group, holding its output
# pipe. parnox notices nox has exited, ends the group, and finishes in seconds, not 300 s;
# both sessions pass and the sleep is gone.
source "$(dirname "$0")/lib.sh"

dir=$(fixture daemon)

say "parnox -j2 finishes within 30 s although the daemon holds the pipe for 300 s"
started=$SECONDS
run_in parnox "$dir" timeout 60 "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
took=$((SECONDS - started))
expect_rc parnox 0
((took <= 30)) || fail "the run's wall time" "at most 30 s" "$took s"

say "both sessions passed"
results=$(json "$SCRATCH/parnox.json" 'sorted(s["name"] + " " + s["result"] for s in d["sessions"])')
same_text "session results" "$(printf 'after success\ndaemon success')" "$results"

say "the daemon is gone"
[[ -f $dir/daemon.pid ]] || fail "daemon.pid" "written by the session" "missing"
daemon=$(cat "$dir/daemon.pid")
! alive "$daemon" || fail "the daemon (pid $daemon) after the run" "ended" "alive"
left=$(processes_mentioning "$dir")
[[ -z $left ]] || fail "processes after the run" "none" timeout 60 "$left"

pass
