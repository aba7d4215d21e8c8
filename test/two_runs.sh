#!/usr/bin/env bash
# Two runs in one project at once (two terminals, an editor's task and a shell): the second
# waits for the first, naming it, so their sessions never overlap and neither loses what the
# other saved. So does merge-durations, which writes the durations a run saves.
source "$(dirname "$0")/lib.sh"

dir=$SCRATCH/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PY'
import os
import time

import nox


@nox.session(venv_backend="none")
def work(session):
    # Each run's work leaves "start RUN" and "end RUN" in events.txt: two runs side by side
    # would interleave them.
    run = os.environ["RUN"]
    with open("events.txt", "a") as events:
        events.write(f"start {run}\n")
    time.sleep(2)
    with open("events.txt", "a") as events:
        events.write(f"end {run}\n")
PY

say "a first run, and a second one started while the first works"
(cd "$dir" && RUN=first exec "$PARNOX" --no-trace) >"$SCRATCH/first.out" 2>"$SCRATCH/first.err" </dev/null &
first=$!
wait_for_file "$dir/events.txt" 60 || fail "the first run's session" "started" "no events.txt"
run_in second "$dir" env RUN=second "$PARNOX" --no-trace
expect_rc second 0
wait "$first" || fail "the first run's exit status" 0 "$?"

say "the second said which run it waited for"
expect_output second "waiting for pid $first"
expect_output second "Ctrl-C stops waiting"

say "their sessions did not overlap"
same_text "events.txt" "$(printf '%s\n' "start first" "end first" "start second" "end second")" \
  "$(cat "$dir/events.txt")"

say "a run waiting for another ends at once on SIGTERM or Ctrl-C, exit 130"
rm -f "$dir/events.txt"
(cd "$dir" && RUN=third exec "$PARNOX" --no-trace) >"$SCRATCH/third.out" 2>&1 </dev/null &
third=$!
wait_for_file "$dir/events.txt" 60 || fail "the third run's session" "started" "no events.txt"
for signal in TERM INT; do
  (cd "$dir" && RUN=waiting exec "$PARNOX" --no-trace) >"$SCRATCH/waiting.out" 2>&1 </dev/null &
  waiting=$!
  for _ in $(seq 100); do
    grep -qF "waiting for pid $third" "$SCRATCH/waiting.out" && break
    sleep 0.1
  done
  expect_output waiting "waiting for pid $third"
  kill "-$signal" "$waiting"
  set +e
  wait "$waiting"
  RC=$?
  set -e
  expect_rc waiting 130
  expect_output waiting "interrupted while waiting for the other run"
done
wait "$third" || fail "the third run's exit status" 0 "$?"
if grep -qF "waiting" "$dir/events.txt"; then fail "events.txt" "no session of a run that was interrupted while waiting" "$(cat "$dir/events.txt")"; fi

say "merge-durations waits for a run too, and the merged file keeps both"
rm -f "$dir/events.txt"
(cd "$dir" && RUN=fourth exec "$PARNOX" --no-trace) >"$SCRATCH/fourth.out" 2>&1 </dev/null &
fourth=$!
wait_for_file "$dir/events.txt" 60 || fail "the fourth run's session" "started" "no events.txt"
printf '%s\n' '{"version": 1, "sessions": {"elsewhere": {"seconds": 7.5, "runs": 1}}}' \
  >"$SCRATCH/job.json"
run_in merge "$dir" "$PARNOX" merge-durations "$SCRATCH/job.json"
expect_rc merge 0
expect_output merge "waiting for pid $fourth"
wait "$fourth" || fail "the fourth run's exit status" 0 "$?"
same_text "the sessions in durations.json" "$(printf '%s\n' elsewhere work)" \
  "$(json "$dir/.parnox/durations.json" 'sorted(d["sessions"])')"

say "the remembered durations are whole"
json "$dir/.parnox/durations.json" 'sorted(d["sessions"])' >/dev/null ||
  { show "$dir/.parnox/durations.json"; fail "durations.json" "JSON" "above"; }

pass
