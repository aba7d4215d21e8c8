#!/usr/bin/env bash
# shared-envdir: env(target='a.b') and env(target='a-b') share one virtualenv, and so do
# Check and check. parnox never runs two sessions of one envdir side by side (each would
# delete the other's), so `parnox -j2` passes as sequential nox does.
source "$(dirname "$0")/lib.sh"

say "sequential nox and parnox -j2"
run_in nox "$(fixture shared-envdir "$SCRATCH/nox")" "${NOX[@]}" --report "$SCRATCH/nox.json"
expect_rc nox 0
run_in parnox "$(fixture shared-envdir "$SCRATCH/parnox")" "$PARNOX" -j2 --report "$SCRATCH/parnox.json"
expect_rc parnox 0

say "the same results"
expected=$(report_results "$SCRATCH/nox.json")
got=$(report_results "$SCRATCH/parnox.json")
same_text "per-session results, nox vs parnox" "$expected" "$got"

say "no two sessions of one envdir overlapped; some others did"
overlaps=$(json "$SCRATCH/parnox.json" 'sorted(a["signatures"][0] + " | " + b["signatures"][0]
  for a in d["sessions"] for b in d["sessions"]
  if a["signatures"][0] < b["signatures"][0] and a["start"] < b["end"] and b["start"] < a["end"])')
echo "$overlaps" | sed 's/^/  overlapped: /'
for pair in "env(target='a-b') | env(target='a.b')" "Check | check"; do
  ! grep -qxF -- "$pair" <<<"$overlaps" || fail "sessions sharing an envdir" "one after the other" "$pair overlapped"
done
[[ -n $overlaps ]] || fail "the -j2 run" "some sessions side by side" "none"

pass
