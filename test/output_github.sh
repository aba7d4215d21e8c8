#!/usr/bin/env bash
# GitHub Actions (GITHUB_ACTIONS=true): on chatty/, whose sessions print 2000 lines each at
# the same time and where broken fails, every session's block is one ::group:: ... ::endgroup::
# pair, never nested, holding that session's lines only; the failed session (and it alone)
# gets an ::error line first, whose title property escapes ':' and ',' as the runner needs.
source "$(dirname "$0")/lib.sh"

export FIXTURE_LINES=2000
dir=$(fixture chatty)

say "GITHUB_ACTIONS=true parnox -j5 on chatty/"
run_in github "$dir" env GITHUB_ACTIONS=true "$PARNOX" -j5
expect_rc github 1

say "groups balance, never nest, one per session with its own lines; an ::error for broken"
"$PY" - "$SCRATCH/github.out" <<'PYEOF' || fail "GitHub groups" "balanced, one per session" "the problems above"
import re, sys

lines = open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read().split("\n")
GROUP = re.compile(r"^::group::\[ *\d+\.\ds\] (passed|FAILED) +(\w+) \(")
OWN = re.compile(r"^(\w+): (line \d+ of|stderr) ")
problems, groups, errors, current = [], [], [], None
for i, line in enumerate(lines, 1):
    if line.startswith("::group::"):
        m = GROUP.match(line)
        if current:
            problems.append(f"line {i}: a group opens inside {current}'s")
        if not m:
            problems.append(f"line {i}: a group title that names no session: {line!r}")
        current = m.group(2) if m else "?"
        groups.append(current)
    elif line == "::endgroup::":
        if not current:
            problems.append(f"line {i}: ::endgroup:: with no group open")
        current = None
    elif line.startswith("::error"):
        errors.append(line)
        if current:
            problems.append(f"line {i}: ::error inside {current}'s group")
    elif (m := OWN.match(line)) or line.startswith("nox > "):
        if not current or (m and m.group(1) != current):
            problems.append(f"line {i} is outside its session's group: {line[:70]!r}")
if current:
    problems.append(f"{current}'s group never ends")
if sorted(groups) != sorted(["one", "two", "three", "four", "broken"]):
    problems.append(f"groups for {groups}, expected one per session")
expected = "::error title=parnox%3A broken failed::broken failed: nox exited with status 1."
if len(errors) != 1 or not errors[0].startswith(expected):
    problems.append(f"::error lines {errors}, expected one starting {expected!r}")
print(f"  {len(groups)} groups, {len(errors)} ::error line: {errors[0] if errors else ''}")
for p in problems[:20]:
    print("  " + p)
sys.exit(1 if problems else 0)
PYEOF

pass
