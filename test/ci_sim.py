"""The example's CI pipelines, simulated on this machine as the CI systems would run them.

    ci_sim.py github PROJECT WORKFLOW SEED OUT   GitHub Actions: the workflow's jobs in order
    ci_sim.py gitlab PROJECT CI_FILE SEED OUT    GitLab CI: the plan job, then the child pipeline
    ci_sim.py coverage DIR                       the coverage data's measured lines in DIR

`github` and `gitlab` run the pipeline of PROJECT (each job in a fresh checkout of it) in OUT,
the cache starting from the durations file SEED as the last run left it, and write what
happened to OUT/summary.json for test/matrix_ci.sh to check. test/ci_sim_test.py tests the
simulation's own rules.
"""
import fnmatch, glob, json, os, re, shutil, subprocess, sys
import yaml

IGNORED = (".nox", ".parnox", ".coverage.*", ".coverage", "coverage.json", "__pycache__",
           ".mypy_cache", ".pytest_cache")
# A command word `parnox`: at the start of a line or after a pipe, `;`, `&&`, `||` or `(`.
CALLS_PARNOX = re.compile(r"(?:^|[|;&(]\s*)parnox(?=\s|$)")


def die(message):
    print("ci_sim.py: " + message, file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def logical_lines(script):
    """A shell script's lines with backslash continuations joined, blank lines left out."""
    return [l for l in script.replace("\\\n", " ").split("\n") if l.strip()]


def with_report(line, report):
    """A `parnox run` line with --report added at its end, where parnox's arguments end."""
    at = line.find("parnox run")
    if at < 0:
        return line
    if re.search(r"[|;&>]", line[at:]):
        die(f"cannot add --report to {line!r}: parnox run is not the last command")
    return line + " --report " + report


def checkout(project, workspace):
    shutil.copytree(project, workspace, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*IGNORED))


def files_under(root, hidden):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if not hidden:
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            filenames = [f for f in filenames if not f.startswith(".")]
        found += [os.path.normpath(os.path.join(rel, f)) for f in filenames]
    return sorted(found)


# Every simulated runner has one core. The plan job plans for runners like itself
# (`--runner-cpus "$(nproc)"`), and on one core the example's two test sessions are worth
# two jobs and a final stage; a 2-core runner would run them side by side in one job.
ONE_CORE = {min(os.sched_getaffinity(0))}


def run_script(lines, cwd, env, log, name):
    """Runs parnox command lines as the runner runs a step: bash -e, in the workspace."""
    with open(log, "a") as out:
        out.write(f"\n### {name}\n" + "\n".join(lines) + "\n")
        out.flush()
        done = subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=cwd, env=env,
                              stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              preexec_fn=lambda: os.sched_setaffinity(0, ONE_CORE))
    return done.returncode


# ---------------------------------------------------------------- GitHub Actions expressions

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)"
                   r"|(?P<op>==|!=|<=|>=|&&|\|\||[!<>(),])"
                   r"|(?P<name>[A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*)*))")


class Context:
    def __init__(self, values, status):
        self.values, self.status = values, status

    def get(self, path):
        value = self.values
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                return ""
            value = value[part]
        return value

    def eval(self, expression):
        python, at = [], 0
        expression = expression.strip()
        while at < len(expression):
            m = TOKEN.match(expression, at)
            if not m:
                die(f"cannot read the expression {expression!r} at {expression[at:]!r}")
            at = m.end()
            if m["str"]:
                python.append(repr(m["str"][1:-1].replace("''", "'")))
            elif m["num"]:
                python.append(m["num"])
            elif m["op"]:
                python.append({"&&": " and ", "||": " or ", "!": " not "}.get(m["op"], m["op"]))
            elif m["name"] in ("true", "false", "null"):
                python.append({"true": "True", "false": "False", "null": "None"}[m["name"]])
            elif expression[at:].lstrip().startswith("("):
                python.append("fn_" + m["name"])
            else:
                python.append(f"get({m['name']!r})")
        functions = {
            "get": self.get, "fn_fromJSON": json.loads, "fn_toJSON": json.dumps,
            "fn_always": lambda: True, "fn_cancelled": lambda: False,
            "fn_success": lambda: self.status == "success",
            "fn_failure": lambda: self.status == "failure",
            "fn_contains": lambda a, b: b in a,
        }
        return eval("".join(python), functions)

    def text(self, value):
        """A string with every ${{ }} replaced by its value, as the runner does."""
        if not isinstance(value, str):
            return value
        whole = re.fullmatch(r"\s*\$\{\{(.*?)\}\}\s*", value, re.S)
        if whole:
            return self.eval(whole[1])
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: show(self.eval(m[1])), value, flags=re.S)

    def condition(self, expression, default):
        if expression is None:
            return self.eval(default)
        if isinstance(expression, bool):
            return expression
        expression = expression.strip()
        if expression.startswith("${{"):
            expression = expression[3:-2]
        if not re.search(r"\b(always|cancelled|success|failure)\(", expression):
            expression = f"success() && ({expression})"
        return bool(self.eval(expression))


def show(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


# ---------------------------------------------------------------- GitHub Actions' steps


class GitHub:
    RUN_ID, RUN_ATTEMPT = "1001", "1"
    # The install steps, by id: what each leaves behind on a real runner.
    STAND_INS = {
        "build-parnox": "parnox on PATH, and its wheel in parnox-wheel/ for the artifact",
        "install-parnox": "parnox on PATH, parnox-wheel/ removed",
        "tools": "Debian's nox, flake8, black, mypy, pytest and coverage",
    }

    def __init__(self, project, workflow, seed, out):
        self.project = project
        self.workflow = yaml.safe_load(read(workflow))
        self.out = out
        self.workspace = os.path.join(out, "_work", "quality-gates", "quality-gates")
        self.artifacts = os.path.join(out, "artifacts")
        self.cache = os.path.join(out, "cache")
        self.reports = os.path.join(out, "reports")
        for d in (self.artifacts, self.cache, self.reports):
            os.makedirs(d)
        self.summary = {"jobs": [], "parnox_lines": [], "downloads": {}, "caches": []}
        # The last run's cache entry: the seeded durations.
        self.save_cache("parnox-durations-1000-1", {".parnox/durations.json": seed})

    # Cache entries: OUT/cache/NN-KEY/PATH; NN keeps their order (newest last).
    def save_cache(self, key, files):
        entry = os.path.join(self.cache, f"{len(os.listdir(self.cache)):02d}-{key}")
        for path, source in files.items():
            os.makedirs(os.path.dirname(os.path.join(entry, path)), exist_ok=True)
            shutil.copy(source, os.path.join(entry, path))
        self.summary["caches"].append(key)

    def find_cache(self, key, prefixes):
        entries = sorted(os.listdir(self.cache))
        keys = [e.split("-", 1)[1] for e in entries]
        if key in keys:
            return entries[keys.index(key)], True
        for prefix in prefixes:
            hits = [e for e, k in zip(entries, keys) if k.startswith(prefix)]
            if hits:
                return hits[-1], False
        return None, False

    def run(self):
        jobs = self.workflow["jobs"]
        results, outputs = {}, {}
        for name in self.order(jobs):
            job = jobs[name]
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            context = Context({"needs": {n: {"result": results[n], "outputs": outputs[n]}
                                         for n in needs},
                               "github": {"run_id": self.RUN_ID, "run_attempt": self.RUN_ATTEMPT,
                                          "job": name},
                               "env": self.workflow.get("env", {})},
                              "success" if all(results[n] == "success" for n in needs)
                              else "failure")
            if not context.condition(job.get("if"), "success()"):
                results[name], outputs[name] = "skipped", {}
                self.summary["jobs"].append({"job": name, "result": "skipped"})
                continue
            instances = [None]
            matrix = job.get("strategy", {}).get("matrix")
            if matrix is not None:
                matrix = context.text(matrix)
                if set(matrix) != {"include"}:
                    die(f"job {name}: the simulation knows matrices of `include` only")
                instances = matrix["include"]
            statuses = []
            for index, entry in enumerate(instances):
                status, outputs[name] = self.run_job(name, job, context, entry, index,
                                                     len(instances))
                statuses.append(status)
            results[name] = "success" if all(s == "success" for s in statuses) else "failure"

    def order(self, jobs):
        done, order = set(), []
        while len(order) < len(jobs):
            for name, job in jobs.items():
                needs = job.get("needs", [])
                needs = [needs] if isinstance(needs, str) else needs
                if name not in done and all(n in done for n in needs):
                    done.add(name)
                    order.append(name)
        return order

    def run_job(self, name, job, context, entry, index, total):
        label = name if entry is None else f"{name}-{index}"
        if os.path.exists(self.workspace):
            die("the workspace is still in use")
        os.makedirs(self.workspace)
        temp = os.path.join(self.out, "temp", label)
        os.makedirs(temp)
        values = dict(context.values)
        values["matrix"] = entry or {}
        values["strategy"] = {"job-index": index, "job-total": total}
        values["steps"] = {}
        values["env"] = {**values["env"], **job.get("env", {})}
        ctx = Context(values, "success")
        record = {"job": name, "index": index, "matrix": entry, "label": label, "steps": []}
        log = os.path.join(self.out, f"{label}.log")
        for number, step in enumerate(job["steps"]):
            if not ctx.condition(step.get("if"), "success()"):
                record["steps"].append({"step": number, "result": "skipped"})
                continue
            env = {**os.environ, **{k: show(ctx.text(v)) for k, v in values["env"].items()},
                   **{k: show(ctx.text(v)) for k, v in step.get("env", {}).items()}}
            env.update(GITHUB_ACTIONS="true", GITHUB_WORKSPACE=self.workspace, RUNNER_TEMP=temp,
                       GITHUB_RUN_ID=self.RUN_ID, GITHUB_RUN_ATTEMPT=self.RUN_ATTEMPT,
                       GITHUB_JOB=name, GITHUB_SERVER_URL="https://github.com",
                       GITHUB_STEP_SUMMARY=os.path.join(temp, "step-summary.md"),
                       GITHUB_OUTPUT=os.path.join(temp, f"output-{number}"))
            write(env["GITHUB_OUTPUT"], "")
            ok = self.step(step, number, ctx, env, label, log, record)
            if step.get("id"):
                values["steps"][step["id"]] = {"outputs": read_outputs(env["GITHUB_OUTPUT"])}
            if not ok:
                ctx.status = "failure"
        job_outputs = {k: show(ctx.text(v)) for k, v in job.get("outputs", {}).items()}
        record["result"] = ctx.status
        record["outputs"] = job_outputs
        self.summary["jobs"].append(record)
        # The runner's machine goes; what the job left stays here for the checks.
        os.makedirs(os.path.join(self.out, "jobs"), exist_ok=True)
        os.rename(self.workspace, os.path.join(self.out, "jobs", label))
        return ctx.status, job_outputs

    def step(self, step, number, ctx, env, label, log, record):
        entry = {"step": number, "name": step.get("name", step.get("uses", ""))}
        record["steps"].append(entry)
        if "run" in step:
            script = ctx.text(step["run"])
            lines = logical_lines(script)
            calls = [l for l in lines if CALLS_PARNOX.search(l)]
            if not calls:
                if step.get("id") not in self.STAND_INS:
                    die(f"job {label}, step {number} ({entry['name']}) calls no parnox and has "
                        "no stand-in: give it an id the simulation knows or make it call parnox")
                entry["stand_in"] = self.STAND_INS[step["id"]]
                return self.stand_in(step["id"])
            if len(calls) != len(lines):
                die(f"job {label}, step {number}: parnox lines mixed with others: {lines}")
            report = os.path.join(self.reports, f"{label}.json")
            lines = [with_report(l, report) for l in lines]
            rc = run_script(lines, self.workspace, env, log, entry["name"])
            entry.update(lines=lines, rc=rc)
            self.summary["parnox_lines"].append(
                {"job": label, "step": number, "template": logical_lines(step["run"])})
            return rc == 0
        uses = step["uses"].split("@")[0]
        inputs = {k: show(ctx.text(v)) for k, v in step.get("with", {}).items()}
        entry["with"] = inputs
        action = {"actions/checkout": self.checkout,
                  "actions/upload-artifact": self.upload,
                  "actions/download-artifact": self.download,
                  "actions/cache/restore": self.restore,
                  "actions/cache/save": self.save}.get(uses)
        if not action:
            die(f"job {label}: the simulation does not know {uses}")
        return action(inputs, entry, label)

    def stand_in(self, step_id):
        wheel_dir = os.path.join(self.workspace, "parnox-wheel")
        wheel = os.path.join(wheel_dir, "parnox-0-py3-none-any.whl")
        if step_id == "build-parnox":
            os.makedirs(wheel_dir)
            with open(wheel, "w") as f:  # the artifact's journey is what is simulated
                f.write("stands in for the wheel the step builds\n")
        elif step_id == "install-parnox":
            if not os.path.isfile(wheel):
                die("install-parnox: no parnox-wheel/*.whl was downloaded")
            shutil.rmtree(wheel_dir)
        return True

    def checkout(self, inputs, entry, label):
        checkout(self.project, self.workspace)
        return True

    def upload(self, inputs, entry, label):
        """actions/upload-artifact@v4: the files the patterns match (hidden ones only with
        include-hidden-files), stored relative to the patterns' least common ancestor."""
        patterns = [p.strip() for p in inputs["path"].split("\n") if p.strip()]
        hidden = inputs.get("include-hidden-files", "false") == "true"
        files = set()
        for pattern in patterns:
            for match in glob.glob(os.path.join(self.workspace, pattern), recursive=True,
                                   include_hidden=True):
                rel = os.path.relpath(match, self.workspace)
                if os.path.isdir(match):
                    files.update(os.path.join(rel, f) for f in files_under(match, hidden))
                elif hidden or not any(p.startswith(".") for p in rel.split(os.sep)):
                    files.add(rel)
        entry["files"] = sorted(files)
        if not files:
            mode = inputs.get("if-no-files-found", "warn")
            return mode != "error"
        searches = []
        for pattern in patterns:
            parts = pattern.split("/")
            wild = [i for i, p in enumerate(parts) if re.search(r"[*?\[]", p)]
            searches.append("/".join(parts[:wild[0]]) if wild else pattern)
        root = os.path.commonpath([os.path.normpath(s) if s else "." for s in searches])
        # One file is stored by its name; one directory, by the paths below it.
        if len(searches) == 1 and not any(re.search(r"[*?\[]", p) for p in patterns) \
                and not os.path.isdir(os.path.join(self.workspace, root)):
            root = os.path.dirname(root)
        target = os.path.join(self.artifacts, inputs["name"])
        if os.path.exists(target):
            die(f"job {label}: artifact {inputs['name']} uploaded twice (v4 refuses)")
        for rel in files:
            stored = os.path.join(target, os.path.relpath(rel, root or "."))
            os.makedirs(os.path.dirname(stored), exist_ok=True)
            shutil.copy(os.path.join(self.workspace, rel), stored)
        return True

    def download(self, inputs, entry, label):
        """actions/download-artifact@v4: one artifact by name into path, or those matching
        pattern, each into path/NAME, or all into path with merge-multiple."""
        path = os.path.join(self.workspace, inputs.get("path", "."))
        if "name" in inputs:
            names = [inputs["name"]]
            if not os.path.isdir(os.path.join(self.artifacts, names[0])):
                die(f"job {label}: no artifact named {names[0]}")
        else:
            names = sorted(n for n in os.listdir(self.artifacts)
                           if fnmatch.fnmatchcase(n, inputs.get("pattern", "*")))
        merge = "name" in inputs or inputs.get("merge-multiple", "false") == "true"
        got = []
        for name in names:
            source = os.path.join(self.artifacts, name)
            dest = path if merge else os.path.join(path, name)
            shutil.copytree(source, dest, dirs_exist_ok=True)
            got += [os.path.relpath(os.path.join(dest, f), self.workspace)
                    for f in files_under(source, True)]
        entry["files"] = sorted(got)
        self.summary["downloads"].setdefault(label, []).append({"with": inputs, "files": got})
        return True

    def restore(self, inputs, entry, label):
        prefixes = [p.strip() for p in inputs.get("restore-keys", "").split("\n") if p.strip()]
        hit, exact = self.find_cache(inputs["key"], prefixes)
        entry["restored"] = hit
        if hit:
            shutil.copytree(os.path.join(self.cache, hit), self.workspace, dirs_exist_ok=True)
        return True

    def save(self, inputs, entry, label):
        paths = [p.strip() for p in inputs["path"].split("\n") if p.strip()]
        if self.find_cache(inputs["key"], [])[1]:
            entry["warning"] = "cache entry exists"
            return True
        present = {p: os.path.join(self.workspace, p) for p in paths
                   if os.path.exists(os.path.join(self.workspace, p))}
        if present:
            self.save_cache(inputs["key"], present)
        return True


def read_outputs(path):
    """$GITHUB_OUTPUT: NAME=VALUE lines and NAME<<DELIMITER blocks."""
    outputs, lines = {}, read(path).split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            outputs[name] = "\n".join(lines[i + 1:end])
            i = end
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


# ---------------------------------------------------------------- GitLab CI


class Reference(list):
    """GitLab's `!reference [job, key, ...]`, resolved once every file is read."""


class GitLabLoader(yaml.SafeLoader):
    pass


GitLabLoader.add_constructor(
    "!reference", lambda loader, node: Reference(loader.construct_sequence(node)))


def resolve_references(value, config):
    if isinstance(value, Reference):
        found = config
        for part in value:
            found = found[part]
        return resolve_references(found, config)
    if isinstance(value, dict):
        return {k: resolve_references(v, config) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_references(v, config) for v in value]
    return value


def deep_merge(base, over):
    """`extends`: hashes merge key by key; lists and scalars of the job replace the parent's."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def effective_job(name, config):
    job = config[name]
    parents = job.get("extends", [])
    merged = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        merged = deep_merge(merged, effective_job(parent, config))
    return deep_merge(merged, {k: v for k, v in job.items() if k != "extends"})


def expand(text, variables):
    return re.sub(r"\$\{?(\w+)\}?", lambda m: str(variables.get(m[1], "")), text)


def when_holds(when, ok):
    return when == "always" or (when == "on_success") == ok


def upstream(job, done, stage):
    """The jobs a child pipeline's job waits for and takes artifacts from, as {job, artifacts}:
    its `needs`, or without `needs` every job of an earlier stage. `done` maps each job that
    ran to (its stage's index, whether it succeeded)."""
    if "needs" in job:
        return [{"job": n} if isinstance(n, str) else n for n in job["needs"]]
    return [{"job": n} for n, (s, _) in done.items() if s < stage]


class GitLab:
    """One runner with a distributed cache (the setup docs/ci.md asks for): every job sees
    every cache entry by key, entries are overwritten, `policy` and `when` hold; artifacts go
    to the jobs that `needs` them, or to every job of a later stage for a job without
    `needs`; before_script (the installs) is stood in for by this machine's own tools, the
    script and after_script run for real."""

    def __init__(self, project, ci_file, seed, out):
        self.project, self.ci_file, self.seed, self.out = project, ci_file, seed, out
        self.workspace = os.path.join(out, "builds", "group", "quality-gates")
        self.reports = os.path.join(out, "reports")
        self.cache = os.path.join(out, "cache")
        os.makedirs(self.reports)
        os.makedirs(self.cache)
        self.summary = {"jobs": [], "caches_saved": []}

    def fresh_checkout(self):
        if os.path.exists(self.workspace):
            die("the build directory is still in use")
        checkout(self.project, self.workspace)

    def finish(self, label):
        os.makedirs(os.path.join(self.out, "jobs"), exist_ok=True)
        os.rename(self.workspace, os.path.join(self.out, "jobs", label))

    @staticmethod
    def script_lines(job, key="script"):
        lines = []
        for item in job.get(key, []):
            lines += logical_lines(item)
        return lines

    # Cache entries: OUT/cache/KEY/PATH.
    @staticmethod
    def caches(job):
        entries = job.get("cache", [])
        entries = [entries] if isinstance(entries, dict) else entries
        return [{**c, "key": expand(c["key"], job.get("variables", {}))} for c in entries]

    def restore_caches(self, job, record):
        record["restored"] = []
        for cache in self.caches(job):
            entry = os.path.join(self.cache, cache["key"])
            if cache.get("policy", "pull-push") != "push" and os.path.isdir(entry):
                shutil.copytree(entry, self.workspace, dirs_exist_ok=True)
                record["restored"].append(cache["key"])

    def save_caches(self, job, ok, record):
        record["saved"] = []
        for cache in self.caches(job):
            if cache.get("policy", "pull-push") == "pull":
                continue
            if not when_holds(cache.get("when", "on_success"), ok):
                continue
            entry = os.path.join(self.cache, cache["key"])
            matches = self.matching(cache["paths"])
            if not matches:
                continue  # the runner warns and saves nothing
            shutil.rmtree(entry, ignore_errors=True)
            self.store(matches, entry)
            record["saved"].append(cache["key"])
            self.summary["caches_saved"].append({"job": record["job"], "key": cache["key"]})

    def matching(self, patterns):
        found = []
        for pattern in patterns:
            found += glob.glob(os.path.join(self.workspace, pattern), recursive=True,
                               include_hidden=True)
        return [os.path.relpath(m, self.workspace) for m in found]

    def store(self, paths, target):
        """Files and directories under target at their paths in the project (GitLab keeps
        paths relative to the project always)."""
        for rel in paths:
            source, stored = os.path.join(self.workspace, rel), os.path.join(target, rel)
            os.makedirs(os.path.dirname(stored), exist_ok=True)
            if os.path.isdir(source):
                shutil.copytree(source, stored, dirs_exist_ok=True)
            else:
                shutil.copy(source, stored)

    def run(self):
        parent = yaml.load(read(self.ci_file), GitLabLoader)
        includes = [i["local"] for i in parent.get("include", [])]
        config = {}
        for local in includes:
            config.update(yaml.load(read(os.path.join(self.project, local)), GitLabLoader))
        config.update(parent)
        config = resolve_references(config, config)
        trigger = next(j for j in config.values() if isinstance(j, dict) and "trigger" in j)
        plan_name = trigger["trigger"]["include"][0]["job"]
        child_file = trigger["trigger"]["include"][0]["artifact"]
        plan = effective_job(plan_name, config)
        templates = sorted(k for k in config if k.startswith("."))
        self.summary.update(plan_job=plan_name, child_file=child_file, includes=includes,
                            trigger=trigger, plan_artifacts=plan["artifacts"]["paths"],
                            plan_extends=parent[plan_name].get("extends"), templates=templates)
        self.seed_durations(config, templates)
        # The plan job: its whole script (it only writes the child pipeline).
        record = self.run_job(plan_name, plan, {}, check_script=False)
        if record["rc"]:
            die(f"{plan_name} failed: see {self.out}/{plan_name}.log")
        child_text = read(os.path.join(self.out, "artifacts", plan_name, child_file))
        write(os.path.join(self.out, "child.yml"), child_text)
        child = yaml.load(child_text, GitLabLoader)
        self.summary["child"] = child
        self.run_child(child)

    def run_child(self, child):
        """The child pipeline, stage by stage."""
        done = {}  # job name: (stage index, succeeded)
        jobs = [(n, j) for n, j in child.items() if isinstance(j, dict) and not n.startswith(".")
                and "stage" in j]
        for index, stage in enumerate(child["stages"]):
            for name, job in jobs:
                if job["stage"] != stage:
                    continue
                needs = upstream(job, done, index)
                ok = all(done[n["job"]][1] for n in needs)
                if not when_holds(job.get("when", "on_success"), ok):
                    self.summary["jobs"].append({"job": name, "rc": None, "skipped": True})
                    continue
                record = self.run_job(name, effective_job(name, child), {
                    n["job"]: os.path.join(self.out, "artifacts", n["job"])
                    for n in needs if n.get("artifacts", True)})
                done[name] = (index, record["rc"] == 0)

    def seed_durations(self, config, templates):
        """The cache entry the last pipeline's merge left: the seeded durations."""
        keys = {c["key"] for t in templates for c in self.caches(effective_job(t, config))
                if ".parnox/durations.json" in c.get("paths", [])}
        if len(keys) != 1:
            die(f"the templates' caches of .parnox/durations.json have keys {sorted(keys)}, "
                "not one")
        self.durations_key = keys.pop()
        entry = os.path.join(self.cache, self.durations_key, ".parnox")
        os.makedirs(entry)
        shutil.copy(self.seed, os.path.join(entry, "durations.json"))

    def run_job(self, name, job, sources, check_script=True):
        script = self.script_lines(job)
        if check_script and [l for l in script if CALLS_PARNOX.search(l)] != script:
            die(f"{name}'s script has lines that do not call parnox: {script}")
        record = {"job": name, "extends": job.get("extends")}
        self.fresh_checkout()
        # The runner's order: sources, cache, artifacts, script, after_script, then cache
        # and artifacts kept.
        self.restore_caches(job, record)
        received, collisions = {}, []
        for source_job, source in sources.items():
            if not os.path.isdir(source):
                continue
            shutil.copytree(source, self.workspace, dirs_exist_ok=True)
            for f in files_under(source, True):
                if f in received:
                    collisions.append(f"{f} from {received[f]} and {source_job}")
                received[f] = source_job
        log = os.path.join(self.out, f"{name}.log")
        report = os.path.join(self.reports, f"{name}.json")
        env = {**os.environ, "GITLAB_CI": "true", "CI_JOB_NAME": name,
               **{k: str(v["value"] if isinstance(v, dict) else v)
                  for k, v in job.get("variables", {}).items()}}
        rc = run_script([with_report(l, report) for l in script], self.workspace, env, log, name)
        after = self.script_lines(job, "after_script")
        # after_script runs after a failed script too; its own failure only warns.
        after_rc = run_script(after, self.workspace, env, log, name + " after_script") \
            if after else None
        ok = rc == 0
        kept = os.path.join(self.out, "artifacts", name)
        os.makedirs(kept)
        artifacts = job.get("artifacts", {})
        if when_holds(artifacts.get("when", "on_success"), ok):
            self.store(self.matching(artifacts.get("paths", [])), kept)
        self.save_caches(job, ok, record)
        record.update(rc=rc, after_rc=after_rc, script=script, received=sorted(received),
                      collisions=collisions, kept=files_under(kept, True))
        self.summary["jobs"].append(record)
        self.finish(name)
        return record


def coverage_lines(directory):
    """The combined coverage data's measured lines per file, as coverage json reports them."""
    subprocess.run([sys.executable, "-m", "coverage", "json", "-q", "-o", "cov.json"],
                   cwd=directory, check=True)
    d = json.loads(read(os.path.join(directory, "cov.json")))
    os.remove(os.path.join(directory, "cov.json"))
    files = {f: {k: v[k] for k in ("executed_lines", "missing_lines", "excluded_lines",
                                   "summary")} for f, v in d["files"].items()}
    return json.dumps({"files": files, "totals": d["totals"]}, sort_keys=True, indent=1)


def main(args):
    if args[:1] == ["coverage"] and len(args) == 2:
        print(coverage_lines(args[1]))
        return
    if len(args) != 5 or args[0] not in ("github", "gitlab"):
        die("usage: ci_sim.py github|gitlab PROJECT CI_FILE SEED OUT, or coverage DIR")
    system, project, ci_file, seed, out = args
    ci = {"github": GitHub, "gitlab": GitLab}[system](project, ci_file, seed, out)
    ci.run()
    write(os.path.join(out, "summary.json"), json.dumps(ci.summary, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
