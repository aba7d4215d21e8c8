#!/usr/bin/env bash
# parnox killed with SIGKILL (as CI runners and IDEs stop a job) leaves nothing of its
# sessions running: within 2 s of its death no process of any session survives, a session's
# own child, a background job and a setsid daemon alike, traced and untraced. Processes are
# counted by the project's directory in their command line, working directory or
# environment.
source "$(dirname "$0")/lib.sh"

## check MODE FLAGS...: parnox FLAGS on a fresh copy of the fixture, killed with SIGKILL
## once every session's sleep runs.
check() {
  local mode=$1 dir pid
  shift
  dir=$(fixture lingering "$SCRATCH/$mode")
  say "$mode: three sessions running, then kill -9 parnox"
  (cd "$dir" && exec "$PARNOX" -j 3 "$@") >"$SCRATCH/$mode.out" 2>&1 </dev/null &
  pid=$!
  for name in child job daemon; do
    wait_for_file "$dir/$name.ready" 60 ||
      { show "$SCRATCH/$mode.out"; fail "$mode: session $name" "running" "no $name.ready"; }
  done
  [[ -n $(processes_mentioning "$dir") ]] || fail "$mode: the sessions' processes" "running" "none"
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true

  say "$mode: within 2 s nothing of the sessions is left"
  expect_none_left "$dir" "$mode"
}

check untraced --no-trace
run ptrace "$PARNOX" __trace --log "$SCRATCH/probe.trace" -- true
if [[ $RC -eq 0 ]]; then
  check traced
else
  say "traced: not checked, this machine does not allow ptrace: $(cat "$SCRATCH/ptrace.err")"
fi

pass
