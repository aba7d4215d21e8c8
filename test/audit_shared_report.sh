#!/usr/bin/env bash
# Two sessions that write the same report file are ordered, write-write; the learned edge
# orders them in `parnox list`; a corrupt .parnox/edges.json is a warning, not a crash,
# and the next audit rebuilds it.
source "$(dirname "$0")/lib.sh"

dir=$(fixture shared-report)
need_ptrace "$dir"

run_in audit "$dir" "$PARNOX" audit
expect_rc audit 0
expect_output audit "ordered: first before second"
expect_output audit "report.txt (write-write)"
expect_output audit "parallel-safe: first / alone"
expect_output audit "parallel-safe: second / alone"

say "parnox list --json has the learned edge with its evidence"
run_in list "$dir" "$PARNOX" list --json
expect_rc list 0
got=$(json "$SCRATCH/list.out" '[e["from"] + " -> " + e["to"] + " " + e["kind"] + " " + e["reason"] for e in d["edges"]]')
same_text "edges" "first -> second learned parnox audit on $(date -u +%F) saw report.txt (write-write)" "$got"

say "a corrupt edges.json is reported and rebuilt"
echo '{"version": 1, "edges": [' >"$dir/.parnox/edges.json"
run_in corrupt "$dir" "$PARNOX" list
expect_rc corrupt 0
expect_output corrupt "edges.json: not valid JSON (corrupt)"
run_in again "$dir" "$PARNOX" audit
expect_rc again 0
[[ $(json "$dir/.parnox/edges.json" 'len(d["edges"])') == 1 ]] ||
  { show "$dir/.parnox/edges.json"; fail "edges.json after a new audit" "one edge" "above"; }

pass
