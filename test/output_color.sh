#!/usr/bin/env bash
# Colour follows NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE, and sessions match it: on
# failing/, into a pipe, NO_COLOR (or nothing) gives no ESC byte in parnox's output nor in the
# sessions' logs (nox got --nocolor); FORCE_COLOR=1 or CLICOLOR_FORCE=1 colour parnox's lines
# even in a pipe, and nox (given --forcecolor) colours its own "nox >" lines, in the log and
# in the block. NO_COLOR and FORCE_COLOR count whatever their value, as nox 2022.11 reads them
# (any other reading hands nox a flag it refuses beside the variable); with both set, nox
# itself refuses to start, and so parnox exits as nox does.
source "$(dirname "$0")/lib.sh"

dir=$(fixture failing)
ESC=$'\x1b'

## colour NAME ENV...: runs parnox --output MODE on a fresh copy of failing/ with ENV, colour
## variables cleared first; leaves the copy's logs in $SCRATCH/NAME.logs.
colour() {
  local name=$1 mode=$2
  shift 2
  rm -rf "$dir/.parnox"
  run_in "$name" "$dir" env -u NO_COLOR -u FORCE_COLOR -u CLICOLOR_FORCE "$@" \
    "$PARNOX" -j3 --output "$mode"
  expect_rc "$name" 1
  cp -r "$dir/.parnox/logs" "$SCRATCH/$name.logs"
}

## no_escapes NAME: neither NAME's output nor its sessions' logs hold an ESC byte.
no_escapes() {
  if grep -l "$ESC" "$SCRATCH/$1.out" "$SCRATCH/$1.err" "$SCRATCH/$1.logs"/*; then
    grep -n "$ESC" "$SCRATCH/$1.out" "$SCRATCH/$1.logs"/* | head -5 | cat -v
    fail "$1" "no ESC byte in the output or the logs" "ESC in the files above"
  fi
}

## coloured NAME: parnox's FAILED is red, and nox's own lines are coloured in bad's log and
## in parnox's output.
coloured() {
  grep -qF "${ESC}[1;31mFAILED" "$SCRATCH/$1.out" ||
    { show "$SCRATCH/$1.out"; fail "$1" "a red FAILED (ESC[1;31m) in parnox's output" "none"; }
  grep -qF "${ESC}[36mnox > " "$SCRATCH/$1.logs/bad.log" ||
    fail "$1" "nox's coloured 'nox >' lines in bad's log (--forcecolor)" "$(head -3 "$SCRATCH/$1.logs/bad.log" | cat -v)"
  grep -qF "${ESC}[36mnox > " "$SCRATCH/$1.out" ||
    { show "$SCRATCH/$1.out"; fail "$1" "nox's coloured lines in the block" "none"; }
}

say "NO_COLOR=1: no ESC byte anywhere, blocks and stream"
colour no_color blocks NO_COLOR=1
no_escapes no_color
colour no_color_stream stream NO_COLOR=1
no_escapes no_color_stream

say "no colour variable, a pipe: no ESC byte anywhere"
colour plain blocks
no_escapes plain

say "FORCE_COLOR=1 in a pipe: colour from parnox and from nox"
colour force blocks FORCE_COLOR=1
coloured force
cat -v "$SCRATCH/force.out" | grep -E "FAILED|nox > Running session bad" | head -2 | sed 's/^/  | /'

say "CLICOLOR_FORCE=1 in a pipe: the same"
colour clicolor blocks CLICOLOR_FORCE=1
coloured clicolor

say "FORCE_COLOR=1 in stream mode: the prefixes are coloured too"
colour force_stream stream FORCE_COLOR=1
grep -qE "^${ESC}\[[0-9;]+mbad *${ESC}\[0m \| " "$SCRATCH/force_stream.out" ||
  { show "$SCRATCH/force_stream.out"; fail "force_stream" "a coloured 'bad' prefix" "none"; }

say "an empty NO_COLOR counts, as nox reads it: no ESC byte anywhere"
colour empty blocks NO_COLOR=
no_escapes empty

say "FORCE_COLOR=0 forces colour, as nox reads it, and the sessions run as designed"
colour force0 blocks FORCE_COLOR=0
coloured force0

say "NO_COLOR=1 with FORCE_COLOR=1: nox refuses the pair; parnox exits as nox does"
run_in nox_both "$dir" env NO_COLOR=1 FORCE_COLOR=1 "${NOX[@]}"
nox_rc=$RC
expect_output nox_both "Can not specify both --no-color and --force-color"
run_in both "$dir" env NO_COLOR=1 FORCE_COLOR=1 "$PARNOX" -j3
expect_rc both "$nox_rc"
expect_output both "Can not specify both --no-color and --force-color"

pass
