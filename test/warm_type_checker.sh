#!/usr/bin/env bash
# A formatter rewrites a file while a type checker with a warm cache runs beside it. The
# warm mypy only stats pkg/messy.py (size and mtime match its cache), and finishes before
# fmt, earlier in nox's order, rewrites the file. Looking at a file is using it: parnox
# runs typecheck again after fmt, so that it ends, and leaves mypy's cache, as sequential
# nox does (typecheck on the rewritten file).
source "$(dirname "$0")/lib.sh"

## warm DIR: a copy of the fixture whose mypy cache describes the files as they are.
warm() {
  fixture warm-cache "$1" >/dev/null
  (cd "$1" && "$PY" -m mypy pkg >/dev/null) || fail "mypy in $1" "a warm cache" "mypy failed"
}

## cached_hash DIR: the hash of pkg/messy.py that mypy's cache in DIR holds.
cached_hash() {
  json "$(ls "$1"/.mypy_cache/*/pkg/messy.meta.json)" 'd["hash"]'
}

warm "$SCRATCH/nox"
warm "$SCRATCH/parnox"
need_ptrace "$SCRATCH/parnox"
before=$(cached_hash "$SCRATCH/parnox")

say "sequential nox: typecheck checks the rewritten file"
run_in nox "$SCRATCH/nox" "${NOX[@]}"
expect_rc nox 0
expected=$(cached_hash "$SCRATCH/nox")
[[ $expected != "$before" ]] || fail "mypy's cache after nox" "the rewritten file's hash" "the old one"

say "parnox -j 2: typecheck went ahead on the old file, and runs again after fmt"
run_in parnox "$SCRATCH/parnox" "$PARNOX" -j 2 --output stream
expect_rc parnox 0
same_text "pkg/messy.py after parnox" "$(cat "$SCRATCH/nox/pkg/messy.py")" "$(cat "$SCRATCH/parnox/pkg/messy.py")"
same_text "the hash mypy's cache holds for pkg/messy.py" "$expected" "$(cached_hash "$SCRATCH/parnox")"
expect_output parnox "again    typecheck after fmt: fmt writes pkg/messy.py"

say "and keeps the ordering for the next run"
run_in list "$SCRATCH/parnox" "$PARNOX" list
expect_rc list 0
expect_output list "fmt -> typecheck: a run on $(date -u +%F) saw pkg/messy.py (write-read) (learned)"

pass
