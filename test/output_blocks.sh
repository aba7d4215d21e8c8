#!/usr/bin/env bash
# Blocks never interleave: the sessions of chatty/ print 10000 lines each (broken 1000, then
# fails), all at the same time, into a pipe. With --output blocks each session's output is one
# contiguous block, between its "passed/FAILED NAME" line and its "end of NAME" line, holding
# every line it printed, whole and in order; nothing of a session appears outside its block.
# Without --output, a pipe gets the same blocks (auto picks blocks off a terminal).
source "$(dirname "$0")/lib.sh"

export FIXTURE_LINES=10000
dir=$(fixture chatty)

# blocks.py OUT REPORT: checks the blocks in OUT against the sessions of REPORT.
cat >"$SCRATCH/blocks.py" <<'PYEOF'
import json, re, sys
from datetime import datetime

out, report = sys.argv[1], sys.argv[2]
lines = open(out, encoding="utf-8", errors="replace").read().split("\n")
EXPECTED = {"one": 10000, "two": 10000, "three": 10000, "four": 10000, "broken": 1000}
START = re.compile(r"^\[ *\d+\.\ds\] (passed|FAILED) +(\w+) \(\d+\.\ds\)")
END = re.compile(r"^\[ *\d+\.\ds\] end of (\w+)$")
OWN = re.compile(r"^(\w+): (?:line (\d+) of \d+ =* end \1 (\d+)|stderr \d+)$")
problems, blocks, current, numbers = [], {}, None, []

for i, line in enumerate(lines, 1):
    start, end, own = START.match(line), END.match(line), OWN.match(line)
    if start:
        if current:
            problems.append(f"line {i}: {start.group(2)}'s block opens inside {current}'s")
        current, numbers = start.group(2), []
        if current in blocks:
            problems.append(f"line {i}: a second block for {current}")
    elif end:
        if end.group(1) != current:
            problems.append(f"line {i}: 'end of {end.group(1)}' closes {current}'s block")
        blocks[current] = numbers
        current = None
    elif current:
        if own and own.group(1) == current:
            if own.group(2):
                if own.group(2) != own.group(3):
                    problems.append(f"line {i}: a mixed line: {line[:80]!r}")
                numbers.append(int(own.group(2)))
        elif not line.startswith("nox > "):
            problems.append(f"line {i} in {current}'s block is not its own: {line[:80]!r}")
    elif own or line.startswith("nox > "):
        problems.append(f"line {i} is outside any block: {line[:80]!r}")
if current:
    problems.append(f"{current}'s block never ends")
for name, count in EXPECTED.items():
    if blocks.get(name) != list(range(1, count + 1)):
        got = blocks.get(name)
        problems.append(f"{name}: expected lines 1..{count} in order, got "
                        + ("no block" if got is None else f"{len(got)} lines"))

with open(report) as f:
    sessions = json.load(f)["sessions"]
when = [[datetime.fromisoformat(s[k].replace("Z", "+00:00")) for k in ("start", "end")]
        for s in sessions]
overlap = (min(e for _, e in when) - max(s for s, _ in when)).total_seconds()
print(f"  {len(lines)} lines, {len(blocks)} blocks; all five sessions ran at once for "
      f"{overlap:.2f} s" if overlap > 0 else "  the sessions did not all run at once")
for p in problems[:20]:
    print("  " + p)
sys.exit(1 if problems or overlap <= 0 else 0)
PYEOF

say "parnox -j5 --output blocks on chatty/, stdout a pipe"
run_in blocks "$dir" "$PARNOX" -j5 --output blocks --report "$SCRATCH/blocks.json"
expect_rc blocks 1
json "$SCRATCH/blocks.json" 'd["sessions"][0]' | grep -q '"start"' ||
  fail "the report" "sessions with start and end times" "$(json "$SCRATCH/blocks.json" 'd["sessions"][0]')"

say "each session's output is one contiguous block, every line whole and in order"
"$PY" "$SCRATCH/blocks.py" "$SCRATCH/blocks.out" "$SCRATCH/blocks.json" ||
  fail "blocks" "one contiguous block per session" "the problems above"

say "without --output, a pipe gets the same blocks"
run_in auto "$dir" "$PARNOX" -j5 --report "$SCRATCH/auto.json"
expect_rc auto 1
"$PY" "$SCRATCH/blocks.py" "$SCRATCH/auto.out" "$SCRATCH/auto.json" ||
  fail "blocks by default on a pipe" "one contiguous block per session" "the problems above"

pass
