#!/usr/bin/env bash
# A bad [tool.parnox] table (unknown key, wrong type, a cycle in `after`, a pattern that
# matches no session): parnox exits 2 with a message naming pyproject.toml and the line,
# and saying what to do, and leaves the project untouched.
source "$(dirname "$0")/lib.sh"

## check_bad FIXTURE TEXT...: parnox on FIXTURE exits 2, its stderr holds every TEXT.
check_bad() {
  local name=$1 dir before after text
  shift
  dir=$(fixture "$name")
  before=$(listing "$dir")
  for cmd in run list; do
    say "$name: parnox $cmd exits 2"
    run_in "$name-$cmd" "$dir" "$PARNOX" "$cmd"
    expect_rc "$name-$cmd" 2
    for text in "$@"; do
      say "$name: parnox $cmd says '$text'"
      if ! grep -qF -- "$text" "$SCRATCH/$name-$cmd.err"; then
        show "$SCRATCH/$name-$cmd.out" "$SCRATCH/$name-$cmd.err"
        fail "$name's message on stderr" "'$text'" "the output above"
      fi
    done
    say "$name: the project is untouched"
    after=$(listing "$dir")
    same_text "$name's files after parnox $cmd" "$before" "$after"
  done
}

check_bad badconfig "pyproject.toml:7" "aftr" "after"
check_bad badtype "pyproject.toml:7" "jobs" "auto"
# A cycle is said together with the table's other problems, and a pattern that matches no
# session is one of them.
check_bad cycle "pyproject.toml:6" "cycle" "a after b" "b after a" "Remove" \
  "pyproject.toml:7: timeout pattern 'tset*' matches no session of the noxfile; did you mean 'tests'?" \
  "pyproject.toml:8: unknown key 'jbos'"

say "a pattern that matches no session alone: run refuses it, list shows the sessions and warns"
dir=$(fixture cycle "$SCRATCH/typo-only")
printf '[project]\nname = "cycle"\nversion = "0"\n\n[tool.parnox]\nexclusive = ["tset*"]\n' \
  >"$dir/pyproject.toml"
run_in typo-run "$dir" "$PARNOX" run
expect_rc typo-run 2
expect_output typo-run "pyproject.toml:6: exclusive pattern 'tset*' matches no session of the noxfile; did you mean 'tests'?"
run_in typo-list "$dir" "$PARNOX" list
expect_rc typo-list 0
expect_output typo-list "parnox: warning: pyproject.toml:6: exclusive pattern 'tset*'"
expect_output typo-list "tests"

pass
