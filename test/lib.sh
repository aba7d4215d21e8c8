# Shared helpers for parnox's end-to-end tests. Each test/<behaviour>.sh sources this file,
# checks one behaviour of the real binary on a real nox project, and exits non-zero (77:
# skipped, only when a facility is genuinely missing) when it does not hold.
#
# ctest sets PARNOX (the binary) and PARNOX_SOURCE_DIR; by hand:
#   PARNOX=build/parnox bash test/list.sh

set -euo pipefail

# Sourced, never run (CMakeLists.txt registers every test/*.sh but this one).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  echo "lib.sh holds the helpers the end-to-end tests source; run one of them instead" >&2
  exit 2
fi

: "${PARNOX:?set PARNOX to the parnox binary}"
# Tests run commands from inside project copies: a relative path must not break that.
[[ $PARNOX == */* && $PARNOX != /* ]] && PARNOX=$PWD/$PARNOX
PARNOX_SOURCE_DIR=${PARNOX_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
FIXTURES=$PARNOX_SOURCE_DIR/test/fixtures
EXAMPLE=$PARNOX_SOURCE_DIR/examples/quality-gates
TEST_NAME=$(basename "$0" .sh)

# The Python that has nox on Debian 12; the python3 first on PATH may not.
PY=/usr/bin/python3
# shellcheck disable=SC2034  # used by the tests that source this file
# The reference nox runs write no bytecode, so a test comparing a project before and after
# parnox sees only what parnox did; parnox itself runs without that help, as on a machine
# where the variable is not set.
NOX=(env PYTHONDONTWRITEBYTECODE=1 "$PY" -m nox)

# As CI runs: no terminal for sessions, nox treats a missing interpreter as an error.
export CI=true
unset PARNOX_NOX PARNOX_JOBS PARNOX_CPUS PARNOX_SESSION PYTEST_XDIST_AUTO_NUM_WORKERS
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY FORCE_COLOR CLICOLOR_FORCE PYTHONDONTWRITEBYTECODE
export NO_COLOR=1

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/parnox-e2e-$TEST_NAME.XXXXXX")
cleanup() {
  local status=$? pid rest
  # A failed test may leave processes of its run behind: end them (they all name SCRATCH).
  while read -r pid rest; do
    if [[ -n $pid ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
  done < <(processes_mentioning "$SCRATCH")
  if [[ $status -ne 0 && $status -ne 77 && -n ${KEEP_SCRATCH:-} ]]; then
    echo "scratch kept: $SCRATCH"
  else
    rm -rf "$SCRATCH"
  fi
}
trap cleanup EXIT

START_SECONDS=$SECONDS

## Messages

say() { echo "== $TEST_NAME: $*"; }

## fail WHAT EXPECTED GOT: reports a broken expectation and ends the test.
fail() {
  echo "FAIL: $TEST_NAME: $1"
  echo "  expected: $2"
  echo "  got:      $3"
  exit 1
}

## skip REASON: ends the test as skipped (exit 77). ctest shows no skipped test's output;
## scripts/test.sh prints this line for each skip after ctest's summary.
skip() {
  echo "SKIP: $TEST_NAME: $*"
  exit 77
}

## need_terminal: skips unless tmux is installed and can open a pseudo-terminal here (a
## chroot without /dev/pts cannot).
need_terminal() {
  command -v tmux >/dev/null || skip "tmux is not installed (scripts/setup.sh installs it)"
  [[ -c /dev/ptmx && -d /dev/pts ]] && python3_can_open_pty ||
    skip "no pseudo-terminal can be opened here (/dev/pts)"
}

## need_ptrace DIR: skips unless parnox's tracer can trace a process here (run in DIR).
need_ptrace() {
  run_in ptrace "$1" "$PARNOX" __trace --log "$SCRATCH/probe.trace" -- true
  [[ $RC -eq 0 ]] || skip "this machine does not allow ptrace: $(cat "$SCRATCH/ptrace.err")"
}

## tmx ARGS...: tmux on this test's own server, whose socket is in the scratch directory
## (so the cleanup ends it with the rest).
tmx() { tmux -S "$SCRATCH/tmux.sock" "$@"; }

## open_pane NAME WIDTHxHEIGHT DIR CMD...: a detached pane NAME of that size, UTF-8, that runs
## the shell lines in $PANE_SETUP, then CMD in DIR, then prints EXIT=status and stays open to
## be read. With $PANE_RECORD set to a file, every byte the pane receives from CMD's first on
## goes there (the pane waits for the recording before it starts CMD).
open_pane() {
  local name=$1 size=$2 dir=$3 script=$SCRATCH/$1.pane.sh
  shift 3
  {
    echo "export LANG=C.UTF-8"
    echo "${PANE_SETUP:-}"
    [[ -z ${PANE_RECORD:-} ]] || echo "until [ -e '$script.go' ]; do sleep 0.05; done"
    printf 'cd %q\n' "$dir"
    printf '%q ' "$@"
    printf '\necho "EXIT=$?"\nexec sleep 600\n'
  } >"$script"
  tmx -u -f /dev/null new-session -d -x "${size%x*}" -y "${size#*x}" -s "$name" "bash $script"
  if [[ -n ${PANE_RECORD:-} ]]; then
    tmx pipe-pane -t "$name" -o "cat >$PANE_RECORD"
    touch "$script.go"
  fi
}

## wait_for_exit NAME CODE: waits (60 s at most) until pane NAME prints EXIT=, keeps its whole
## text, history included, in $SCRATCH/NAME.screen, and fails unless CMD exited CODE.
wait_for_exit() {
  local name=$1 code=$2 deadline=$((SECONDS + 60))
  until tmx capture-pane -p -t "$name" | grep -q '^EXIT='; do
    ((SECONDS < deadline)) || { tmx capture-pane -p -t "$name"; fail "$name" "EXIT= within 60 s" "none"; }
    sleep 0.2
  done
  sleep 0.3  # a recording's pipe drains
  tmx capture-pane -p -S - -t "$name" >"$SCRATCH/$name.screen"
  grep -qx "EXIT=$code" "$SCRATCH/$name.screen" || {
    show "$SCRATCH/$name.screen"
    fail "$name's exit status" "EXIT=$code" "$(grep '^EXIT=' "$SCRATCH/$name.screen")"
  }
}

python3_can_open_pty() {
  "$PY" -c 'import os; m, s = os.openpty(); os.close(m); os.close(s)' 2>/dev/null
}

pass() {
  echo "PASS: $TEST_NAME ($((SECONDS - START_SECONDS)) s)"
  exit 0
}

## show FILE...: prints files for a failure's context, indented.
show() {
  local f
  for f in "$@"; do
    echo "  --- $f"
    if [[ -f $f ]]; then head -c 20000 "$f" | sed 's/^/  | /'; else echo "  | (missing)"; fi
  done
}

## Projects

## copy_project SRC DEST: a copy of a project without state or data a run leaves behind.
copy_project() {
  mkdir -p "$2"
  tar -C "$1" --exclude=.nox --exclude=.parnox --exclude='.coverage.*' --exclude=.coverage \
    --exclude=coverage.json --exclude=__pycache__ --exclude=.mypy_cache \
    --exclude=.pytest_cache -cf - . | tar -C "$2" -xf -
}

## completion_setup: for the shell completion tests. Puts this parnox on PATH as `parnox`
## (a completion script asks the parnox its line names), and makes $wrapper, a nox command
## that counts its starts (given as --nox on the line being completed); nox_starts prints
## how many times it started.
completion_setup() {
  mkdir -p "$SCRATCH/bin"
  ln -s "$PARNOX" "$SCRATCH/bin/parnox"
  export PATH=$SCRATCH/bin:$PATH
  starts=$SCRATCH/nox-starts
  wrapper=$SCRATCH/counting-nox
  printf '#!/bin/sh\necho start >>%q\nexec %q -m nox "$@"\n' "$starts" "$PY" >"$wrapper"
  chmod +x "$wrapper"
}
nox_starts() { if [[ -f $starts ]]; then wc -l <"$starts"; else echo 0; fi; }

## fixture NAME [DEST]: copies test/fixtures/NAME into the scratch dir, prints the copy's path.
fixture() {
  local dest=${2:-$SCRATCH/$1}
  [[ -d $FIXTURES/$1 ]] || fail "fixture $1" "a directory $FIXTURES/$1" "none"
  copy_project "$FIXTURES/$1" "$dest"
  echo "$dest"
}

## coverage_declared [DEST]: the coverage fixture with the order its coverage_report needs
## declared in pyproject.toml; prints the copy's path.
coverage_declared() {
  local dir
  dir=$(fixture coverage "${1:-$SCRATCH/coverage-declared}")
  printf '[tool.parnox]\nafter = { coverage_report = ["tests*"] }\n' >"$dir/pyproject.toml"
  echo "$dir"
}

## example [DEST]: copies examples/quality-gates into the scratch dir, prints the path.
example() {
  local dest=${1:-$SCRATCH/quality-gates}
  copy_project "$EXAMPLE" "$dest"
  echo "$dest"
}

## listing DIR: every path under DIR with its size and mtime, to tell "untouched".
listing() {
  (cd "$1" && find . -printf '%p %s %T@\n' | LC_ALL=C sort)
}

## files_left DIR: the paths a run left in the project, besides .parnox/ and bytecode caches,
## for comparing a parnox run's project with a nox run's.
files_left() {
  (cd "$1" && find . \( -path ./.parnox -o -name __pycache__ \) -prune -o -print | LC_ALL=C sort)
}

## Running

## run NAME CMD...: runs CMD with stdout in $SCRATCH/NAME.out and stderr in NAME.err, sets RC.
run() {
  local name=$1
  shift
  set +e
  "$@" >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err" </dev/null
  RC=$?
  set -e
}

## run_in NAME DIR CMD...: `run NAME CMD...` with DIR as the working directory.
run_in() {
  local name=$1 dir=$2
  shift 2
  set +e
  (cd "$dir" && exec "$@") >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err" </dev/null
  RC=$?
  set -e
}

## expect_rc NAME CODE: the last `run NAME` exited CODE.
expect_rc() {
  if [[ $RC -ne $2 ]]; then
    show "$SCRATCH/$1.out" "$SCRATCH/$1.err"
    fail "exit status of $1" "$2" "$RC"
  fi
}

## expect_output NAME TEXT: NAME's stdout or stderr contains TEXT (fixed string).
expect_output() {
  if ! grep -qF -- "$2" "$SCRATCH/$1.out" "$SCRATCH/$1.err"; then
    show "$SCRATCH/$1.out" "$SCRATCH/$1.err"
    fail "output of $1" "a line containing '$2'" "none (output above)"
  fi
}

## JSON

## json FILE EXPR: evaluates the Python EXPR with `d` = FILE's JSON; prints a string as it
## is, anything else as sorted JSON, a list of strings one per line.
json() {
  "$PY" - "$1" "$2" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
v = eval("(" + sys.argv[2] + "\n)")
if isinstance(v, str):
    print(v)
elif isinstance(v, list) and all(isinstance(x, str) for x in v):
    print("\n".join(v))
else:
    print(json.dumps(v, sort_keys=True))
EOF
}

## report_results FILE: one line per session of a nox-style report, sorted:
## "name signatures result result_code".
report_results() {
  json "$1" 'sorted(" ".join(json.dumps(s.get(k)) for k in ("name", "signatures", "result", "result_code")) for s in d["sessions"])'
}

## report_signatures FILE: the signatures a report ran, sorted, one a line.
report_signatures() {
  json "$1" 'sorted(sig for s in d["sessions"] for sig in (s["signatures"] or [s["name"]]))'
}

## same_text WHAT EXPECTED GOT: the two strings are equal, else a unified diff and fail.
same_text() {
  if [[ "$2" != "$3" ]]; then
    diff -u <(echo "$2") <(echo "$3") | sed 's/^/  /' || true
    fail "$1" "the first text in the diff above" "the second"
  fi
}

## Processes

## alive PID: PID is a live process (not a zombie).
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

## processes_mentioning TEXT: pids of live processes whose command line, working directory
## or environment mentions TEXT, other than this shell. Matching happens in bash, so that
## no helper process carries TEXT in its own command line.
processes_mentioning() (
  cd /
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    alive "$pid" || continue
    cmdline=$(tr '\0' ' ' 2>/dev/null <"$proc/cmdline") || continue
    cwd=$(readlink "$proc/cwd" 2>/dev/null) || cwd=
    environ=$(tr '\0' '\n' 2>/dev/null <"$proc/environ") || environ=
    if [[ $cmdline == *"$1"* || $cwd == "$1"* || $environ == *"$1"* ]]; then
      echo "$pid $cmdline"
    fi
  done
)

## expect_none_left DIR WHAT: within 2 s no process mentions DIR (processes_mentioning);
## else those left are killed, for the next test's sake, and WHAT fails.
expect_none_left() {
  local left
  for _ in $(seq 20); do
    left=$(processes_mentioning "$1")
    [[ -z $left ]] && return 0
    sleep 0.1
  done
  awk '{print $1}' <<<"$left" | xargs -r kill -KILL 2>/dev/null || true
  fail "$2: processes 2 s after parnox's death" "none" "$left"
}

## wait_for_file PATH SECONDS: waits until PATH exists; false on timeout.
wait_for_file() {
  local deadline=$((SECONDS + $2))
  until [[ -e $1 ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}
