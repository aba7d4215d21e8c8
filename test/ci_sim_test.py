"""The CI simulator's own rules (test/ci_sim.py), each on a small input: GitHub Actions'
expressions and conditions, step outputs, the artifact and cache actions, jobs in the order of
their needs; GitLab's !reference, extends, variables, caches, artifacts and needs. The steps
that would call parnox call a stand-in that only says what it was asked.

ctest runs it as ci_sim; by hand: /usr/bin/python3 test/ci_sim_test.py
"""
import contextlib
import io
import json
import os
import shutil
import stat
import sys
import tempfile
import textwrap
import unittest

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ci_sim  # noqa: E402

# A parnox that writes its arguments (and $GREETING) to $FAKE_PARNOX_LOG, and for some
# commands does what a step of the test pipelines needs.
FAKE_PARNOX = r"""#!/bin/bash
echo "$* ${GREETING:-}" >>"$FAKE_PARNOX_LOG"
case "$1" in
  plan) echo 'matrix={"include": [{"shard": 1}, {"shard": 2}]}' ;;
  shard) [ "$2" != 2 ] ;;
  write) echo "$3" >"$2" ;;
  fail) exit 1 ;;
esac
"""


@contextlib.contextmanager
def stops(test, message):
    """Asserts that the block stops the simulation with an error that says `message`."""
    err = io.StringIO()
    with test.assertRaises(SystemExit), contextlib.redirect_stderr(err):
        yield
    test.assertIn(message, err.getvalue())


class Scratch(unittest.TestCase):
    """A scratch directory, a parnox stand-in first on PATH, and a project to check out."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ci-sim-test-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.parnox = self.write("bin/parnox", FAKE_PARNOX)
        os.chmod(self.parnox, os.stat(self.parnox).st_mode | stat.S_IXUSR)
        self.log = os.path.join(self.tmp, "parnox.log")
        saved = dict(os.environ)
        self.addCleanup(os.environ.update, saved)
        self.addCleanup(os.environ.clear)
        os.environ.update(PATH=os.path.join(self.tmp, "bin") + ":" + os.environ["PATH"],
                          FAKE_PARNOX_LOG=self.log)
        os.environ.pop("GREETING", None)
        self.project = os.path.dirname(self.write("project/noxfile.py", "# the project\n"))
        self.seed = self.write("seed.json", '{"version": 1, "sessions": {}}\n')

    def write(self, path, text="x\n"):
        full = os.path.join(self.tmp, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
        return full

    def parnox_calls(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [line.strip() for line in f]


# ---------------------------------------------------------------- GitHub Actions expressions


class ExpressionTest(unittest.TestCase):
    context = ci_sim.Context({
        "needs": {"plan": {"result": "success",
                           "outputs": {"matrix": '{"include": [{"shard": 1}]}',
                                       "final": "true"}}},
        "matrix": {"shard": 2, "artifacts": "", "fast": True},
        "strategy": {"job-index": 1, "job-total": 3},
    }, "success")

    def test_a_whole_expression_keeps_its_value(self):
        self.assertEqual(self.context.text("${{ fromJSON(needs.plan.outputs.matrix) }}"),
                         {"include": [{"shard": 1}]})
        self.assertEqual(self.context.text("${{ strategy.job-index }}"), 1)

    def test_expressions_in_text_are_filled_in_as_the_runner_prints_them(self):
        self.assertEqual(
            self.context.text("shard ${{ matrix.shard }} (${{ strategy.job-index }}/"
                              "${{ strategy.job-total }}) fast=${{ matrix.fast }}"),
            "shard 2 (1/3) fast=true")
        self.assertEqual(self.context.text("[${{ matrix.nothing }}]"), "[]")
        self.assertEqual(self.context.text("${{ toJSON(matrix.shard) }}!"), "2!")
        self.assertEqual(self.context.text(7), 7)

    def test_operators_literals_and_functions(self):
        e = self.context.eval
        self.assertIs(e("matrix.artifacts != '' && matrix.shard == 2"), False)
        self.assertIs(e("matrix.artifacts == '' && !(matrix.shard == 1)"), True)
        self.assertIs(e("false || needs.plan.outputs.final == 'true'"), True)
        self.assertEqual(e("'it''s'"), "it's")
        self.assertIs(e("contains('parnox-durations-1', 'durations')"), True)
        self.assertIs(e("null"), None)
        self.assertIs(e("matrix.shard >= 2"), True)

    def test_an_expression_it_cannot_read_stops_the_simulation(self):
        with stops(self, "cannot read the expression"):
            self.context.eval("matrix.shard === 2")

    def test_a_condition_without_a_status_function_also_needs_success(self):
        failed = ci_sim.Context(self.context.values, "failure")
        final = "needs.plan.outputs.final == 'true'"
        self.assertTrue(self.context.condition(final, "success()"))
        self.assertFalse(failed.condition(final, "success()"))
        self.assertFalse(failed.condition(None, "success()"))
        self.assertTrue(failed.condition("${{ !cancelled() && " + final + " }}", "success()"))
        self.assertTrue(failed.condition("always()", "success()"))
        self.assertTrue(failed.condition("failure()", "success()"))
        self.assertFalse(self.context.condition("failure()", "success()"))
        self.assertFalse(self.context.condition(False, "success()"))


class StepOutputTest(Scratch):
    def test_name_value_lines_and_delimited_blocks(self):
        path = self.write("output", "a=1\nplan<<EOF\n{\n  \"x\": \"a=b\"\n}\nEOF\nb=x=y\n")
        self.assertEqual(ci_sim.read_outputs(path),
                         {"a": "1", "plan": '{\n  "x": "a=b"\n}', "b": "x=y"})


class ScriptTest(unittest.TestCase):
    def test_logical_lines_join_continuations_and_drop_blank_lines(self):
        self.assertEqual(ci_sim.logical_lines("a \\\n  b\n\n  \nc\n"), ["a    b", "c"])

    def test_a_parnox_call_is_parnox_as_a_command_word(self):
        calls = ["parnox matrix", "printf '%s' \"$PLAN\" | parnox run --shard 1",
                 "cd x && parnox merge-durations a.json", "(parnox list)", "parnox"]
        others = ["install -m 755 parnox-bin/parnox /usr/local/bin/parnox",
                  "echo parnox-bin", "mkdir -p parnox-durations", "parnoxx run"]
        for line in calls:
            self.assertRegex(line, ci_sim.CALLS_PARNOX)
        for line in others:
            self.assertNotRegex(line, ci_sim.CALLS_PARNOX)

    def test_report_goes_at_the_end_of_a_parnox_run_that_ends_the_line(self):
        self.assertEqual(ci_sim.with_report("cat p | parnox run --shard 1", "r.json"),
                         "cat p | parnox run --shard 1 --report r.json")
        self.assertEqual(ci_sim.with_report("parnox matrix", "r.json"), "parnox matrix")
        with stops(self, "parnox run is not the last command"):
            ci_sim.with_report("parnox run --shard 1 | tee log", "r.json")


# ---------------------------------------------------------------- GitHub Actions' steps


class GitHubArtifactTest(Scratch):
    def setUp(self):
        super().setUp()
        self.github = ci_sim.GitHub(self.project, self.write("workflow.yml", "jobs: {}\n"),
                                    self.seed, os.path.join(self.tmp, "out"))
        os.makedirs(self.github.workspace)

    def in_workspace(self, *paths):
        for path in paths:
            self.write(os.path.join(self.github.workspace, path))

    def upload(self, **inputs):
        entry = {}
        return self.github.upload({"name": "a", **inputs}, entry, "job"), entry

    def stored(self, name="a"):
        return ci_sim.files_under(os.path.join(self.github.artifacts, name), True)

    def download(self, **inputs):
        entry = {}
        self.assertTrue(self.github.download(inputs, entry, "job"))
        return entry["files"]

    def test_a_single_file_is_stored_by_its_name(self):
        self.in_workspace("parnox-bin/parnox")
        self.assertEqual(self.upload(path="parnox-bin/parnox"), (True, {"files":
                                                                         ["parnox-bin/parnox"]}))
        self.assertEqual(self.stored(), ["parnox"])

    def test_a_single_directory_is_stored_by_the_paths_below_it(self):
        self.in_workspace("dist/parnox.whl", "dist/sub/x.txt")
        self.upload(path="dist/")
        self.assertEqual(self.stored(), ["parnox.whl", "sub/x.txt"])

    def test_a_wildcard_keeps_the_path_below_the_directory_before_it(self):
        self.in_workspace("reports/unit/junit.xml", "reports/lint/junit.xml", "other.xml")
        self.upload(path="reports/*/junit.xml")
        self.assertEqual(self.stored(), ["lint/junit.xml", "unit/junit.xml"])

    def test_several_paths_keep_the_path_below_their_common_ancestor(self):
        self.in_workspace("out/a/x.txt", "out/b/y.txt")
        self.upload(path="out/a/x.txt\nout/b/y.txt\n")
        self.assertEqual(self.stored(), ["a/x.txt", "b/y.txt"])

    def test_hidden_files_only_with_include_hidden_files(self):
        self.in_workspace(".coverage.unit", ".coverage.integration", "build/lib.so",
                          "build/.cache/x", "notes.txt")
        self.assertEqual(self.upload(path=".coverage.*"), (True, {"files": []}))
        self.assertEqual(self.stored(), [])
        self.upload(path="build\nnotes.txt")
        self.assertEqual(self.stored(), ["build/lib.so", "notes.txt"])
        self.upload(name="hidden", path=".coverage.*", **{"include-hidden-files": "true"})
        self.assertEqual(self.stored("hidden"), [".coverage.integration", ".coverage.unit"])

    def test_no_files_fail_the_step_only_with_if_no_files_found_error(self):
        self.assertTrue(self.upload(path="missing")[0])
        self.assertTrue(self.upload(path="missing", **{"if-no-files-found": "ignore"})[0])
        self.assertFalse(self.upload(path="missing", **{"if-no-files-found": "error"})[0])

    def test_an_artifact_name_uploaded_twice_stops_the_simulation(self):
        self.in_workspace("x.txt")
        self.upload(path="x.txt")
        with stops(self, "artifact a uploaded twice"):
            self.upload(path="x.txt")

    def test_download_by_name_merges_into_path(self):
        self.write(os.path.join(self.github.artifacts, "parnox-binary/parnox"))
        self.assertEqual(self.download(name="parnox-binary", path="parnox-bin"),
                         ["parnox-bin/parnox"])
        with stops(self, "no artifact named no-such-artifact"):
            self.download(name="no-such-artifact")

    def test_download_by_pattern_puts_each_artifact_in_its_own_directory_unless_merged(self):
        for name in ("parnox-durations-shard-0", "parnox-durations-shard-1"):
            self.write(os.path.join(self.github.artifacts, name, ".parnox/durations.json"))
        self.write(os.path.join(self.github.artifacts, "parnox-artifacts-1/.coverage.a"))
        self.write(os.path.join(self.github.artifacts, "parnox-artifacts-2/.coverage.b"))
        self.assertEqual(self.download(pattern="parnox-durations-*", path="d"),
                         ["d/parnox-durations-shard-0/.parnox/durations.json",
                          "d/parnox-durations-shard-1/.parnox/durations.json"])
        self.assertEqual(self.download(pattern="parnox-artifacts-*", path=".",
                                       **{"merge-multiple": "true"}),
                         [".coverage.a", ".coverage.b"])
        self.assertTrue(os.path.isfile(os.path.join(self.github.workspace, ".coverage.b")))


class GitHubCacheTest(Scratch):
    def setUp(self):
        super().setUp()
        self.github = ci_sim.GitHub(self.project, self.write("workflow.yml", "jobs: {}\n"),
                                    self.seed, os.path.join(self.tmp, "out"))
        os.makedirs(self.github.workspace)
        # The constructor saved the seed as parnox-durations-1000-1; a newer run saved another.
        self.github.save_cache("parnox-durations-1000-2",
                               {".parnox/durations.json": self.write("newer.json", "newer\n")})
        self.github.save_cache("other-1", {"x": self.write("x")})

    def restore(self, key, restore_keys=""):
        entry = {}
        self.assertTrue(self.github.restore({"key": key, "restore-keys": restore_keys}, entry, "j"))
        return entry["restored"]

    def durations(self):
        with open(os.path.join(self.github.workspace, ".parnox/durations.json")) as f:
            return f.read()

    def test_restore_takes_the_exact_key_else_the_newest_entry_a_prefix_matches(self):
        self.assertEqual(self.restore("parnox-durations-1000-1"), "00-parnox-durations-1000-1")
        self.assertEqual(json.loads(self.durations()), {"version": 1, "sessions": {}})
        self.assertEqual(self.restore("parnox-durations-1001-1", "nothing-\nparnox-durations-\n"),
                         "01-parnox-durations-1000-2")
        self.assertEqual(self.durations(), "newer\n")
        self.assertIsNone(self.restore("parnox-durations-1001-1"))

    def test_save_keeps_an_existing_entry_and_stores_only_paths_that_exist(self):
        entry = {}
        self.write(os.path.join(self.github.workspace, ".parnox/durations.json"), "mine\n")
        self.github.save({"key": "parnox-durations-1000-1", "path": ".parnox/durations.json"},
                         entry, "j")
        self.assertEqual(entry, {"warning": "cache entry exists"})
        self.github.save({"key": "parnox-durations-1001-1",
                          "path": ".parnox/durations.json\nmissing.txt"}, {}, "j")
        self.github.save({"key": "empty", "path": "missing.txt"}, {}, "j")
        self.assertEqual(self.github.summary["caches"],
                         ["parnox-durations-1000-1", "parnox-durations-1000-2", "other-1",
                          "parnox-durations-1001-1"])
        self.assertEqual(ci_sim.files_under(os.path.join(self.github.cache,
                                                         "03-parnox-durations-1001-1"), True),
                         [".parnox/durations.json"])


class GitHubJobsTest(Scratch):
    """A workflow whose jobs are declared out of order, with a matrix from a job output, a
    failing matrix job and jobs that run or not after it as their `if:` says."""

    WORKFLOW = textwrap.dedent("""\
        env:
          GREETING: hello
        jobs:
          report:
            needs: [plan, shard]
            if: ${{ always() }}
            steps:
              - run: parnox report ${{ needs.shard.result }}
          shard:
            needs: plan
            strategy:
              matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
            steps:
              - uses: actions/checkout@v4
              - run: |
                  parnox shard ${{ matrix.shard }} \\
                    ${{ strategy.job-index }}/${{ strategy.job-total }}
          plan:
            outputs:
              matrix: ${{ steps.plan.outputs.matrix }}
            steps:
              - id: plan
                run: parnox plan >> "$GITHUB_OUTPUT"
          after-shards:
            needs: shard
            steps:
              - run: parnox after
          on-failure:
            needs: shard
            if: failure()
            steps:
              - run: parnox on-failure
        """)

    def test_jobs_run_after_their_needs_with_their_outputs_and_conditions(self):
        github = ci_sim.GitHub(self.project, self.write("workflow.yml", self.WORKFLOW),
                               self.seed, os.path.join(self.tmp, "out"))
        github.run()
        self.assertEqual([(j["job"], j["result"]) for j in github.summary["jobs"]],
                         [("plan", "success"), ("shard", "success"), ("shard", "failure"),
                          ("after-shards", "skipped"), ("on-failure", "success"),
                          ("report", "success")])
        self.assertEqual(github.summary["jobs"][0]["outputs"],
                         {"matrix": '{"include": [{"shard": 1}, {"shard": 2}]}'})
        self.assertEqual(self.parnox_calls(),
                         ["plan hello", "shard 1 0/2 hello", "shard 2 1/2 hello",
                          "on-failure hello", "report failure hello"])
        # Each job ran in a fresh checkout, kept apart afterwards.
        self.assertEqual(sorted(os.listdir(os.path.join(self.tmp, "out", "jobs"))),
                         ["on-failure", "plan", "report", "shard-0", "shard-1"])
        self.assertTrue(os.path.isfile(os.path.join(self.tmp, "out/jobs/shard-1/noxfile.py")))

    def test_a_step_that_neither_calls_parnox_nor_is_a_known_install_stops_the_simulation(self):
        workflow = "jobs:\n  a:\n    steps:\n      - run: make install\n"
        github = ci_sim.GitHub(self.project, self.write("workflow.yml", workflow), self.seed,
                               os.path.join(self.tmp, "out"))
        with stops(self, "calls no parnox and has no stand-in"):
            github.run()


# ---------------------------------------------------------------- GitLab CI


def gitlab_yaml(text):
    return yaml.load(textwrap.dedent(text), ci_sim.GitLabLoader)


class GitLabConfigTest(unittest.TestCase):
    def test_a_reference_is_resolved_through_other_references(self):
        config = gitlab_yaml("""\
            .setup:
              script: [apt-get install nox]
              variables: {REF: main}
            .middle:
              script: !reference [.setup, script]
            job:
              script: !reference [.middle, script]
              variables:
                REF: !reference [.setup, variables, REF]
            """)
        resolved = ci_sim.resolve_references(config, config)
        self.assertEqual(resolved["job"], {"script": ["apt-get install nox"],
                                           "variables": {"REF": "main"}})

    def test_extends_merges_hashes_and_replaces_lists_the_last_parent_winning(self):
        config = gitlab_yaml("""\
            .base:
              variables: {A: base, B: base}
              script: [base]
              cache: [{key: k, paths: [x]}]
            .middle:
              extends: .base
              variables: {B: middle}
              script: [middle]
            .other:
              variables: {A: other}
              after_script: [other]
            job:
              extends: [.middle, .other]
              variables: {C: job}
              cache: []
            """)
        self.assertEqual(ci_sim.effective_job("job", config), {
            "variables": {"A": "other", "B": "middle", "C": "job"},
            "script": ["middle"], "cache": [], "after_script": ["other"]})

    def test_variables_expand_in_cache_keys_and_one_cache_is_a_list_of_one(self):
        job = {"variables": {"REF": "v1", "OS": "debian12"},
               "cache": {"key": "parnox-bin-${OS}-$REF$UNSET", "paths": [".parnox/bin/"]}}
        self.assertEqual(ci_sim.GitLab.caches(job),
                         [{"key": "parnox-bin-debian12-v1", "paths": [".parnox/bin/"]}])

    def test_when(self):
        holds = {(when, ok): ci_sim.when_holds(when, ok)
                 for when in ("on_success", "on_failure", "always") for ok in (True, False)}
        self.assertEqual(holds, {("on_success", True): True, ("on_success", False): False,
                                 ("on_failure", True): False, ("on_failure", False): True,
                                 ("always", True): True, ("always", False): True})

    def test_upstream_is_needs_else_every_earlier_stage(self):
        done = {"build": (0, True), "lint": (1, False), "test": (1, True)}
        self.assertEqual(ci_sim.upstream({"needs": ["build", {"job": "test", "artifacts": False}]},
                                         done, 2),
                         [{"job": "build"}, {"job": "test", "artifacts": False}])
        self.assertEqual(ci_sim.upstream({"needs": []}, done, 2), [])
        self.assertEqual(ci_sim.upstream({}, done, 1), [{"job": "build"}])
        self.assertEqual(ci_sim.upstream({}, done, 2),
                         [{"job": "build"}, {"job": "lint"}, {"job": "test"}])


class GitLabJobsTest(Scratch):
    def setUp(self):
        super().setUp()
        self.gitlab = ci_sim.GitLab(self.project, None, self.seed, os.path.join(self.tmp, "out"))

    def test_caches_pull_and_push_as_their_policy_and_when_say(self):
        job = {"cache": [{"key": "pull", "paths": ["p"], "policy": "pull"},
                         {"key": "push", "paths": ["q"], "policy": "push"},
                         {"key": "both", "paths": ["b"]},
                         {"key": "always", "paths": ["b"], "when": "always"}]}
        for key in ("pull", "push", "both", "always"):
            self.write(os.path.join(self.gitlab.cache, key, "from-" + key))
        self.gitlab.fresh_checkout()
        record = {"job": "j"}
        self.gitlab.restore_caches(job, record)
        self.assertEqual(record["restored"], ["pull", "both", "always"])
        self.assertEqual(sorted(os.listdir(self.gitlab.workspace)),
                         ["from-always", "from-both", "from-pull", "noxfile.py"])
        for path in ("p", "q", "b"):
            self.write(os.path.join(self.gitlab.workspace, path))
        self.gitlab.save_caches(job, False, record)
        self.assertEqual(record["saved"], ["always"])
        self.gitlab.save_caches(job, True, record)
        self.assertEqual(record["saved"], ["push", "both", "always"])
        self.assertEqual(os.listdir(os.path.join(self.gitlab.cache, "push")), ["q"])

    def test_a_child_pipeline_passes_artifacts_along_needs_and_stages(self):
        child = gitlab_yaml("""\
            stages: [build, test, report]
            .step:
              script: [parnox write $CI_JOB_NAME.txt $CI_JOB_NAME]
            build-a: {extends: .step, stage: build, artifacts: {paths: [build-a.txt]}}
            build-b: {extends: .step, stage: build, artifacts: {paths: [build-b.txt]}}
            test:
              extends: .step
              stage: test
              needs: [build-a, {job: build-b, artifacts: false}]
              artifacts: {paths: [test.txt, build-a.txt]}
            lint:
              stage: test
              script: [parnox write lint.txt lint, parnox fail]
              after_script: [parnox after]
              artifacts: {paths: [lint.txt], when: on_failure}
            report: {extends: .step, stage: report, when: on_failure}
            never: {extends: .step, stage: report}
            """)
        self.gitlab.run_child(child)
        jobs = {j["job"]: j for j in self.gitlab.summary["jobs"]}
        self.assertEqual(list(jobs), ["build-a", "build-b", "test", "lint", "report", "never"])
        self.assertEqual(jobs["test"]["received"], ["build-a.txt"])
        self.assertEqual(jobs["lint"]["received"], ["build-a.txt", "build-b.txt"])
        self.assertEqual((jobs["lint"]["rc"], jobs["lint"]["after_rc"]), (1, 0))
        self.assertEqual(jobs["test"]["kept"], ["build-a.txt", "test.txt"])
        self.assertEqual(jobs["lint"]["kept"], ["lint.txt"])
        self.assertEqual(jobs["report"]["received"],
                         ["build-a.txt", "build-b.txt", "lint.txt", "test.txt"])
        self.assertEqual(jobs["report"]["collisions"], ["build-a.txt from build-a and test"])
        self.assertEqual(jobs["never"], {"job": "never", "rc": None, "skipped": True})
        self.assertIn("after", self.parnox_calls())


if __name__ == "__main__":
    unittest.main()
