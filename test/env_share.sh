#!/usr/bin/env bash
# Every session's commands learn their share of the machine: PARNOX_JOBS (the -j), and
# PARNOX_CPUS and PYTEST_XDIST_AUTO_NUM_WORKERS (the session's [tool.parnox] cpus weight),
# replacing any value inherited from outside. -j1 runs one session at a time (no overlap in
# the report's start/end), -j2 lets them overlap but runs a session of cpus = 2 alone.
source "$(dirname "$0")/lib.sh"

dir=$SCRATCH/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PYEOF'
"""Each session's command writes the parnox variables it sees to env-NAME.txt."""

import sys

import nox

SCRIPT = """
import os, sys, time
keys = ["PARNOX_JOBS", "PARNOX_CPUS", "PYTEST_XDIST_AUTO_NUM_WORKERS"]
with open(f"env-{sys.argv[1]}.txt", "w") as f:
    f.writelines(f"{k}={os.environ.get(k, '')}\\n" for k in keys)
time.sleep(0.5)
"""


def record(session: nox.Session) -> None:
    session.run(sys.executable, "-c", SCRIPT, session.name)


@nox.session(venv_backend="none")
def one(session: nox.Session) -> None:
    record(session)


@nox.session(venv_backend="none")
def two(session: nox.Session) -> None:
    record(session)


@nox.session(venv_backend="none")
def heavy(session: nox.Session) -> None:
    record(session)
PYEOF
cat >"$dir/pyproject.toml" <<'EOF2'
[tool.parnox]
cpus = { heavy = 2 }
EOF2

## env_of NAME: the variables session NAME's command saw, on one line.
env_of() { tr '\n' ' ' <"$dir/env-$1.txt" | sed 's/ $//'; }

## overlaps REPORT: "true" if two sessions of REPORT ran at the same time.
overlaps() {
  json "$1" 'any(a["start"] < b["end"] and b["start"] < a["end"]
    for a in d["sessions"] for b in d["sessions"] if a is not b)'
}

say "parnox -j2, with stale values inherited from outside"
run_in j2 "$dir" env PARNOX_JOBS=99 PARNOX_CPUS=99 \
  PYTEST_XDIST_AUTO_NUM_WORKERS=99 "$PARNOX" -j2 --report "$SCRATCH/j2.json"
expect_rc j2 0
for name in one two; do
  same_text "variables seen by $name under -j2" \
    "PARNOX_JOBS=2 PARNOX_CPUS=1 PYTEST_XDIST_AUTO_NUM_WORKERS=1" "$(env_of $name)"
done
same_text "variables seen by heavy (cpus = 2) under -j2" \
  "PARNOX_JOBS=2 PARNOX_CPUS=2 PYTEST_XDIST_AUTO_NUM_WORKERS=2" "$(env_of heavy)"
[[ $(overlaps "$SCRATCH/j2.json") == true ]] ||
  fail "sessions under -j2" "one and two side by side" "no overlap"

heavy_alone=$(json "$SCRATCH/j2.json" 'not any(a["start"] < b["end"] and b["start"] < a["end"]
  for a in d["sessions"] if a["name"] == "heavy" for b in d["sessions"] if b is not a)')
[[ $heavy_alone == True || $heavy_alone == true ]] ||
  fail "heavy (cpus = 2) under -j2" "running with nothing beside it" "an overlap"

say "parnox -j1: the variables, and one session at a time"
rm -f "$dir"/env-*.txt
run_in j1 "$dir" "$PARNOX" -j1 --report "$SCRATCH/j1.json"
expect_rc j1 0
for name in one two heavy; do
  same_text "variables seen by $name under -j1" \
    "PARNOX_JOBS=1 PARNOX_CPUS=1 PYTEST_XDIST_AUTO_NUM_WORKERS=1" "$(env_of $name)"
done
if [[ $(overlaps "$SCRATCH/j1.json") != false ]]; then
  json "$SCRATCH/j1.json" '[(s["name"], s["start"], s["end"]) for s in d["sessions"]]'
  fail "sessions under -j1" "no two overlapping in time" "an overlap (times above)"
fi

pass
