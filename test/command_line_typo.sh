#!/usr/bin/env bash
# A command-line typo (a misspelt command or option) is said in one line on stderr, with
# the closest command or option, exit 2, before nox runs and without touching the project;
# nox's own options, nox's two-letter ones included, still reach nox.
source "$(dirname "$0")/lib.sh"

dir=$(fixture paramed)
before=$(listing "$dir")

## check_typo NAME LINE ARGS...: parnox ARGS exits 2 with LINE as all it says.
check_typo() {
  local name=$1 line=$2
  shift 2
  say "parnox $*: exit 2, one line: $line"
  run_in "$name" "$dir" "$PARNOX" "$@"
  expect_rc "$name" 2
  same_text "what parnox $* says on stderr" "$line" "$(cat "$SCRATCH/$name.err")"
  same_text "what parnox $* says on stdout" "" "$(cat "$SCRATCH/$name.out")"
}

check_typo lsit "parnox: error: unknown command 'lsit'; did you mean 'list'? (a session is \
chosen with -s: parnox -s lsit)" lsit
check_typo jobz "parnox: error: unknown option '--jobz'; did you mean '--jobs'?" -j2 --jobz 2
check_typo audti "parnox: error: unknown command 'audti'; did you mean 'audit'? (a session is \
chosen with -s: parnox -s audti)" audti
check_typo fancy "parnox: error: --output takes board, blocks, stream, quiet or auto, not \
'fancy'" --output fancy

say "the project is untouched"
same_text "project files after the typos" "$before" "$(listing "$dir")"

say "nox's options reach nox: parnox list -ts -r --no-install --envdir DIR -- --some-posarg"
run_in nox-options "$dir" "$PARNOX" list -ts -r --no-install --envdir "$SCRATCH/envs" \
  -- --some-posarg
expect_rc nox-options 0
expect_output nox-options "lint"

pass
