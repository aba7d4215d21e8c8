#!/usr/bin/env bash
# A first parallel run of a project nobody described (test/fixtures/first-run: two suites
# that share state.db and check it later, four gates, a combine) ends as sequential nox
# does: both suites pass, the combine finds both results. A conflict shows as one line,
# never as a raced session's failure. A second run in a fresh checkout that has only the
# .parnox/ the first left (as a CI cache restores it) orders them from the start; an
# untraced first run keeps nox's order for sessions it has no evidence for.
source "$(dirname "$0")/lib.sh"

seq_dir=$(fixture first-run "$SCRATCH/sequential")
need_ptrace "$seq_dir"

say "sequential nox"
run_in nox "$seq_dir" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0

say "parnox -j2, nothing learned: one line per conflict, no failure output"
first_dir=$(fixture first-run "$SCRATCH/first")
run_in first "$first_dir" "$PARNOX" -j2 --output blocks --report "$SCRATCH/first.json"
expect_rc first 0
grep -qE "^\[ *[0-9.]+s\] (waits +integration for unit|again +integration after unit)" \
  "$SCRATCH/first.out" ||
  { show "$SCRATCH/first.out"; fail "the first run" "a line: integration waits for unit" "above"; }
if grep -qE "FAILED|another suite changed it|no results for|Traceback" "$SCRATCH/first.out"; then
  show "$SCRATCH/first.out"
  fail "the first run" "no failure output of a raced session" "some (above)"
fi
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/first.json")"
same_text "files after the run" "$(files_left "$seq_dir")" "$(files_left "$first_dir")"
same_text "report.txt" "$(sed 's/ [0-9]* rounds//' "$seq_dir/report.txt")" \
  "$(sed 's/ [0-9]* rounds//' "$first_dir/report.txt")"

say "what it learned orders unit before integration, and both before report"
run_in list "$first_dir" "$PARNOX" list
for edge in "unit -> integration: a run on $(date -u +%F) saw state.db" \
            "unit -> report: a run on" "integration -> report: a run on"; do
  grep -qF "$edge" "$SCRATCH/list.out" ||
    { show "$SCRATCH/list.out"; fail "parnox list" "$edge" "above"; }
done
if grep -F "(learned)" "$SCRATCH/list.out" | grep -qE "^  (lint|format|typecheck|docs) "; then
  show "$SCRATCH/list.out"
  fail "parnox list" "no learned edge from a gate" "above"
fi

say "a fresh checkout with the .parnox/ the first run left: no conflict at all"
second_dir=$(fixture first-run "$SCRATCH/second")
mkdir "$second_dir/.parnox"
cp "$first_dir/.parnox/edges.json" "$first_dir/.parnox/durations.json" "$second_dir/.parnox/"
run_in second "$second_dir" "$PARNOX" -j2 --output blocks --report "$SCRATCH/second.json"
expect_rc second 0
if grep -qE "waits|again" "$SCRATCH/second.out"; then
  show "$SCRATCH/second.out"
  fail "the second run" "no conflict" "one (above)"
fi
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/second.json")"

say "untraced, nothing learned: sessions without evidence keep nox's order, and it passes"
untraced_dir=$(fixture first-run "$SCRATCH/untraced")
run_in untraced "$untraced_dir" "$PARNOX" -j2 --no-trace --output quiet --report "$SCRATCH/untraced.json"
expect_rc untraced 0
expect_output untraced "run one after another, in nox's order"
same_text "per-session results" "$(report_results "$SCRATCH/nox.json")" \
  "$(report_results "$SCRATCH/untraced.json")"
same_text "files after the untraced run" "$(files_left "$seq_dir")" "$(files_left "$untraced_dir")"

say "untraced with what a traced run learned: the gates run beside the suites again"
cp -r "$first_dir/.parnox" "$untraced_dir/"
run_in informed "$untraced_dir" "$PARNOX" -j2 --no-trace --output quiet --report "$SCRATCH/informed.json"
expect_rc informed 0
if grep -q "one after another" "$SCRATCH/informed.err"; then
  show "$SCRATCH/informed.err"
  fail "the informed untraced run" "no pair left without evidence" "above"
fi
"$PY" - "$SCRATCH/informed.json" <<'PYEOF' ||
import json, sys
s = {x["name"]: x for x in json.load(open(sys.argv[1]))["sessions"]}
overlap = lambda a, b: a["start"] < b["end"] and b["start"] < a["end"]
gates, suites = ("lint", "format", "typecheck", "docs"), ("unit", "integration")
sys.exit(0 if any(overlap(s[g], s[t]) for g in gates for t in suites)
         and not overlap(s["unit"], s["integration"]) else 1)
PYEOF
  fail "the informed untraced run" "gates beside suites, suites apart" "$(cat "$SCRATCH/informed.json")"

pass
