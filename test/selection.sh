#!/usr/bin/env bash
# paramed: -s, -t, -k, -p and their combinations select exactly the sessions sequential nox
# runs (compared through both --report files), with nox's exit status; posargs after `--`
# reach every selected session.
source "$(dirname "$0")/lib.sh"

dir=$(fixture paramed)
case_number=0

## same_selection ARGS...: nox and parnox, given ARGS, run the same sessions, same results.
same_selection() {
  case_number=$((case_number + 1))
  local n=$case_number expected got
  say "selection: $*"
  rm -f "$SCRATCH/nox-$n.json" "$SCRATCH/parnox-$n.json"
  run_in "nox-$n" "$dir" "${NOX[@]}" --report "$SCRATCH/nox-$n.json" "$@"
  local nox_rc=$RC
  run_in "parnox-$n" "$dir" "$PARNOX" -j2 --report "$SCRATCH/parnox-$n.json" "$@"
  expect_rc "parnox-$n" "$nox_rc"
  if [[ ! -f $SCRATCH/nox-$n.json ]]; then
    # nox selected nothing and wrote no report; parnox must not have run anything either.
    [[ ! -f $SCRATCH/parnox-$n.json ]] || [[ $(json "$SCRATCH/parnox-$n.json" 'len(d["sessions"])') == 0 ]] ||
      fail "sessions run for $*" "none (nox ran none, exit $nox_rc)" "$(report_signatures "$SCRATCH/parnox-$n.json")"
    return
  fi
  expected=$(report_results "$SCRATCH/nox-$n.json")
  got=$(report_results "$SCRATCH/parnox-$n.json")
  same_text "sessions and results for: $*" "$expected" "$got"
}

same_selection
same_selection -s lint fmt
same_selection -s tests
same_selection -s "tests(mode='full', db='postgres')" "build(arm)"
same_selection -e fmt
same_selection -t style
same_selection -t test
same_selection -t docs
same_selection -s lint -t quick
same_selection -k build
same_selection -k "not tests"
same_selection -k docs
same_selection -s docs-html
same_selection -p 3.11

say "posargs after -- reach the sessions, as under nox"
same_selection -s lint "tests(mode='fast', db='sqlite')" -- --flag "two words"
for signature in lint "tests(mode='fast', db='sqlite')"; do
  line="ran $signature --flag two words"
  grep -rqF -- "$line" "$dir/.parnox/logs/" ||
    fail "posargs of $signature" "a log line '$line'" "$(grep -rh "ran " "$dir/.parnox/logs/" | sort -u)"
  grep -qF -- "$line" "$SCRATCH/nox-$case_number.out" "$SCRATCH/nox-$case_number.err" ||
    fail "posargs of $signature under nox" "'$line'" "not printed"
done

pass
