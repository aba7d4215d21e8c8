#!/usr/bin/env bash
# `parnox matrix`, `run --shard`/`--from-matrix` and `merge-durations` on the command line:
# the plan alone on stdout (notes on stderr) in each format; every bad option or plan is exit
# 2 with the fix and leaves the project as it was; an empty stage is exit 0 with a note; a
# stage read from stdin runs exactly that stage's sessions; a plan naming a session nox does
# not know is nox's exit 3; merge-durations keeps, per session, the entry with more runs.
source "$(dirname "$0")/lib.sh"

"$PY" -c 'import yaml' 2>/dev/null ||
  fail "PyYAML for $PY" "python3-yaml installed (scripts/setup.sh installs it)" "import yaml fails"

# paramed: eight quick default sessions whose signatures hold quotes and spaces.
DEFAULT_SESSIONS="build(arm)
build(x86)
fmt
lint
tests(mode='fast', db='postgres')
tests(mode='fast', db='sqlite')
tests(mode='full', db='postgres')
tests(mode='full', db='sqlite')"

dir=$(fixture paramed)
before=$(listing "$dir")

## untouched WHAT: the project's files are as they were at the start.
untouched() {
  same_text "the project's files after $1" "$before" "$(listing "$dir")"
}

## rejected NAME TEXT CMD...: CMD, run in the project, exits 2 saying TEXT on stderr, prints
## nothing on stdout and changes no file of the project.
rejected() {
  local name=$1 text=$2
  shift 2
  say "$name: exit 2, says '$text'"
  run_in "$name" "$dir" "$@"
  was_rejected "$name" "$text"
}

## was_rejected NAME TEXT: the checks of `rejected` on the run NAME that just ended.
was_rejected() {
  expect_rc "$1" 2
  if ! grep -qF -- "$2" "$SCRATCH/$1.err"; then
    show "$SCRATCH/$1.out" "$SCRATCH/$1.err"
    fail "$1's message on stderr" "'$2'" "the output above"
  fi
  [[ ! -s $SCRATCH/$1.out ]] || fail "$1's stdout" "nothing" "$(cat "$SCRATCH/$1.out")"
  untouched "$1"
}

## stage_sessions PLAN K: the signatures of shard K of a JSON plan (K = final: the final
## stage), sorted, one a line.
stage_sessions() {
  if [[ $2 == final ]]; then json "$1" 'sorted(d["final"]["sessions"])'
  else json "$1" "sorted(d['shards'][$2 - 1]['sessions'])"; fi
}

## run_stage_from_stdin NAME DIR PLANFILE SHARD: `printf '%s' "$PLAN" | parnox run
## --from-matrix - --shard SHARD` in DIR, as a CI job runs it, with a report; sets RC.
run_stage_from_stdin() {
  local name=$1 dir=$2 plan
  plan=$(cat "$3")
  set +e
  (cd "$dir" && printf '%s' "$plan" |
    "$PARNOX" run --from-matrix - --shard "$4" --report "$SCRATCH/$name.json") \
    >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err"
  # shellcheck disable=SC2034  # expect_rc reads it
  RC=$?
  set -e
}

# --- The plan: JSON on stdout alone, the notes on stderr.
say "matrix prints the JSON plan on stdout, notes on stderr"
run_in plan "$dir" "$PARNOX" matrix --shards 2
expect_rc plan 0
[[ $(json "$SCRATCH/plan.out" 'sorted(d)') == "$(printf '%s\n' assumed estimate_s final \
  job_overhead_s runner_cpus shards version)" ]] || { show "$SCRATCH/plan.out"; fail \
  "the plan's keys" "assumed estimate_s final job_overhead_s runner_cpus shards version" \
  "the output above"; }
same_text "every session once, in a shard or the final stage" "$DEFAULT_SESSIONS" \
  "$(json "$SCRATCH/plan.out" 'sorted(s for st in d["shards"] + [d["final"]] for s in st["sessions"])')"
same_text "the shards" 2 "$(json "$SCRATCH/plan.out" 'len(d["shards"])')"
same_text "the sessions with no remembered duration" "$DEFAULT_SESSIONS" \
  "$(json "$SCRATCH/plan.out" 'sorted(d["assumed"]["sessions"])')"
expect_output plan "no session has a remembered duration"
if grep -q 'parnox' "$SCRATCH/plan.out"; then
  show "$SCRATCH/plan.out"
  fail "stdout of parnox matrix" "the plan alone" "parnox's own words in it (above)"
fi
untouched "parnox matrix"

say "the same inputs give the same plan"
run_in plan-again "$dir" "$PARNOX" matrix --shards 2
same_text "the plan made twice" "$(cat "$SCRATCH/plan.out")" "$(cat "$SCRATCH/plan-again.out")"

say "--shards auto with the default 30 s job start-up: one job for eight quick sessions"
run_in auto "$dir" "$PARNOX" matrix
expect_rc auto 0
same_text "shards under auto" 1 "$(json "$SCRATCH/auto.out" 'len(d["shards"])')"
same_text "job_overhead_s" 30.0 "$(json "$SCRATCH/auto.out" 'd["job_overhead_s"]')"

say "--format github: matrix=, final= and plan= lines"
run_in github "$dir" "$PARNOX" matrix --shards 2 --format github
expect_rc github 0
same_text "the github output's line starts" "matrix=
final=false
plan=" "$(sed -E 's/^(matrix|plan)=.*/\1=/' "$SCRATCH/github.out")"
sed -n 's/^plan=//p' "$SCRATCH/github.out" >"$SCRATCH/github-plan.json"
sed -n 's/^matrix=//p' "$SCRATCH/github.out" >"$SCRATCH/github-matrix.json"
same_text "plan= is the JSON plan" "$(json "$SCRATCH/plan.out" 'd')" \
  "$(json "$SCRATCH/github-plan.json" 'd')"
same_text "matrix= has one include per shard" "[1, 2]" \
  "$(json "$SCRATCH/github-matrix.json" '[i["shard"] for i in d["include"]]')"
same_text "matrix= names shard 1's sessions" \
  "$(json "$SCRATCH/plan.out" '", ".join(d["shards"][0]["sessions"])')" \
  "$(json "$SCRATCH/github-matrix.json" 'd["include"][0]["sessions"]')"

say "--format gitlab: a child pipeline that parses as YAML, each job carrying the plan"
run_in gitlab "$dir" "$PARNOX" matrix --shards 2 --format gitlab
expect_rc gitlab 0
"$PY" - "$SCRATCH/gitlab.out" "$SCRATCH/plan.out" >"$SCRATCH/gitlab-check.out" 2>&1 <<'EOF' ||
import json, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
plan = json.load(open(sys.argv[2]))
assert doc["stages"] == ["parnox-shards", "parnox-final", "parnox-durations"], doc["stages"]
jobs = [k for k in doc if k not in ("stages", ".parnox-plan")]
assert jobs == ["parnox-shard-1", "parnox-shard-2", "parnox-durations"], jobs
shared = doc[".parnox-plan"]["variables"]["PARNOX_MATRIX"]
assert json.loads(shared["value"]) == plan and shared["expand"] is False, "PARNOX_MATRIX"
assert doc["parnox-durations"] == {"extends": ".parnox-durations", "stage": "parnox-durations",
                                   "when": "always"}, doc["parnox-durations"]
jobs.pop()
for k, name in enumerate(jobs, 1):
    job = doc[name]
    assert job["extends"] == [".parnox", ".parnox-plan"], job
    assert job["stage"] == "parnox-shards", job
    assert job["variables"] == {"PARNOX_SHARD": str(k)}, job["variables"]
    assert job["artifacts"]["paths"] == [f"parnox-durations/{name}.json"], job
EOF
  { show "$SCRATCH/gitlab.out" "$SCRATCH/gitlab-check.out"; fail "the gitlab pipeline" \
    "YAML with a job per shard carrying the plan" "the check's complaint above"; }
untouched "the formats"

# --- Usage errors: exit 2 before anything runs.
for bad in 0 abc 300 -1; do
  rejected "shards-$bad" "--shards takes a number from 1 to 256" "$PARNOX" matrix --shards "$bad"
done
rejected format-bogus "--format" "$PARNOX" matrix --format bogus
rejected overhead-unitless "--job-overhead takes a duration such as 30s" \
  "$PARNOX" matrix --job-overhead 5
rejected overhead-run-unitless "--job-overhead takes a duration such as 30s" \
  "$PARNOX" run --shard 1/2 --job-overhead 5
rejected shard-3-of-2 "--shard takes K/N" "$PARNOX" run --shard 3/2
rejected shard-bare "--shard takes K/N" "$PARNOX" run --shard 1
rejected plan-missing "parnox matrix --format json > missing.json" \
  "$PARNOX" run --from-matrix missing.json --shard 1
expect_output plan-missing "missing.json: No such file"
printf '{"version": 1, "shards": [{"sessions": ["lint"' >"$SCRATCH/corrupt.json"
rejected plan-corrupt "$SCRATCH/corrupt.json: not valid JSON" \
  "$PARNOX" run --from-matrix "$SCRATCH/corrupt.json" --shard 1
echo '{"shards": 3}' >"$SCRATCH/not-a-plan.json"
rejected plan-not-a-matrix "not a parnox matrix" \
  "$PARNOX" run --from-matrix "$SCRATCH/not-a-plan.json" --shard 1
cp "$SCRATCH/plan.out" "$SCRATCH/plan.json"
rejected plan-shard-9 "$SCRATCH/plan.json: has 2 shards, so there is no shard 9" \
  "$PARNOX" run --from-matrix "$SCRATCH/plan.json" --shard 9
rejected plan-no-shard "--from-matrix needs --shard" \
  "$PARNOX" run --from-matrix "$SCRATCH/plan.json"
rejected plan-shard-of-n "--shard with --from-matrix takes a shard number" \
  "$PARNOX" run --from-matrix "$SCRATCH/plan.json" --shard 1/2
rejected plan-and-selection "--from-matrix takes its sessions from the plan" \
  "$PARNOX" run --from-matrix "$SCRATCH/plan.json" --shard 1 -s lint
json "$SCRATCH/plan.json" 'json.dumps({**d, "version": 99})' >"$SCRATCH/future-plan.json"
rejected plan-future "plan format version 99, this parnox reads version 1" \
  "$PARNOX" run --from-matrix "$SCRATCH/future-plan.json" --shard 1
# An empty stdin: what a CI job sees when the plan job's output never arrived.
rejected plan-stdin-empty "the plan on stdin: not valid JSON; pipe in what" \
  "$PARNOX" run --from-matrix - --shard 1

# --- Empty stages: nothing to run is a success.
say "the final stage of a plan without one: exit 0 with a note"
run_in final-empty "$dir" "$PARNOX" run --from-matrix "$SCRATCH/plan.json" --shard final
expect_rc final-empty 0
expect_output final-empty "the final stage has no sessions to run"
say "final/2 planned here: exit 0 with a note"
run_in final-of-2 "$dir" "$PARNOX" run --shard final/2
expect_rc final-of-2 0
expect_output final-of-2 "the final stage has no sessions to run"
say "a shard beyond the sessions (12 of 12 for eight): exit 0 with a note"
run_in shard-12 "$dir" "$PARNOX" run --shard 12/12
expect_rc shard-12 0
expect_output shard-12 "shard 12/12 has no sessions to run"
untouched "the empty stages"

# --- A plan naming a session the noxfile does not have: nox's own verdict.
say "a plan naming an unknown session: exit 3"
echo '{"version": 1, "shards": [{"sessions": ["lint", "no_such_session"]}], "final": {"sessions": []}}' \
  >"$SCRATCH/unknown.json"
run_in unknown "$dir" "$PARNOX" run --from-matrix "$SCRATCH/unknown.json" --shard 1
expect_rc unknown 3
expect_output unknown "no_such_session"
untouched "the unknown session"

# --- Running stages: each runs exactly its sessions, on a fresh copy as a CI job would.
for k in 1 2; do
  say "shard $k from the JSON plan on stdin runs exactly its sessions"
  copy=$(fixture paramed "$SCRATCH/json-shard-$k")
  run_stage_from_stdin "json-shard-$k" "$copy" "$SCRATCH/plan.json" "$k"
  expect_rc "json-shard-$k" 0
  same_text "the sessions shard $k ran" "$(stage_sessions "$SCRATCH/plan.json" "$k")" \
    "$(report_signatures "$SCRATCH/json-shard-$k.json")"
done
same_text "the shards ran every session once" "$DEFAULT_SESSIONS" \
  "$(cat <(report_signatures "$SCRATCH/json-shard-1.json") \
    <(report_signatures "$SCRATCH/json-shard-2.json") | LC_ALL=C sort)"

say "shard 2 from github's plan= line on stdin"
copy=$(fixture paramed "$SCRATCH/github-shard-2")
run_stage_from_stdin github-shard-2 "$copy" "$SCRATCH/github-plan.json" 2
expect_rc github-shard-2 0
same_text "the sessions github's shard 2 ran" "$(stage_sessions "$SCRATCH/plan.json" 2)" \
  "$(report_signatures "$SCRATCH/github-shard-2.json")"

say "run --shard 1/2 plans here as parnox matrix --shards 2 does"
copy=$(fixture paramed "$SCRATCH/planned-shard-1")
run_in planned-shard-1 "$copy" "$PARNOX" run --shard 1/2 --report "$SCRATCH/planned-shard-1.json"
expect_rc planned-shard-1 0
same_text "the sessions run --shard 1/2 ran" "$(stage_sessions "$SCRATCH/plan.json" 1)" \
  "$(report_signatures "$SCRATCH/planned-shard-1.json")"

# --- A fan-in split into a final stage that needs the tests' files.
say "long tests: coverage_report goes to the final stage, needing .coverage.* from each test"
cov=$(coverage_declared)
printf 'artifacts = { "tests*" = [".coverage.*"] }\n' >>"$cov/pyproject.toml"
mkdir -p "$cov/.parnox"
cat >"$cov/.parnox/durations.json" <<'EOF'
{"version": 1, "sessions": {
  "tests_circle": {"seconds": 100, "runs": 2}, "tests_square": {"seconds": 100, "runs": 2},
  "tests_triangle": {"seconds": 100, "runs": 2}, "coverage_report": {"seconds": 2, "runs": 2}}}
EOF
cov_before=$(listing "$cov")
run_in cov-plan "$cov" "$PARNOX" matrix --shards 3 --job-overhead 1s
expect_rc cov-plan 0
same_text "the final stage" coverage_report "$(stage_sessions "$SCRATCH/cov-plan.out" final)"
same_text "what the final stage needs" \
  '[{"from": "tests_circle", "paths": [".coverage.*"]}, {"from": "tests_square", "paths": [".coverage.*"]}, {"from": "tests_triangle", "paths": [".coverage.*"]}]' \
  "$(json "$SCRATCH/cov-plan.out" 'd["final"]["needs"]')"
same_text "the estimate: start-up, a test, start-up, the combine" 104.0 \
  "$(json "$SCRATCH/cov-plan.out" 'd["estimate_s"]')"
run_in cov-github "$cov" "$PARNOX" matrix --shards 3 --job-overhead 1s --format github
expect_output cov-github "final=true"
sed -n 's/^matrix=//p' "$SCRATCH/cov-github.out" >"$SCRATCH/cov-matrix.json"
same_text "each test shard uploads .coverage.*" "$(printf '.coverage.*\n%.0s' 1 2 3)" \
  "$(json "$SCRATCH/cov-matrix.json" '[i["artifacts"] for i in d["include"]]')"
run_in cov-gitlab "$cov" "$PARNOX" matrix --shards 3 --job-overhead 1s --format gitlab
"$PY" - "$SCRATCH/cov-gitlab.out" >"$SCRATCH/cov-gitlab-check.out" 2>&1 <<'EOF' ||
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
final = doc["parnox-final"]
assert final["variables"]["PARNOX_SHARD"] == "final", final
assert [n["job"] for n in final["needs"]] == ["parnox-shard-1", "parnox-shard-2", "parnox-shard-3"], final
for k in (1, 2, 3):
    assert doc[f"parnox-shard-{k}"]["artifacts"]["paths"] == [
        ".coverage.*", f"parnox-durations/parnox-shard-{k}.json"]
EOF
  { show "$SCRATCH/cov-gitlab.out" "$SCRATCH/cov-gitlab-check.out"; fail "the gitlab fan-in" \
    "a final job needing the three shards, each keeping .coverage.*" "the complaint above"; }
same_text "the coverage project's files after planning" "$cov_before" "$(listing "$cov")"

say "without the artifacts key: a warning that nothing says which files travel"
sed -i '/^artifacts = /d' "$cov/pyproject.toml"
run_in cov-undeclared "$cov" "$PARNOX" matrix --shards 3 --job-overhead 1s
expect_rc cov-undeclared 0
expect_output cov-undeclared "nothing says which files it leaves behind"
same_text "needs without paths" '[[], [], []]' \
  "$(json "$SCRATCH/cov-undeclared.out" '[n["paths"] for n in d["final"]["needs"]]')"

# --- merge-durations.
## merge_rejected NAME TEXT FILE: merge-durations FILE, in a copy of the project, exits 2
## saying TEXT and changes nothing there.
merge_rejected() {
  local copy before_merge
  say "$1: exit 2, says '$2'"
  copy=$(fixture paramed "$SCRATCH/$1")
  before_merge=$(listing "$copy")
  run_in "$1" "$copy" "$PARNOX" merge-durations "$3"
  expect_rc "$1" 2
  expect_output "$1" "$2"
  [[ ! -s $SCRATCH/$1.out ]] || fail "$1's stdout" "nothing" "$(cat "$SCRATCH/$1.out")"
  same_text "the project's files after $1" "$before_merge" "$(listing "$copy")"
}

merge_rejected merge-missing "$SCRATCH/none.json: no such durations file" "$SCRATCH/none.json"
echo '{"version": 1, "sessions": {"lint": ' >"$SCRATCH/corrupt-durations.json"
merge_rejected merge-corrupt "cannot merge $SCRATCH/corrupt-durations.json" \
  "$SCRATCH/corrupt-durations.json"
echo '{"version": 2, "sessions": {}}' >"$SCRATCH/future-durations.json"
merge_rejected merge-other-version "cannot merge $SCRATCH/future-durations.json: format version 2" \
  "$SCRATCH/future-durations.json"

say "merge-durations keeps, per session, the entry with more runs"
merged=$(fixture paramed "$SCRATCH/merged")
mkdir -p "$merged/.parnox"
echo '{"version": 1, "sessions": {"lint": {"seconds": 10, "runs": 3},
  "fmt": {"seconds": 5, "runs": 2}}}' >"$merged/.parnox/durations.json"
echo '{"version": 1, "sessions": {"lint": {"seconds": 99, "runs": 2},
  "fmt": {"seconds": 7, "runs": 4}, "build(x86)": {"seconds": 3, "runs": 1}}}' \
  >"$SCRATCH/job-durations.json"
run_in merge "$merged" "$PARNOX" merge-durations "$SCRATCH/job-durations.json"
expect_rc merge 0
same_text "the merged durations" \
  '{"build(x86)": [3.0, 1], "fmt": [7.0, 4], "lint": [10.0, 3]}' \
  "$(json "$merged/.parnox/durations.json" \
    '{k: [float(v["seconds"]), v["runs"]] for k, v in d["sessions"].items()}')"
run_in merged-plan "$merged" "$PARNOX" matrix
same_text "the sessions still assumed after the merge" \
  "$(grep -vxF -e lint -e fmt -e 'build(x86)' <<<"$DEFAULT_SESSIONS")" \
  "$(json "$SCRATCH/merged-plan.out" 'sorted(d["assumed"]["sessions"])')"

# --- A fan-in reached by session.notify, cut into the final stage: each shard's nox would
# run it through the notify, on that shard's files alone; sequential nox runs it once, last.
say "a notify fan-in in the final stage runs there only, with both feeders' files"
fanin=$SCRATCH/notify-fanin
mkdir -p "$fanin/.parnox"
cat >"$fanin/noxfile.py" <<'PYEOF'
import os

import nox

nox.options.sessions = ["a", "b", "combine"]


@nox.session(venv_backend="none")
def a(session):
    open("a.part", "w").write("a\n")
    session.notify("combine")


@nox.session(venv_backend="none")
def b(session):
    open("b.part", "w").write("b\n")
    session.notify("combine")


@nox.session(venv_backend="none")
def combine(session):
    parts = sorted(p for p in os.listdir(".") if p.endswith(".part"))
    if parts != ["a.part", "b.part"]:
        session.error(f"combine saw {parts}")
PYEOF
printf '[tool.parnox]\nartifacts = { a = ["a.part"], b = ["b.part"] }\n' >"$fanin/pyproject.toml"
echo '{"version": 1, "sessions": {"a": {"seconds": 300, "runs": 1},
  "b": {"seconds": 300, "runs": 1}, "combine": {"seconds": 1, "runs": 1}}}' \
  >"$fanin/.parnox/durations.json"
# On one core a and b are worth a job each; a 2-core runner would run them side by side.
run_in fanin-plan "$fanin" "$PARNOX" matrix --shards 2 --job-overhead 1s --runner-cpus 1
expect_rc fanin-plan 0
cp "$SCRATCH/fanin-plan.out" "$SCRATCH/fanin-plan.json"
same_text "the final stage" combine "$(stage_sessions "$SCRATCH/fanin-plan.json" final)"
for k in 1 2; do
  shard_dir=$SCRATCH/notify-shard-$k
  copy_project "$fanin" "$shard_dir"
  run_in "fanin-shard-$k" "$shard_dir" "$PARNOX" run --from-matrix "$SCRATCH/fanin-plan.json" \
    --shard "$k" --output quiet --report "$SCRATCH/fanin-shard-$k.json"
  expect_rc "fanin-shard-$k" 0
  same_text "what shard $k ran" "$(stage_sessions "$SCRATCH/fanin-plan.json" "$k")" \
    "$(report_signatures "$SCRATCH/fanin-shard-$k.json")"
done
final_dir=$SCRATCH/notify-final
copy_project "$fanin" "$final_dir"
cp "$SCRATCH"/notify-shard-*/*.part "$final_dir/"
run_in fanin-final "$final_dir" "$PARNOX" run --from-matrix "$SCRATCH/fanin-plan.json" \
  --shard final --output quiet --report "$SCRATCH/fanin-final.json"
expect_rc fanin-final 0
same_text "what the final stage ran" combine "$(report_signatures "$SCRATCH/fanin-final.json")"

pass
