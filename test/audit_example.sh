#!/usr/bin/env bash
# `parnox audit` on the example: run once in nox's order under the tracer, it orders each
# tests session before coverage_report with the .coverage.* data files as evidence, and
# finds lint, format and typecheck parallel-safe with each other and with the tests. The
# learned edges land in .parnox/edges.json and `parnox list` shows them with the evidence.
source "$(dirname "$0")/lib.sh"

dir=$(example "$SCRATCH/quality-gates")
need_ptrace "$dir"

say "parnox audit --json --markdown: every session runs once, in nox's order"
run_in audit "$dir" "$PARNOX" audit --json --markdown "$SCRATCH/audit.md"
expect_rc audit 0
sessions=$(json "$SCRATCH/audit.out" 'd["sessions"]')
expected=$(printf '%s\n' lint format typecheck "tests(kind='unit')" "tests(kind='integration')" coverage_report)
same_text "sessions of the audit, in nox's order" "$expected" "$sessions"

## verdict A B: the verdict on the pair, and its evidence as "path kind" words.
verdict() {
  json "$SCRATCH/audit.out" "[p['verdict'] + ' ' + ' '.join(e['path'] + ':' + e['kind'] for e in p['evidence']) for p in d['pairs'] if p['first'] == '''$1''' and p['second'] == '''$2''']"
}

say "each tests session is ordered before coverage_report, because of its .coverage.* file"
for kind in unit integration; do
  got=$(verdict "tests(kind='$kind')" coverage_report)
  # The evidence is the pattern a reader needs, not the run's throwaway file names.
  [[ $got == "ordered .coverage.*:write-"* ]] ||
    { show "$SCRATCH/audit.out"; fail "tests(kind='$kind') / coverage_report" "ordered, a .coverage.* file" "$got"; }
done

say "lint, format and typecheck are parallel-safe with each other and with the tests"
gates=(lint format typecheck "tests(kind='unit')" "tests(kind='integration')")
for ((i = 0; i < 3; i++)); do
  for ((j = i + 1; j < ${#gates[@]}; j++)); do
    got=$(verdict "${gates[i]}" "${gates[j]}")
    [[ $got == "parallel-safe " ]] ||
      { show "$SCRATCH/audit.out"; fail "${gates[i]} / ${gates[j]}" "parallel-safe" "$got"; }
  done
done

say "the audit says where it saved what it learned, and what runs do with it"
expect_output audit "Saved to parnox-learned.json (commit it) and .parnox/edges.json: 2 ordered and 13 parallel-safe pairs."
expect_output audit "runs parallel-safe sessions side by side and ordered ones in nox's order"

say "the learned edges are stored, versioned, shared beside the noxfile, and parnox list shows them"
[[ $(json "$dir/.parnox/edges.json" 'd["version"]') == 2 ]] ||
  { show "$dir/.parnox/edges.json"; fail "edges.json" "version 2" "above"; }
cmp -s "$dir/.parnox/edges.json" "$dir/parnox-learned.json" ||
  fail "parnox-learned.json" "the audit's findings, to commit" "$(cat "$dir/parnox-learned.json" 2>&1)"
same_text "sessions the audit traced" \
  "$(printf '%s\n' coverage_report format lint "tests(kind='integration')" "tests(kind='unit')" typecheck)" \
  "$(json "$dir/parnox-learned.json" '"\n".join(sorted(d["traced"]))')"
run_in list "$dir" "$PARNOX" list
expect_rc list 0
for kind in unit integration; do
  grep -F "tests(kind='$kind') -> coverage_report: parnox audit on $(date -u +%F) saw" \
    "$SCRATCH/list.out" | grep -F ".coverage.*" | grep -qF "(learned)" ||
    { show "$SCRATCH/list.out"; fail "parnox list" "a learned edge tests(kind='$kind') -> coverage_report" "above"; }
done
if grep -F "(learned)" "$SCRATCH/list.out" | grep -qE "^  (lint|format|typecheck) "; then
  show "$SCRATCH/list.out"
  fail "parnox list" "no learned edge from lint, format or typecheck" "above"
fi

say "the Markdown document has a row per session and per pair"
grep -qF "| \`tests(kind='unit')\` | \`coverage_report\` | ordered |" "$SCRATCH/audit.md" ||
  { show "$SCRATCH/audit.md"; fail "audit.md" "the ordered pair's row" "above"; }
grep -qF "| \`lint\` | \`format\` | parallel-safe |" "$SCRATCH/audit.md" ||
  { show "$SCRATCH/audit.md"; fail "audit.md" "the parallel-safe pair's row" "above"; }

say "the text output says the same"
run_in text "$dir" "$PARNOX" audit -s lint format
expect_rc text 0
expect_output text "parallel-safe: lint / format"
expect_output text "lint: success; reads"

pass
