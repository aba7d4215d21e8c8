#!/usr/bin/env bash
# `parnox list` and `parnox list --json` on the example: every session nox lists, the same
# selection marks as `nox --list` (default and with -s), and the ordering coverage_report
# after each tests session, its reason naming pyproject.toml and the line of `after`.
source "$(dirname "$0")/lib.sh"

dir=$(example "$SCRATCH/quality-gates")
before=$(listing "$dir")
after_line=$(grep -n '^after *=' "$dir/pyproject.toml" | cut -d: -f1)
[[ -n $after_line ]] || fail "the example's pyproject.toml" "an 'after =' line" "none"
reason="pyproject.toml:$after_line"

## nox_marks ARGS...: "MARK SIGNATURE" per session of `nox --list ARGS`, sorted.
nox_marks() {
  (cd "$dir" && "${NOX[@]}" --list "$@" 2>&1) |
    sed -nE 's/^([*-]) (.*)$/\1 \2/p' | sed -E 's/ -> .*$//' | LC_ALL=C sort
}

## parnox_marks ARGS...: the same from `parnox list ARGS` ("-" for an unselected session).
parnox_marks() {
  (cd "$dir" && "$PARNOX" list "$@") | awk '/^Sessions of/ {on = 1; next} /^$/ {on = 0} on' |
    sed -nE 's/^([* ]) ([^ ].*)$/\1 \2/p' |
    sed -E 's/  tags: .*$//; s/^  /- /' | LC_ALL=C sort
}

for selection in "-s lint typecheck" ""; do
  read -ra args <<<"$selection"
  say "parnox list ${selection:-(default selection)}: the sessions and marks of nox --list"
  expected=$(nox_marks "${args[@]}")
  [[ -n $expected ]] || fail "nox --list $selection" "sessions" "none"
  run_in list "$dir" "$PARNOX" list "${args[@]}"
  expect_rc list 0
  got=$(parnox_marks "${args[@]}")
  same_text "sessions and selection marks, nox --list vs parnox list $selection" "$expected" "$got"

  say "parnox list --json ${selection}: the same sessions and selection"
  run_in json "$dir" "$PARNOX" list --json "${args[@]}"
  expect_rc json 0
  got=$(json "$SCRATCH/json.out" 'sorted(("*" if s["selected"] else "-") + " " + s["signature"] for s in d["sessions"])')
  same_text "sessions and selection, nox --list vs parnox list --json $selection" "$expected" "$got"
done

say "parnox list shows coverage_report after both tests sessions, because of $reason"
for kind in unit integration; do
  edge="tests(kind='$kind') -> coverage_report"
  grep -F -- "$edge" "$SCRATCH/list.out" | grep -qF "$reason" ||
    { show "$SCRATCH/list.out"; fail "the listing's orderings" "'$edge' naming $reason" "above"; }
done

say "parnox list --json has both edges with their reason"
edges=$(json "$SCRATCH/json.out" 'sorted(e["from"] + " -> " + e["to"] + " " + str("'"$reason"'" in e["reason"]) for e in d["edges"])')
expected=$(printf '%s\n' "tests(kind='integration') -> coverage_report True" "tests(kind='unit') -> coverage_report True")
same_text "edges in list --json" "$expected" "$edges"

say "listing touches nothing in the project"
after=$(listing "$dir")
same_text "project files after parnox list" "$before" "$after"

pass
