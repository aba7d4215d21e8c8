#!/usr/bin/env bash
# What auto output and colour make of a real terminal (a tmux pane), no colour variable set:
# with its own TERM the pane gets the board and colour, and nox (given --forcecolor) colours
# the sessions' logs; with TERM=dumb the same pane gets plain blocks, no ESC byte at all, and
# the logs are plain too (--nocolor).
source "$(dirname "$0")/lib.sh"

need_terminal

dir=$(fixture failing)
SOCKET=$SCRATCH/tmux.sock
tmx() { tmux -S "$SOCKET" "$@"; }
ESC=$'\x1b'

## on_terminal NAME [TERM]: runs parnox -j3 on failing/ in a fresh pane (TERM as given, else
## tmux's own); the pane's raw bytes go to NAME.raw, its text to NAME.screen, logs to NAME.logs.
on_terminal() {
  local name=$1 term=${2:-}
  rm -rf "$dir/.parnox"
  cat >"$SCRATCH/$name.sh" <<EOF
export LANG=C.UTF-8
unset NO_COLOR FORCE_COLOR CLICOLOR_FORCE
${term:+export TERM=$term}
until [ -e "$SCRATCH/$name.go" ]; do sleep 0.05; done
cd "$dir"
"$PARNOX" -j3
echo "EXIT=\$?"
exec sleep 600
EOF
  tmx -u -f /dev/null new-session -d -x 120 -y 40 -s "$name" "bash $SCRATCH/$name.sh"
  tmx pipe-pane -t "$name" -o "cat >$SCRATCH/$name.raw"
  touch "$SCRATCH/$name.go"
  local deadline=$((SECONDS + 60))
  until tmx capture-pane -p -t "$name" | grep -q '^EXIT='; do
    ((SECONDS < deadline)) || { tmx capture-pane -p -t "$name"; fail "$name" "EXIT= within 60 s" "none"; }
    sleep 0.2
  done
  sleep 0.3  # let the pipe drain
  tmx capture-pane -p -S - -t "$name" >"$SCRATCH/$name.screen"
  grep -qx "EXIT=1" "$SCRATCH/$name.screen" || { show "$SCRATCH/$name.screen"; fail "$name" "EXIT=1" "other"; }
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
