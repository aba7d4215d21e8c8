#!/usr/bin/env bash
# No usable nox, no noxfile, a noxfile that raises: parnox exits 2 with one message naming
# the cause and the fix (nox's own message or traceback shown), and touches nothing.
# ("no nox anywhere" cannot be staged here: the fallback /usr/bin/python3 has nox.)
source "$(dirname "$0")/lib.sh"

dir=$(fixture failing)
printf 'import nox\n\nraise RuntimeError("boom from the noxfile")\n' >"$dir/raising.py"
before=$(listing "$dir")

## check NAME CODE TEXT... -- CMD...: CMD in the project exits CODE, its output holds every
## TEXT, and the project is untouched.
check() {
  local name=$1 code=$2 texts=() text after
  shift 2
  while [[ $1 != -- ]]; do texts+=("$1"); shift; done
  shift
  say "$name: exit $code"
  run_in "$name" "$dir" "$@"
  expect_rc "$name" "$code"
  for text in "${texts[@]}"; do
    say "$name: says '$text'"
    expect_output "$name" "$text"
  done
  after=$(listing "$dir")
  same_text "project files after $name" "$before" "$after"
}

check nox-flag 2 "/nonexistent" "--nox" "PYTHON -m nox" -- "$PARNOX" --nox /nonexistent
check nox-env 2 "/nonexistent" "PARNOX_NOX" "PYTHON -m nox" -- env PARNOX_NOX=/nonexistent "$PARNOX"
check nox-not-nox 2 "/bin/true" "did not load parnox's helper" "a command that runs nox" -- \
  "$PARNOX" --nox /bin/true
check nox-list 2 "/nonexistent" -- "$PARNOX" list --nox /nonexistent

run_in nox-missing "$dir" "${NOX[@]}" -f missing.py
nox_line=$(grep -h "missing.py" "$SCRATCH/nox-missing.out" "$SCRATCH/nox-missing.err" | head -1)
[[ -n $nox_line ]] || fail "nox's message for a missing noxfile" "a line naming missing.py" "none"
check no-noxfile 2 "$nox_line" "noxfile" -- "$PARNOX" -f missing.py

check raising-noxfile 2 "Traceback" "RuntimeError: boom from the noxfile" "raising.py" -- \
  "$PARNOX" -f raising.py

pass
