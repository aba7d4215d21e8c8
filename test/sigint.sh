#!/usr/bin/env bash
# An interrupt (SIGINT here; sigterm.sh and sighup.sh reuse this script) sent to parnox
# alone, while sessions run: parnox exits 130, prints the summary, and leaves no process of
# the run alive: not the nox children, not the sleeper's grandchild (which ignores SIGINT),
# not the stubborn session that ignores HUP, INT and TERM (it takes the KILL after the grace).
source "$(dirname "$0")/lib.sh"

SIGNAL=${SIGNAL:-INT}
GRACE=5  # parnox's TERM-to-KILL grace, in seconds

dir=$(fixture signals)

say "start parnox -j3 on signals/ in its own session"
(cd "$dir" && exec setsid "$PARNOX" -j3 --report "$SCRATCH/parnox.json" \
  >"$SCRATCH/parnox.out" 2>"$SCRATCH/parnox.err" </dev/null) &
parnox_pid=$!

say "wait for both sessions' pid files"
if ! wait_for_file "$dir/sleeper.pid" 60 || ! wait_for_file "$dir/stubborn.pid" 60; then
  show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"
  fail "sessions starting" "sleeper.pid and stubborn.pid within 60 s" "$(ls "$dir")"
fi
[[ $(cat "/proc/$parnox_pid/comm") == parnox ]] ||
  fail "the background pid" "parnox itself" "$(cat "/proc/$parnox_pid/comm")"
grandchild=$(cat "$dir/sleeper.pid")
stubborn=$(cat "$dir/stubborn.pid")
if ! alive "$grandchild" || ! alive "$stubborn"; then
  fail "the sessions' processes before the signal" "alive" "already gone"
fi
run_processes=$(processes_mentioning "$dir")
echo "processes of the run:"
echo "$run_processes" | sed 's/^/  /'

say "SIGNAL $SIGNAL to parnox only; expect exit 130 within the ${GRACE} s grace and a bit"
sent=$SECONDS
kill "-$SIGNAL" "$parnox_pid"
deadline=$((SECONDS + GRACE + 15))
while alive "$parnox_pid" && ((SECONDS < deadline)); do sleep 0.1; done
if alive "$parnox_pid"; then
  show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"
  fail "parnox after SIG$SIGNAL" "exited within $((GRACE + 15)) s" "still running"
fi
set +e
wait "$parnox_pid"
rc=$?
set -e
took=$((SECONDS - sent))
echo "parnox exited $rc after ${took} s"

say "no process of the run is alive"
left=$(processes_mentioning "$dir")
for pid in $grandchild $stubborn $(echo "$run_processes" | awk '{print $1}'); do
  alive "$pid" && left+=$'\n'"$pid $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")"
done
if [[ -n ${left//$'\n'/} ]]; then
  show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"
  fail "processes after parnox exited" "none" "$left"
fi

say "exit status 130"
[[ $rc -eq 130 ]] || { show "$SCRATCH/parnox.out" "$SCRATCH/parnox.err"; fail "exit status" 130 "$rc"; }

say "the summary is printed, with the interrupted sessions"
expect_output parnox "Session"
for session in sleeper stubborn; do
  grep -E "^$session +interrupted" "$SCRATCH/parnox.out" >/dev/null || {
    show "$SCRATCH/parnox.out"
    fail "$session in the summary" "a line '$session  interrupted ...'" "the output above"
  }
done

say "the report names the interrupted sessions as aborted"
results=$(json "$SCRATCH/parnox.json" 'sorted(s["name"] + " " + s["result"] for s in d["sessions"] if s["name"] != "quick")')
same_text "report results of the interrupted sessions" "$(printf 'sleeper aborted\nstubborn aborted')" "$results"

pass
