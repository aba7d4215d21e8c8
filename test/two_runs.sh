#!/usr/bin/env bash
# Two runs in one project at once (two terminals, an editor's task and a shell): the second
# waits for the first, naming it, so their sessions never overlap and neither loses what the
# other saved.
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

say "the remembered durations are whole"
json "$dir/.parnox/durations.json" 'sorted(d["sessions"])' >/dev/null ||
  { show "$dir/.parnox/durations.json"; fail "durations.json" "JSON" "above"; }

pass
