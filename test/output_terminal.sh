#!/usr/bin/env bash
# What auto output and colour make of a real terminal (a tmux pane), no colour variable set:
# with its own TERM the pane gets the board and colour, and nox (given --forcecolor) colours
# the sessions' logs; with TERM=dumb the same pane gets plain blocks, no ESC byte at all, and
# the logs are plain too (--nocolor).
source "$(dirname "$0")/lib.sh"

need_terminal

dir=$(fixture failing)
ESC=$'\x1b'

## on_terminal NAME [TERM]: runs parnox -j3 on failing/ in a fresh pane (TERM as given, else
## tmux's own); the pane's raw bytes go to NAME.raw, its text to NAME.screen, logs to NAME.logs.
on_terminal() {
  local name=$1 term=${2:-}
  rm -rf "$dir/.parnox"
  PANE_SETUP="unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE${term:+; export TERM=$term}" \
    PANE_RECORD=$SCRATCH/$name.raw open_pane "$name" 120x40 "$dir" "$PARNOX" -j3
  wait_for_exit "$name" 1
  cp -r "$dir/.parnox/logs" "$SCRATCH/$name.logs"
  tmx kill-session -t "$name"
}

say "the pane's own TERM: the board, in colour"
on_terminal smart
grep -qa "parnox: 0/3 done" "$SCRATCH/smart.raw" ||
  fail "auto on a terminal" "the board's header in the bytes written" "$(head -c 300 "$SCRATCH/smart.raw" | cat -v)"
grep -qaF "${ESC}[1;31mFAILED" "$SCRATCH/smart.raw" ||
  fail "colour on a terminal" "a red FAILED" "$(grep -a FAILED "$SCRATCH/smart.raw" | head -2 | cat -v)"
grep -qF "${ESC}[36mnox > " "$SCRATCH/smart.logs/bad.log" ||
  fail "the session's colour" "nox's coloured lines in bad's log" "$(head -2 "$SCRATCH/smart.logs/bad.log" | cat -v)"

say "TERM=dumb: plain blocks, no ESC byte, plain logs"
on_terminal dumb dumb
grep -q "end of bad" "$SCRATCH/dumb.screen" || { show "$SCRATCH/dumb.screen"; fail "TERM=dumb" "blocks" "the above"; }
if grep -qa "parnox: 0/3 done" "$SCRATCH/dumb.raw"; then fail "TERM=dumb" "no board" "a board header"; fi
if grep -la "$ESC" "$SCRATCH/dumb.raw" "$SCRATCH/dumb.logs"/*; then
  fail "TERM=dumb" "no ESC byte written or logged" "ESC in the files above"
fi
tmx kill-server 2>/dev/null || true

pass
