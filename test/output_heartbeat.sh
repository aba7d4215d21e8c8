#!/usr/bin/env bash
# The heartbeat of block output: with --heartbeat 1s, a session that stays silent for 3 s
# (quiet-long/'s silent) gets "still running: silent (N.Ns)" lines while it runs, each
# a second or so after the last thing printed, and none after it ends; with the default
# (60 s) the same run prints no heartbeat at all.
source "$(dirname "$0")/lib.sh"

dir=$(fixture quiet-long)

say "parnox --heartbeat 1s --output blocks on quiet-long/"
run_in beat "$dir" "$PARNOX" -j2 --heartbeat 1s --output blocks
expect_rc beat 0
grep -E "still running|passed" "$SCRATCH/beat.out" | sed 's/^/  | /'

say "at least two 'still running: silent' lines, only while silent runs"
"$PY" - "$SCRATCH/beat.out" <<'PYEOF' || fail "the heartbeat" "still running: silent, a second apart" "the problems above"
import re, sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
BEAT = re.compile(r"^\[ *(\d+\.\d)s\] still running: (.*)$")
problems, beats, ended = [], [], None
for i, line in enumerate(lines):
    if re.match(r"^\[ *\d+\.\ds\] passed +silent ", line):
        ended = i
    elif m := BEAT.match(line):
        if ended is not None:
            problems.append(f"a heartbeat after silent passed: {line!r}")
        if not re.fullmatch(r"silent \(\d+\.\ds\)", m.group(2)):
            problems.append(f"a heartbeat naming other than silent alone: {line!r}")
        beats.append(float(m.group(1)))
if len(beats) < 2:
    problems.append(f"{len(beats)} heartbeats in a 3 s silence at 1 s")
gaps = [b - a for a, b in zip(beats, beats[1:])]
if any(not 0.9 <= gap <= 2.5 for gap in gaps):  # checked on a 1 s tick
    problems.append(f"heartbeats not about a second apart: at {beats}")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PYEOF

say "with the default heartbeat (60 s), no heartbeat in the same run"
run_in default "$dir" "$PARNOX" -j2 --output blocks
expect_rc default 0
if grep -n "still running" "$SCRATCH/default.out"; then
  fail "the default heartbeat" "no 'still running' line in a 3 s run" "the lines above"
fi

pass
