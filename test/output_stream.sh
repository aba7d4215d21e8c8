#!/usr/bin/env bash
# --output stream: the sessions of chatty/ print 5000 lines each at the same time (written in
# 8 KiB pieces that cut lines anywhere); every line comes out whole, prefixed with its own
# session's name ("one   | one: line ..."), each session's lines in order and none lost;
# lines of different sessions may interleave, but no line is split or mixed.
source "$(dirname "$0")/lib.sh"

export FIXTURE_LINES=5000
dir=$(fixture chatty)

say "parnox -j5 --output stream on chatty/"
run_in stream "$dir" "$PARNOX" -j5 --output stream
expect_rc stream 1

say "every line whole, under its own session's name; each session's lines all there, in order"
"$PY" - "$SCRATCH/stream.out" <<'PYEOF' || fail "stream lines" "whole, prefixed, in order" "the problems above"
import re, sys

lines = open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read().split("\n")
EXPECTED = {"one": 5000, "two": 5000, "three": 5000, "four": 5000, "broken": 1000}
PREFIXED = re.compile(r"^(\w+) *\| (.*)$")
OWN = re.compile(r"^(\w+): (?:line (\d+) of \d+ =* end \1 (\d+)|stderr \d+)$")
STATUS = re.compile(r"^\[ *\d+\.\ds\] (started +\w+|passed +\w+ \(|FAILED +\w+ \()")
problems, numbers, switches, last, in_table = [], {n: [] for n in EXPECTED}, 0, None, False
for i, line in enumerate(lines, 1):
    if line.startswith("Session "):
        in_table = True
    if in_table or not line or STATUS.match(line):
        continue
    m = PREFIXED.match(line)
    if not m or m.group(1) not in EXPECTED:
        problems.append(f"line {i} has no session's prefix: {line[:80]!r}")
        continue
    name, text = m.groups()
    if line.index("|") != len("broken "):  # names padded to the longest, broken
        problems.append(f"line {i}: the prefix is not padded to the longest name: {line[:20]!r}")
    own = OWN.match(text)
    if own and own.group(1) == name:
        if own.group(2):
            if own.group(2) != own.group(3):
                problems.append(f"line {i} mixes two lines: {line[:80]!r}")
            numbers[name].append(int(own.group(2)))
    elif not text.startswith("nox > "):
        problems.append(f"line {i} is not {name}'s: {line[:80]!r}")
    switches += last is not None and last != name
    last = name
for name, count in EXPECTED.items():
    if numbers[name] != list(range(1, count + 1)):
        problems.append(f"{name}: {len(numbers[name])} lines, expected 1..{count} in order")
print(f"  {len(lines)} lines; the session changed {switches} times from one line to the next")
for p in problems[:20]:
    print("  " + p)
sys.exit(1 if problems else 0)
PYEOF

pass
