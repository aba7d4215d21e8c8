#!/usr/bin/env bash
# A formatter session that really rewrites a source file (black without --check on an
# unformatted file) is ordered before every session that reads that file, with the file
# as write-read evidence; a session that reads none of it stays parallel-safe.
source "$(dirname "$0")/lib.sh"

dir=$(fixture fmt-rewrite)
need_ptrace "$dir"

run_in audit "$dir" "$PARNOX" audit --json
expect_rc audit 0
got=$(json "$SCRATCH/audit.out" "sorted(p['first'] + ' ' + p['second'] + ' ' + p['verdict'] + ' ' + ' '.join(e['path'] + ':' + e['kind'] for e in p['evidence']) for p in d['pairs'])")
expected=$(printf '%s\n' "check notes parallel-safe " "fmt check ordered pkg/messy.py:write-read" \
  "fmt lint ordered pkg/messy.py:write-read" "fmt notes parallel-safe " \
  "lint check parallel-safe " "lint notes parallel-safe " | LC_ALL=C sort)
same_text "the audit's pairs" "$expected" "$got"

say "fmt really rewrote the file"
grep -qF "values = [1, 2, 3]" "$dir/pkg/messy.py" || { show "$dir/pkg/messy.py"; fail "pkg/messy.py" "black's layout" "above"; }

pass
