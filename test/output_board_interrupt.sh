#!/usr/bin/env bash
# Ctrl-C on the live board (a tmux pane of 120x30) while two sessions of paced/ run: parnox
# exits 130, the board is erased (from the screen and from the terminal's history: no frame
# of it is left anywhere), the summary is printed, and the cursor is visible again.
source "$(dirname "$0")/lib.sh"

need_terminal

dir=$(fixture paced)

## until_pane REGEX SECONDS: captures the screen into pane.txt until a line matches REGEX.
until_pane() {
  local deadline=$((SECONDS + $2))
  until tmx capture-pane -p -t board >"$SCRATCH/pane.txt" && grep -qE "$1" "$SCRATCH/pane.txt"; do
    if ((SECONDS >= deadline)); then
      show "$SCRATCH/pane.txt"
      fail "the pane" "a line matching $1 within $2 s" "none (screen above)"
    fi
    sleep 0.2
  done
}

say "parnox -j2 on paced/ in a 120x30 tmux pane; wait until both sessions print"
open_pane board 120x30 "$dir" "$PARNOX" -j2
until_pane "^parnox: 0/5 done, 2 running" 30
until_pane "end of medium tick [2-9]" 30
sed 's/^/  | /' "$SCRATCH/pane.txt" | grep -v '^  | $'
[[ $(tmx display -p -t board '#{cursor_flag}') == 0 ]] ||
  fail "the cursor during the run" "hidden (cursor_flag 0)" "shown"

say "Ctrl-C; expect EXIT=130"
tmx send-keys -t board C-c
until_pane "^EXIT=" 30
grep -qx "EXIT=130" "$SCRATCH/pane.txt" || {
  show "$SCRATCH/pane.txt"
  fail "parnox's exit status after Ctrl-C" "EXIT=130" "$(grep '^EXIT=' "$SCRATCH/pane.txt")"
}

say "no board line is left, on the screen or in the history above it"
tmx capture-pane -p -S - -t board >"$SCRATCH/all.txt"
sed 's/^/  | /' "$SCRATCH/all.txt" | grep -v '^  | $'
if grep -nE "^parnox: [0-9]+/5 done|^\S (long|medium|short|broken|last) +[0-9.]+s" "$SCRATCH/all.txt"; then
  fail "the terminal after Ctrl-C" "no header or session line of the board" "the lines above"
fi

say "the summary names the interrupted and the unstarted sessions"
for row in "long +interrupted" "medium +interrupted" "short +not started" "broken +not started" \
  "last +not started" "Wall time "; do
  grep -qE "^$row" "$SCRATCH/all.txt" ||
    fail "the summary after Ctrl-C" "a line matching ^$row" "none (pane above)"
done

say "the cursor is visible again"
flag=$(tmx display -p -t board '#{cursor_flag}')
[[ $flag == 1 ]] || fail "the cursor after Ctrl-C" "shown (cursor_flag 1)" "cursor_flag $flag"
tmx kill-server

pass
