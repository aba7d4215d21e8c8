#!/usr/bin/env bash
# The board redraws at most about 10 times a second however fast sessions print: the five
# sessions of chatty/ print 20000 lines each at once on a tmux pane (the board, auto-picked
# on a terminal), and the raw bytes parnox wrote (tmux pipe-pane) hold no more frames than
# 10 a second of wall time plus one per finished session; no frame clears the whole screen.
source "$(dirname "$0")/lib.sh"

need_terminal

export FIXTURE_LINES=20000
dir=$(fixture chatty)

say "parnox -j5 on chatty/ in a 120x30 tmux pane, its bytes recorded"
PANE_RECORD=$SCRATCH/raw open_pane board 120x30 "$dir" "$PARNOX" -j5
wait_for_exit board 1
tmx kill-server

say "frames per second of wall time"
"$PY" - "$SCRATCH/raw" "$SCRATCH/board.screen" <<'PYEOF' || fail "the frame rate" "at most ~10 a second" "the above"
import re, sys

raw = open(sys.argv[1], "rb").read()
screen = open(sys.argv[2], encoding="utf-8").read()
wall = float(re.search(r"^Wall time (\d+\.\d)s", screen, re.M).group(1))
frames = raw.count(b"\x1b[J")  # each frame (and the final erase) clears below the board once
allowed = int(10 * (wall + 0.5)) + 5 + 2  # 10 a second, one per finish, the first and last
print(f"  {len(raw)} bytes, {frames} frames in {wall} s (allowed {allowed})")
problems = []
if frames > allowed:
    problems.append(f"{frames} frames in {wall} s")
if frames < 3:
    problems.append("fewer than 3 frames: no board was drawn")
for seq in (b"\x1b[2J", b"\x1b[H", b"\x1b[3J"):
    if seq in raw:
        problems.append(f"a whole-screen clear or jump home {seq!r}: the screen would flicker")
print("\n".join("  " + p for p in problems))
sys.exit(1 if problems else 0)
PYEOF

pass
