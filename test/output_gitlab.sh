#!/usr/bin/env bash
# GitLab CI (GITLAB_CI=true): on chatty/, whose sessions print 2000 lines each at the same
# time and where broken fails, every session's block is one collapsible section: a
# section_start and a section_end marker with the same name (unique per session, only the
# characters GitLab accepts), never nested, holding that session's lines only; the failed
# session's section is open (collapsed=false), the others folded.
source "$(dirname "$0")/lib.sh"

export FIXTURE_LINES=2000
dir=$(fixture chatty)

say "GITLAB_CI=true parnox -j5 on chatty/"
run_in gitlab "$dir" env GITLAB_CI=true "$PARNOX" -j5
expect_rc gitlab 1

say "sections pair up by name, never nest, one per session with its own lines"
"$PY" - "$SCRATCH/gitlab.out" <<'PYEOF' || fail "GitLab sections" "paired, one per session" "the problems above"
import re, sys

lines = open(sys.argv[1], encoding="utf-8", errors="replace", newline="").read().split("\n")
START = re.compile(r"^\x1b\[0Ksection_start:(\d+):([A-Za-z0-9_.-]+)\[collapsed=(true|false)\]"
                   r"\r\x1b\[0K\[ *\d+\.\ds\] (passed|FAILED) +(\w+) \(")
END = re.compile(r"^\x1b\[0Ksection_end:(\d+):([A-Za-z0-9_.-]+)\r\x1b\[0K$")
OWN = re.compile(r"^(\w+): (line \d+ of|stderr) ")
problems, sections, current = [], {}, None
for i, line in enumerate(lines, 1):
    if "section_" in line and not line.startswith(("nox > ",)) and not OWN.match(line):
        start, end = START.match(line), END.match(line)
        if start:
            if current:
                problems.append(f"line {i}: a section opens inside {current[1]}'s")
            current = (start.group(2), start.group(5), start.group(3), int(start.group(1)))
        elif end:
            if not current or end.group(2) != current[0]:
                problems.append(f"line {i}: section_end:{end.group(2)} closes {current}")
            elif int(end.group(1)) < current[3]:
                problems.append(f"line {i}: {current[0]} ends before it starts")
            else:
                sections[current[1]] = (current[0], current[2])
            current = None
        else:
            problems.append(f"line {i}: a malformed section marker: {line!r}")
    elif (m := OWN.match(line)) or line.startswith("nox > "):
        if not current or (m and m.group(1) != current[1]):
            problems.append(f"line {i} is outside its session's section: {line[:70]!r}")
if current:
    problems.append(f"{current[0]} never ends")
if sorted(sections) != sorted(["one", "two", "three", "four", "broken"]):
    problems.append(f"sections for {sorted(sections)}, expected one per session")
if len({name for name, _ in sections.values()}) != len(sections):
    problems.append(f"section names repeat: {sections}")
for session, (name, collapsed) in sections.items():
    want = "false" if session == "broken" else "true"
    if collapsed != want:
        problems.append(f"{session}'s section {name} has collapsed={collapsed}, want {want}")
print(f"  sections: {sections}")
for p in problems[:20]:
    print("  " + p)
sys.exit(1 if problems else 0)
PYEOF

pass
