#!/usr/bin/env bash
# The live board on a real terminal (a tmux pane of 120x30): what a person sees at a few
# moments of `parnox -j2` on paced/ (sessions of known lengths printing 160-column lines).
# The header counts done / running / queued; each running session has a line with its name,
# elapsed time and last output line elided in the middle to the width; a finished session
# appears above the board, a failed one with its whole output; after the window is resized
# the board's lines fit the new width; the run ends with the table and no board left.
source "$(dirname "$0")/lib.sh"

need_terminal

dir=$(fixture paced)

# check.py PHASE WIDTH SCREEN JOINED: whether a capture of the pane shows what PHASE
# expects; prints why not. JOINED is the same capture with wrapped lines joined.
cat >"$SCRATCH/check.py" <<'PYEOF'
import re, sys

phase, width, screen, joined = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [r.rstrip() for r in open(screen, encoding="utf-8").read().split("\n")]
whole = [r.rstrip() for r in open(joined, encoding="utf-8").read().split("\n")]
NAMES = {"long", "medium", "short", "broken", "last"}
# No ETA on a first run: nothing is remembered yet.
HEADER = re.compile(r"^parnox: (\d+)/5 done, (\d+) running, (\d+) queued(, (\d+) failed)?(  ETA \S+)?$")
SESSION = re.compile(r"^(\S) (\S+) +(\d+\.\d)s  (.*)$")

def fail(why):
    print(why)
    sys.exit(1)

def board():
    """The header's counts and the running sessions' rows, checked against each other."""
    headers = [i for i, r in enumerate(rows) if HEADER.match(r)]
    if len(headers) != 1:
        fail(f"{len(headers)} header lines")
    top = headers[0]
    done, running, queued = (int(g) for g in HEADER.match(rows[top]).group(1, 2, 3))
    if done + running + queued != 5:
        fail(f"header counts {done}+{running}+{queued} are not the 5 sessions")
    sessions = {}
    for row in rows[top + 1:top + 1 + running]:
        m = SESSION.match(row)
        if not m or m.group(2) not in NAMES:
            fail(f"not a running session's line: {row!r}")
        sessions[m.group(2)] = (float(m.group(3)), m.group(4))
    if len(sessions) != running or any(rows[top + 1 + running:]):
        fail(f"{running} running in the header, lines below it: {rows[top + 1:]}")
    return top, done, running, sessions

def fits():
    """No line of the pane is wider than it or wraps: joining wrapped lines changes nothing."""
    if whole != rows:
        fail("a line wrapped (capture -J differs)")
    for row in rows:
        if len(row) > width - 1:
            fail(f"a line of {len(row)} columns on a {width}-column terminal: {row!r}")

def ticking(sessions):
    """Each running session shows its last tick, elided in the middle, head and end kept."""
    for name, (_, shown) in sessions.items():
        m = re.match(rf"^{name} tick (\d+)/\d+ =*\.\.\.=* end of {name} tick (\d+)$", shown)
        if not m or m.group(1) != m.group(2):
            fail(f"{name}'s last line is not one tick elided in the middle: {shown!r}")

if phase != "end":
    fits()
if phase == "running":  # the first two sessions run and print
    top, done, running, sessions = board()
    if (done, running) != (0, 2):
        fail(f"{done} done, {running} running")
    ticking(sessions)
    print(" ".join(f"{n}={s[0]}" for n, s in sorted(sessions.items())))
elif phase == "finished":  # medium has passed and shows above the board, which goes on
    top, done, running, sessions = board()
    above = [r for r in rows[:top] if r]
    if not any(re.match(r"^passed +medium \(\d+\.\ds\)$", r) for r in above):
        fail(f"no 'passed medium (N.Ns)' above the board: {above}")
    if done < 1 or running < 1 or "medium" in sessions:
        fail(f"{done} done, {running} running: {sorted(sessions)}")
    ticking(sessions)
    print(" ".join(f"{n}={s[0]}" for n, s in sorted(sessions.items())))
elif phase == "resized":  # the board redrawn to the new width
    top, done, running, sessions = board()
    if running < 1:
        fail("nothing running")
    ticking(sessions)
elif phase == "end":  # parnox has exited: finished lines, the failure's log, the table
    # Narrowing the window made the terminal rewrap the board drawn before: what it pushed
    # into the history is out of parnox's reach, so only the screen must be free of it.
    if any(HEADER.match(r) or SESSION.match(r) for r in rows):
        fail("a board line is left on the screen")
    rows = whole
    text = "\n".join(rows)
    if "EXIT=1" not in rows:
        fail("no EXIT=1 (broken fails)")
    for name in sorted(NAMES):
        result = "failed" if name == "broken" else "success"
        if not re.search(rf"^{name} +{result} +\d+\.\ds", text, re.M):
            fail(f"no table row '{name}  {result}  N.Ns'")
    if not re.search(r"^FAILED +broken \(\d+\.\ds\)", text, re.M):
        fail("no 'FAILED broken' line")
    log = re.search(r"^---- output of broken \(.*\) ----$(.*?)^---- end of broken ----$",
                    text, re.M | re.S)
    if not log or "broken failed on purpose" not in log.group(1):
        fail("the failure's log is not framed above the table")
    if not re.search(r"^Wall time .* sequential nox .* lower bound", text, re.M):
        fail("no 'Wall time ...' line")
PYEOF

## capture NAME: the pane's screen in NAME.screen and, wrapped lines joined, NAME.joined;
## at the end, NAME.joined holds the history above the screen too.
capture() {
  local history=()
  [[ $1 == end ]] && history=(-S -)
  tmx capture-pane -p -t board >"$SCRATCH/$1.screen"
  tmx capture-pane -p -J "${history[@]}" -t board >"$SCRATCH/$1.joined"
}

## until_shown PHASE WIDTH SECONDS: captures until the pane shows PHASE; fails on timeout.
until_shown() {
  local deadline=$((SECONDS + $3))
  while true; do
    capture "$1"
    if CHECKED=$("$PY" "$SCRATCH/check.py" "$1" "$2" "$SCRATCH/$1.screen" "$SCRATCH/$1.joined"); then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      show "$SCRATCH/$1.screen"
      fail "the board at '$1'" "what check.py expects of it" "$CHECKED"
    fi
    sleep 0.2
  done
}

say "parnox -j2 on paced/ in a 120x30 tmux pane"
open_pane board 120x30 "$dir" "$PARNOX" -j2

say "the header counts 0 done, 2 running, 3 queued; each running line ends in its last tick"
until_shown running 120 30
echo "  elapsed: $CHECKED"
first=$CHECKED
sed 's/^/  | /' "$SCRATCH/running.screen" | grep -v '^  | $'

say "the cursor is hidden while the board moves"
[[ $(tmx display -p -t board '#{cursor_flag}') == 0 ]] ||
  fail "the cursor during the run" "hidden (cursor_flag 0)" "shown"

say "resized to 72 columns, the board's lines fit and keep each tick's end"
tmx resize-window -t board -x 72 -y 30
until_shown resized 72 10
sed 's/^/  | /' "$SCRATCH/resized.screen" | grep -v '^  | $'

say "medium's line appears above the board when it passes; the board goes on"
until_shown finished 72 30
echo "  elapsed: $CHECKED"
sed 's/^/  | /' "$SCRATCH/finished.screen" | grep -v '^  | $'
if [[ $CHECKED == *long=* ]]; then
  awk -v a="${first#*long=}" -v b="${CHECKED#*long=}" 'BEGIN { exit !(a + 0 < b + 0) }' ||
    fail "long's elapsed time" "growing from $first" "$CHECKED"
fi

say "at the end: no board, the failure's log, the table"
until_shown end 72 40
grep -v '^$' "$SCRATCH/end.screen" | sed 's/^/  | /' | tail -12
tmx kill-server

pass
