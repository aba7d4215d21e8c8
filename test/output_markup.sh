#!/usr/bin/env bash
# A session whose output looks like parnox's own markup (::group::, ::endgroup::, GitLab's
# section_start/section_end, cursor moves) cannot break parnox's groups, sections or lines;
# the project's own annotations (::error) still reach GitHub; the log keeps every byte.
source "$(dirname "$0")/lib.sh"

dir=$SCRATCH/project
mkdir -p "$dir"
cat >"$dir/noxfile.py" <<'PY'
import sys

import nox

MARKUP = (
    "::group::the project's own group\n"
    "inside it\n"
    "::endgroup::\n"
    "::error file=a.py,line=1::an annotation of the project's\n"
    "\x1b[2A\x1b[2Kafter a cursor move\n"
    "\x1b[0Ksection_start:1:mine\r\x1b[0Ka section of the project's\n"
    "\x1b[0Ksection_end:1:mine\r\x1b[0K\n"
)


@nox.session(venv_backend="none")
def markup(session):
    session.run(sys.executable, "-c", f"import sys; sys.stdout.write({MARKUP!r})")


@nox.session(venv_backend="none")
def plain(session):
    session.run(sys.executable, "-c", "print('plain ran')")
PY

## count NAME REGEX: lines of NAME's stdout that match REGEX (extended).
count() { grep -caE -- "$2" "$SCRATCH/$1.out" || true; }

say "GitHub: one group per session, balanced; the project's ::error passes through"
run_in github "$dir" env GITHUB_ACTIONS=true "$PARNOX" -j 2 --no-trace
expect_rc github 0
[[ $(count github '^::group::') == 2 && $(count github '^::endgroup::') == 2 ]] ||
  { show "$SCRATCH/github.out"; fail "GitHub groups" "2 opened and 2 closed, parnox's" "above"; }
[[ $(count github '^::error file=a\.py,line=1::an annotation') == 1 ]] ||
  { show "$SCRATCH/github.out"; fail "the project's ::error" "at the start of a line" "above"; }
if grep -qaF $'\x1b[2A' "$SCRATCH/github.out"; then fail "the output" "no cursor move" "one"; fi

say "GitLab: one section per session, balanced"
run_in gitlab "$dir" env GITLAB_CI=true "$PARNOX" -j 2 --no-trace
expect_rc gitlab 0
[[ $(count gitlab 'section_start:[0-9]+:') == 2 && $(count gitlab 'section_end:[0-9]+:') == 2 ]] ||
  { show "$SCRATCH/gitlab.out"; fail "GitLab sections" "2 opened and 2 closed, parnox's" "above"; }

say "the session's log keeps its output byte for byte"
grep -qaF "::group::the project's own group" "$dir/.parnox/logs/markup.log" ||
  fail "markup.log" "the session's own ::group:: line" "none"
grep -qaF $'\x1b[0Ksection_start:1:mine\r' "$dir/.parnox/logs/markup.log" ||
  fail "markup.log" "the session's own section_start" "none"

pass
