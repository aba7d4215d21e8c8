#!/usr/bin/env bash
# A session, tag or keyword nox does not know: parnox exits 3 as nox does, shows nox's own
# message, and creates nothing in the project (no .parnox/, no .nox/).
source "$(dirname "$0")/lib.sh"

dir=$(fixture paramed)
before=$(listing "$dir")

check_selection() {
  local what=$1
  shift
  say "$what: nox's exit status and message"
  run_in nox "$dir" "${NOX[@]}" "$@"
  expect_rc nox 3
  local message
  message=$(grep -E "Sessions not found|caused no sessions|No sessions selected" \
    "$SCRATCH/nox.err" "$SCRATCH/nox.out" -h | head -1)
  [[ -n $message ]] || { show "$SCRATCH/nox.err"; fail "nox's message for $what" "a line" "none"; }

  say "$what: parnox exits 3 and prints nox's line: $message"
  run_in parnox "$dir" "$PARNOX" "$@"
  expect_rc parnox 3
  expect_output parnox "$message"

  say "$what: the project is untouched"
  after=$(listing "$dir")
  same_text "project files after parnox $*" "$before" "$after"
}

check_selection "an unknown session" -s nope
check_selection "an unknown session among known ones" -s lint nope
check_selection "an unknown tag" -t nope
check_selection "an unknown keyword" -k nope

pass
