#!/usr/bin/env bash
# The example's CI workflows, simulated on this machine as the CI systems would run them:
# the GitHub Actions workflow's jobs (plan, one per shard, final, durations) each in a fresh
# checkout of examples/quality-gates at one workspace path, running the workflow's own parnox
# command lines with its ${{ }} expressions and variables filled in as the runner fills them,
# files passing between jobs only through the workflow's artifact and cache steps, with
# upload-artifact's and download-artifact's rules. Beside it the GitLab pipeline: its plan
# job's script, the child pipeline (template + `parnox matrix --format gitlab`) parsed and run job by
# job (`extends` and `!reference` resolved), each job getting only its `needs`' artifacts (or,
# without `needs`, every earlier stage's) and the cache entries its `cache` pulls, its script
# and after_script run for real. Each ends with every session run exactly once, with
# sequential nox's per-session results and coverage data, and the merged durations saved
# for the next run with one run more for every session.
#
# The workflows' install steps (build parnox, apt-get nox and the tools) are what this machine
# already has: parnox on PATH, Debian's nox and tools. A `run:` step either only calls parnox
# (and then runs, for real) or is one of those install steps; any other step fails the test,
# so the workflows stay simulable.
source "$(dirname "$0")/lib.sh"

"$PY" -c 'import yaml' 2>/dev/null ||
  fail "PyYAML for $PY" "python3-yaml installed (scripts/setup.sh installs it)" "import yaml fails"

GITHUB_WORKFLOW=$EXAMPLE/.github/workflows/parnox.yml
GITLAB_CI=$EXAMPLE/.gitlab-ci.yml

# The remembered durations every job starts from: the tests long, the gates short, so the plan
# splits coverage_report into a final stage under the default 30 s job start-up.
seed=$SCRATCH/seed-durations.json
cat >"$seed" <<'EOF'
{"version": 1, "sessions": {
  "lint": {"seconds": 20.0, "runs": 3},
  "format": {"seconds": 20.0, "runs": 3},
  "typecheck": {"seconds": 20.0, "runs": 3},
  "tests(kind='unit')": {"seconds": 300.0, "runs": 3},
  "tests(kind='integration')": {"seconds": 300.0, "runs": 3},
  "coverage_report": {"seconds": 20.0, "runs": 3}}}
EOF

mkdir -p "$SCRATCH/bin"
ln -s "$PARNOX" "$SCRATCH/bin/parnox"
export PATH=$SCRATCH/bin:$PATH

say "sequential nox --report (in the background)"
seq_dir=$(example "$SCRATCH/sequential")
(cd "$seq_dir" && exec "${NOX[@]}" --report "$SCRATCH/nox.json") \
  >"$SCRATCH/nox.out" 2>&1 </dev/null &
nox_pid=$!

# The simulator (test/ci_sim.py, tested on its own by test/ci_sim_test.py) runs a pipeline in
# OUT and writes OUT/summary.json; `ci_sim.py coverage DIR` prints the coverage data's lines.
CI_SIM=$PARNOX_SOURCE_DIR/test/ci_sim.py

## combined_report DIR: one nox-style report of every stage's sessions (DIR/reports/*.json).
combined_report() {
  "$PY" - "$1" >"$1/combined.json" <<'PYEOF'
import glob, json, sys
sessions = []
for report in sorted(glob.glob(sys.argv[1] + "/reports/*.json")):
    sessions += json.load(open(report))["sessions"]
print(json.dumps({"sessions": sessions}))
PYEOF
}

## same_sessions_as_nox DIR WHAT: every session ran once over the stages, with nox's result.
same_sessions_as_nox() {
  combined_report "$1"
  local once
  once=$(json "$1/combined.json" '[s for s, n in __import__("collections").Counter(
    sig for x in d["sessions"] for sig in (x["signatures"] or [x["name"]])).items() if n != 1]')
  [[ -z $once ]] || fail "$2: sessions run in more than one stage" "none" "$once"
  same_text "$2: the sessions run, all stages together, vs nox" \
    "$(report_signatures "$SCRATCH/nox.json")" "$(report_signatures "$1/combined.json")"
  same_text "$2: per-session results, all stages together, vs nox" \
    "$(report_results "$SCRATCH/nox.json")" "$(report_results "$1/combined.json")"
}

# The two CI systems' simulations run side by side, each at its own workspace path.
gl=$SCRATCH/gitlab
mkdir -p "$gl"
"$PY" "$CI_SIM" gitlab "$EXAMPLE" "$GITLAB_CI" "$seed" "$gl" \
  >"$SCRATCH/gitlab.out" 2>"$SCRATCH/gitlab.err" </dev/null &
gitlab_pid=$!

## GitHub Actions
gh=$SCRATCH/github
mkdir -p "$gh"
say "GitHub Actions: plan, shards, final and durations jobs of $GITHUB_WORKFLOW"
run github "$PY" "$CI_SIM" github "$EXAMPLE" "$GITHUB_WORKFLOW" "$seed" "$gh"
if [[ $RC -ne 0 ]]; then show "$gh"/*.log; fi
expect_rc github 0
summary=$gh/summary.json

say "every job ran and succeeded"
results=$(json "$summary" '[(j["job"], j.get("result")) for j in d["jobs"]]')
shards=$(json "$summary" 'len([j for j in d["jobs"] if j["job"] == "shard"])')
expected=$("$PY" -c 'import json, sys; n = int(sys.argv[1]); print(json.dumps(
  [["plan", "success"]] + [["shard", "success"]] * n + [["final", "success"], ["durations", "success"]],
  sort_keys=True))' "$shards")
if [[ $results != "$expected" ]]; then show "$gh"/*.log; fi
same_text "jobs and their results" "$expected" "$results"
((shards >= 2)) || fail "shard jobs" "at least 2 (long tests, short gates)" "$shards"

say "the plan put coverage_report in the final stage, fed .coverage.* by both test shards"
plan=$(json "$summary" 'd["jobs"][0]["outputs"]["plan"]')
printf '%s' "$plan" >"$SCRATCH/plan.json"
same_text "the final stage's sessions" "coverage_report" "$(json "$SCRATCH/plan.json" 'd["final"]["sessions"]')"
same_text "the final stage's needs" \
  "[{\"from\": \"tests(kind='integration')\", \"paths\": [\".coverage.*\"]}, {\"from\": \"tests(kind='unit')\", \"paths\": [\".coverage.*\"]}]" \
  "$(json "$SCRATCH/plan.json" 'sorted(d["final"]["needs"], key=lambda n: n["from"])')"

say "every parnox line of the workflow ran (with --report added to parnox run)"
templates=$("$PY" - "$GITHUB_WORKFLOW" <<'PYEOF'
import re, sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
lines = set()
for job in w["jobs"].values():
    for step in job["steps"]:
        for line in step.get("run", "").replace("\\\n", " ").split("\n"):
            if re.search(r"(?:^|[|;&(]\s*)parnox(?=\s|$)", line):
                lines.add(line.strip())
print("\n".join(sorted(lines)))
PYEOF
)
ran=$(json "$summary" 'sorted({l.strip() for x in d["parnox_lines"] for l in x["template"]})')
same_text "the workflow's parnox lines vs those the simulation ran" "$templates" "$ran"
for line in "parnox matrix" "parnox run --from-matrix - --shard \${{ matrix.shard }}" \
  "parnox run --from-matrix - --shard final" "parnox merge-durations"; do
  grep -qF -- "$line" <<<"$ran" || fail "parnox lines of the workflow" "one with '$line'" "$ran"
done

say "the final job received only the test shards' .coverage.* files"
received=$(json "$summary" '[f for x in d["downloads"]["final"] if "name" not in x["with"]
  for f in x["files"]]')
[[ $(wc -l <<<"$received") -ge 2 ]] || fail "files the final job downloaded" "2 or more" "$received"
if grep -qv '^\.coverage\.[^/]*$' <<<"$received"; then
  fail "files the final job downloaded" "only .coverage.* at the project root" "$received"
fi

say "every session ran in exactly one job, with nox's result"
wait "$nox_pid" || { show "$SCRATCH/nox.out"; fail "sequential nox" "exit 0" "non-zero"; }
same_sessions_as_nox "$gh" "GitHub"

say "the final job's combined coverage is sequential nox's"
nox_coverage=$("$PY" "$CI_SIM" coverage "$seq_dir")
# Coverage data names files by absolute path: read it where the runner had the workspace.
mv "$gh/jobs/final" "$gh/_work/quality-gates/quality-gates"
got=$("$PY" "$CI_SIM" coverage "$gh/_work/quality-gates/quality-gates")
same_text "coverage, nox vs the final job" "$nox_coverage" "$got"

say "merged durations cached for the next run: every session timed once more"
caches=$(json "$summary" 'd["caches"]')
same_text "cache entries" $'parnox-durations-1000-1\nparnox-durations-1001-1' "$caches"
cached=$gh/cache/01-parnox-durations-1001-1/.parnox/durations.json
runs=$(json "$cached" 'sorted(set((s, e["runs"]) for s, e in d["sessions"].items()))')
expected=$(json "$seed" 'sorted(set((s, e["runs"] + 1) for s, e in d["sessions"].items()))')
same_text "sessions and runs in the merged durations" "$expected" "$runs"
stale=$(json "$cached" '[s for s, e in d["sessions"].items() if e["seconds"] in (20.0, 300.0)]')
[[ -z $stale ]] || fail "merged durations" "every session's seconds updated" "$stale"

## GitLab CI
say "GitLab CI: the plan job's script, then the child pipeline job by job"
wait "$gitlab_pid" && RC=0 || RC=$?
if [[ $RC -ne 0 ]]; then show "$gl"/*.log "$gl/child.yml"; fi
expect_rc gitlab 0
summary=$gl/summary.json

say "the parent pipeline: plan job, child pipeline artifact, trigger with strategy depend"
same_text "parent: plan job extends, includes, child artifact, trigger" \
  '[".parnox-setup", ["ci/parnox.yml"], true, "depend", [".parnox", ".parnox-durations", ".parnox-setup"]]' \
  "$(json "$summary" '[d["plan_extends"], d["includes"], d["child_file"] in d["plan_artifacts"],
     d["trigger"]["trigger"]["strategy"], d["templates"]]')"

say "the child pipeline: GitHub's shards, stages, variables, needs and artifacts"
check=$("$PY" - "$summary" "$SCRATCH/plan.json" <<'PYEOF'
import json, sys
d, plan = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
child, problems = d["child"], []
n = len(plan["shards"])
jobs = {k: v for k, v in child.items() if isinstance(v, dict) and not k.startswith(".")
        and k != "parnox-durations"}
shared = child.get(".parnox-plan", {}).get("variables", {}).get("PARNOX_MATRIX", {})
if json.loads(shared.get("value", "null")) != plan or shared.get("expand") is not False:
    problems.append("the .parnox-plan job's PARNOX_MATRIX is not GitHub's plan, unexpanded")
want = [f"parnox-shard-{k}" for k in range(1, n + 1)] + ["parnox-final"]
if sorted(jobs) != sorted(want):
    problems.append(f"jobs {sorted(jobs)}, not {want}")
if child.get("stages") != ["parnox-shards", "parnox-final", "parnox-durations"]:
    problems.append(f"stages {child.get('stages')}")
for template in (".parnox", ".parnox-durations"):
    if child.get(template, {}).get("extends") != ".parnox-setup" or ".parnox-setup" not in child:
        problems.append(f"the template's {template} (extending .parnox-setup) is not in the child")
feeding = {s for need in plan["final"]["needs"] for s in range(n)
           if need["from"] in plan["shards"][s]["sessions"]}
for name, job in jobs.items():
    shard = name.rsplit("-", 1)[1]
    if job.get("extends") != [".parnox", ".parnox-plan"]:
        problems.append(f"{name} extends {job.get('extends')}")
    if job["variables"] != {"PARNOX_SHARD": shard}:
        problems.append(f"{name}: variables {job['variables']}")
    paths = [f"parnox-durations/{name}.json"]
    if shard != "final":
        paths += sorted({p for need in plan["final"]["needs"] for p in need["paths"]
                         if need["from"] in plan["shards"][int(shard) - 1]["sessions"]})
    got = job.get("artifacts", {})
    if sorted(got.get("paths", [])) != sorted(paths) or got.get("when") != "always":
        problems.append(f"{name}: artifacts {got}, not always {paths}")
needs = sorted((x["job"], x["artifacts"]) for x in jobs["parnox-final"].get("needs", []))
if needs != sorted((f"parnox-shard-{s + 1}", True) for s in feeding):
    problems.append(f"parnox-final needs {needs}, not the shards {sorted(feeding)} feeding it")
merge = child.get("parnox-durations", {})
if merge != {"extends": ".parnox-durations", "stage": "parnox-durations", "when": "always"}:
    problems.append(f"parnox-durations is {merge}")
ran = [j["job"] for j in d["jobs"]]
if ran != [d["plan_job"]] + want + ["parnox-durations"] or any(j["rc"] for j in d["jobs"]):
    problems.append(f"jobs run {[(j['job'], j['rc']) for j in d['jobs']]}")
runs = {j["job"]: j for j in d["jobs"]}
final = runs["parnox-final"]
coverage = [f for f in final["received"] if f.startswith(".coverage.") and "/" not in f]
copies = sorted(f"parnox-durations/parnox-shard-{s + 1}.json" for s in feeding)
if len(coverage) < 2 or sorted(set(final["received"]) - set(coverage)) != copies:
    problems.append(f"parnox-final received {final['received']}, not .coverage.* and {copies}")
merged = sorted(f for f in runs["parnox-durations"]["received"]
                if f.startswith("parnox-durations/"))
if merged != sorted(f"parnox-durations/{j}.json" for j in want):
    problems.append(f"parnox-durations received the durations {merged}, not one per job")
for job in d["jobs"]:
    if job["collisions"]:
        problems.append(f"{job['job']}: artifacts with one name from two jobs {job['collisions']}")
    if job["job"] in want and job["after_rc"] != 0:
        problems.append(f"{job['job']}: after_script exit {job['after_rc']}")
print("\n".join(problems))
PYEOF
)
[[ -z $check ]] || { show "$gl/child.yml"; fail "the GitLab child pipeline" "as planned" "$check"; }

say "every session ran in exactly one GitLab job, with nox's result and coverage"
same_sessions_as_nox "$gl" "GitLab"
mv "$gl/jobs/parnox-final" "$gl/builds/group/quality-gates"
got=$("$PY" "$CI_SIM" coverage "$gl/builds/group/quality-gates")
same_text "coverage, nox vs the GitLab final job" "$nox_coverage" "$got"

say "GitLab: the durations cache pulled by every job, pushed by parnox-durations alone"
key=$(json "$summary" 'sorted({c for j in d["jobs"] for c in j["restored"] + j["saved"]
  if "durations" in c})')
same_text "the durations cache's key" "parnox-durations" "$key"
same_text "jobs that restored / saved the durations cache" \
  "$(json "$summary" '[[j["job"] for j in d["jobs"] if j["job"] != "parnox-durations"],
     ["parnox-durations"]]')" \
  "$(json "$summary" '[[j["job"] for j in d["jobs"] if "parnox-durations" in j["restored"]],
     [j["job"] for j in d["jobs"] if "parnox-durations" in j["saved"]]]')"
same_text "the merge job's script (the template's)" \
  "parnox merge-durations parnox-durations/*.json" \
  "$(json "$summary" '[j["script"] for j in d["jobs"] if j["job"] == "parnox-durations"][0]')"

say "GitLab: merged durations cached for the next pipeline: every session timed once more"
cached=$gl/cache/parnox-durations/.parnox/durations.json
runs=$(json "$cached" 'sorted(set((s, e["runs"]) for s, e in d["sessions"].items()))')
expected=$(json "$seed" 'sorted(set((s, e["runs"] + 1) for s, e in d["sessions"].items()))')
same_text "sessions and runs in the GitLab cache's merged durations" "$expected" "$runs"
stale=$(json "$cached" '[s for s, e in d["sessions"].items() if e["seconds"] in (20.0, 300.0)]')
[[ -z $stale ]] || fail "GitLab's merged durations" "every session's seconds updated" "$stale"

pass
