#include "discovery.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exit_status.h"
#include "nox_helper_file.h"

namespace fs = std::filesystem;

namespace {

/// The nox under test: Debian's by default; PARNOX_TEST_NOX names another (with its
/// PYTHONPATH in the environment) so the suite can run against several nox versions.
NoxCommand TestNox() {
  const char* command = std::getenv("PARNOX_TEST_NOX");
  std::string error;
  std::optional<NoxCommand> nox =
      LocateNox(command ? command : "/usr/bin/python3 -m nox", Environment::OfProcess(), &error);
  if (!nox) throw std::runtime_error(error);
  return *nox;
}

/// Sends fd 2 to a file while alive, so nox's own messages can be checked.
class CapturedStderr {
 public:
  explicit CapturedStderr(const fs::path& file) : file_(file) {
    saved_ = dup(2);
    int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
  }
  ~CapturedStderr() { Restore(); }
  std::string Text() {
    Restore();
    std::stringstream text;
    text << std::ifstream(file_).rdbuf();
    return text.str();
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    dup2(saved_, 2);
    close(saved_);
    saved_ = -1;
  }
  fs::path file_;
  int saved_ = -1;
};

class DiscoveryTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parnox-discovery-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = fs::canonical(pattern);
    std::string error;
    helper_ = NoxHelperFile::Write(&error);
    ASSERT_TRUE(helper_) << error;
    nox_.helper = helper_->path();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteNoxfile(const std::string& text) { std::ofstream(dir_ / "noxfile.py") << text; }

  /// Discovers with `args` after `-f noxfile.py`; nox's stderr lands in `stderr_`.
  std::variant<Project, DiscoveryFailure> Run(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"-f", (dir_ / "noxfile.py").string()});
    CapturedStderr capture(dir_ / "stderr.txt");
    auto result = Discover(nox_, args);
    stderr_ = capture.Text();
    return result;
  }

  Project RunOk(std::vector<std::string> args = {}) {
    auto result = Run(std::move(args));
    if (auto* failure = std::get_if<DiscoveryFailure>(&result)) {
      ADD_FAILURE() << "exit " << failure->exit_code << ": " << failure->message << "\n" << stderr_;
      return Project{};
    }
    return std::get<Project>(result);
  }

  DiscoveryFailure RunFailing(std::vector<std::string> args = {}) {
    auto result = Run(std::move(args));
    if (std::holds_alternative<Project>(result)) {
      ADD_FAILURE() << "discovery succeeded";
      return DiscoveryFailure{-1, ""};
    }
    return std::get<DiscoveryFailure>(result);
  }

  /// Discovers a one-session noxfile, for what this nox is and has.
  Project Probe() {
    WriteNoxfile("import nox\n@nox.session(venv_backend='none')\ndef a(session): pass\n");
    return RunOk();
  }

  /// Why this nox cannot run a test of `requires=` (added in nox 2025.02), or "" if it can.
  /// Debian 12's nox is 2022.11.21; scripts/test.sh runs these tests again on Debian
  /// testing's nox, as newer-nox.DiscoveryTest.*.
  std::string WhyNoRequires() {
    Project project = Probe();
    if (project.nox_has_requires) return "";
    return "nox " + project.nox_version +
           " has no requires= (nox 2025.02 added it); newer-nox.DiscoveryTest.* runs this on "
           "a newer nox (scripts/newer_nox.sh)";
  }

  /// Why this nox cannot run a test of `allow_parallel=` (added in nox 2026.08), or "" if
  /// it can: a noxfile that passes it must load.
  std::string WhyNoAllowParallel() {
    WriteNoxfile(
        "import nox\n@nox.session(venv_backend='none', allow_parallel=True)\n"
        "def a(session): pass\n");
    auto result = Run();
    if (std::holds_alternative<Project>(result)) return "";
    if (stderr_.find("unexpected keyword argument 'allow_parallel'") == std::string::npos) {
      ADD_FAILURE() << "a noxfile with allow_parallel= failed to load otherwise:\n" << stderr_;
      return "";
    }
    return "nox " + Probe().nox_version +
           " has no allow_parallel= (nox 2026.08 added it). No Debian release has that nox "
           "yet, and CI reaches no other package index: check it by hand on nox's source "
           "(docs/development.md)";
  }

  /// Another nox command for this test: a file in the test's directory that runs `text`.
  void UseNoxScript(const std::string& text) {
    std::ofstream(dir_ / "nox-command") << text;
    fs::permissions(dir_ / "nox-command", fs::perms::owner_all);
    nox_.argv = {(dir_ / "nox-command").string()};
  }

  NoxCommand nox_ = TestNox();
  std::optional<NoxHelperFile> helper_;
  fs::path dir_;
  std::string stderr_;
};

const char kMatrixNoxfile[] = R"(
import nox

@nox.session(venv_backend="none", tags=["style"])
def lint(session):
    pass

@nox.session(python=["3.10", "3.11"])
@nox.parametrize("kind", ["unit", "integration"])
def tests(session, kind):
    pass

@nox.session(python="3.11", venv_backend="venv", tags=["style", "types"])
def typing(session):
    pass
)";

TEST_F(DiscoveryTest, ParametrizedAndMultiPythonSessions) {
  WriteNoxfile(kMatrixNoxfile);
  Project project = RunOk();
  EXPECT_EQ(project.noxfile, (dir_ / "noxfile.py").string());
  EXPECT_EQ(project.root, dir_.string());
  EXPECT_FALSE(project.nox_version.empty());
  ASSERT_EQ(project.sessions.size(), 6u);
  const Session* unit = project.Find("tests-3.11(kind='unit')");
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->name, "tests");
  EXPECT_EQ(unit->signatures, (std::vector<std::string>{"tests-3.11(kind='unit')", "tests-3.11"}));
  EXPECT_EQ(unit->python, "3.11");
  EXPECT_EQ(unit->venv_backend, "virtualenv");
  EXPECT_EQ(unit->envdir, (dir_ / ".nox/tests-3-11-kind-unit").string());
  EXPECT_TRUE(unit->selected);
  const Session* lint = project.Find("lint");
  ASSERT_NE(lint, nullptr);
  EXPECT_EQ(lint->python, "");
  EXPECT_EQ(lint->venv_backend, "none");
  EXPECT_EQ(lint->tags, (std::vector<std::string>{"style"}));
  EXPECT_EQ(project.Find("typing")->signatures,
            (std::vector<std::string>{"typing", "typing-3.11"}));
  EXPECT_EQ(project.queue,
            (std::vector<std::string>{"lint", "tests-3.10(kind='unit')",
                                      "tests-3.10(kind='integration')", "tests-3.11(kind='unit')",
                                      "tests-3.11(kind='integration')", "typing"}));
}

TEST_F(DiscoveryTest, SessionsArgumentOrdersTheQueueAsNoxDoes) {
  WriteNoxfile(kMatrixNoxfile);
  Project project = RunOk({"-s", "typing", "tests-3.10", "tests-3.11(kind = 'unit')"});
  EXPECT_EQ(project.queue, (std::vector<std::string>{"typing", "tests-3.10(kind='unit')",
                                                     "tests-3.10(kind='integration')",
                                                     "tests-3.11(kind='unit')"}));
  EXPECT_FALSE(project.Find("lint")->selected);
}

TEST_F(DiscoveryTest, TagsKeywordsAndPythons) {
  WriteNoxfile(kMatrixNoxfile);
  EXPECT_EQ(RunOk({"-t", "style"}).queue, (std::vector<std::string>{"lint", "typing"}));
  EXPECT_EQ(RunOk({"-k", "lint or integration"}).queue,
            (std::vector<std::string>{"lint", "tests-3.10(kind='integration')",
                                      "tests-3.11(kind='integration')"}));
  EXPECT_EQ(RunOk({"-p", "3.11"}).queue,
            (std::vector<std::string>{"tests-3.11(kind='unit')", "tests-3.11(kind='integration')",
                                      "typing"}));
}

TEST_F(DiscoveryTest, EnvdirFollowsTheOption) {
  WriteNoxfile(kMatrixNoxfile);
  Project project = RunOk({"--envdir", "envs", "-s", "lint"});
  EXPECT_EQ(project.Find("lint")->envdir, (dir_ / "envs/lint").string());
}

TEST_F(DiscoveryTest, PosargsAreNotSessions) {
  WriteNoxfile(kMatrixNoxfile);
  EXPECT_EQ(RunOk({"-s", "lint", "--", "-x", "typing"}).queue, (std::vector<std::string>{"lint"}));
}

TEST_F(DiscoveryTest, NotifyTargetsResolveAsNoxDoes) {
  WriteNoxfile(std::string(kMatrixNoxfile) + R"(
@nox.session(venv_backend="none")
def cover(session):
    session.notify("tests")                # nox queues the first session named tests
    session.notify(target="typing-3.11", posargs=[])
    session.notify(f"dynamic-{session.python}")  # unknowable: ignored
    session.notify("no-such-session")      # nox would raise at run time: ignored
)");
  Project project = RunOk();
  EXPECT_EQ(project.Find("cover")->notifies,
            (std::vector<std::string>{"tests-3.10(kind='unit')", "typing"}));
  EXPECT_TRUE(project.Find("lint")->notifies.empty());
}

TEST_F(DiscoveryTest, StdoutOfTheNoxfileGoesToStderr) {
  WriteNoxfile(std::string("import os, subprocess\nprint('hello from print')\n"
                           "subprocess.run(['echo', 'hello from a child'])\n") +
               kMatrixNoxfile);
  RunOk({"-s", "lint"});
  EXPECT_NE(stderr_.find("hello from print"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("hello from a child"), std::string::npos) << stderr_;
}

TEST_F(DiscoveryTest, UnknownSessionIsNoxsErrorAndExitCode) {
  WriteNoxfile(kMatrixNoxfile);
  DiscoveryFailure failure = RunFailing({"-s", "lint", "nope"});
  EXPECT_EQ(failure.exit_code, kExitUnknownSession);
  EXPECT_NE(stderr_.find("Sessions not found: nope"), std::string::npos) << stderr_;
  EXPECT_NE(failure.message.find("parnox list"), std::string::npos) << failure.message;
}

TEST_F(DiscoveryTest, UnknownTagIsExitThree) {
  WriteNoxfile(kMatrixNoxfile);
  EXPECT_EQ(RunFailing({"-t", "nope"}).exit_code, kExitUnknownSession);
  EXPECT_NE(stderr_.find("Tag selection caused no sessions to be selected"), std::string::npos)
      << stderr_;
}

TEST_F(DiscoveryTest, RaisingNoxfileShowsNoxsTraceback) {
  WriteNoxfile("import nox\n\ndef helper():\n    raise RuntimeError('boom')\n\nhelper()\n");
  DiscoveryFailure failure = RunFailing();
  // nox exits 1 (Python's code for an uncaught exception), but no session failed: for
  // parnox a noxfile that does not load is bad configuration.
  EXPECT_EQ(failure.exit_code, kExitUsage);
  EXPECT_NE(stderr_.find("RuntimeError: boom"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find((dir_ / "noxfile.py").string() + "\", line 4"), std::string::npos)
      << stderr_;
  EXPECT_EQ(stderr_.find("<string>"), std::string::npos) << "helper frames leak:\n" << stderr_;
  EXPECT_NE(failure.message.find("traceback"), std::string::npos) << failure.message;
}

TEST_F(DiscoveryTest, MissingNoxfileIsExitTwo) {
  DiscoveryFailure failure = RunFailing();
  EXPECT_EQ(failure.exit_code, kExitUsage);
  EXPECT_NE(stderr_.find("no such file exists"), std::string::npos) << stderr_;
}

TEST_F(DiscoveryTest, BadArgumentIsArgparsesExitTwo) {
  WriteNoxfile(kMatrixNoxfile);
  EXPECT_EQ(RunFailing({"--no-such-option"}).exit_code, kExitUsage);
  EXPECT_NE(stderr_.find("unrecognized arguments: --no-such-option"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("usage: nox"), std::string::npos) << stderr_;
}

TEST_F(DiscoveryTest, VersionIsASuccessWithNothingToRun) {
  WriteNoxfile(kMatrixNoxfile);
  DiscoveryFailure failure = RunFailing({"--version"});
  EXPECT_EQ(failure.exit_code, 0);
  EXPECT_FALSE(stderr_.empty());
}

TEST_F(DiscoveryTest, ACommandThatIsNoNoxIsSaidSo) {
  WriteNoxfile(kMatrixNoxfile);
  nox_.argv = {"/usr/bin/python3", "-I", "-S", "-m", "nox"};  // no site-packages: no nox
  DiscoveryFailure failure = RunFailing();
  EXPECT_EQ(failure.exit_code, kExitUsage);
  EXPECT_NE(stderr_.find("No module named nox"), std::string::npos) << stderr_;
  EXPECT_NE(failure.message.find("did not load parnox's helper"), std::string::npos)
      << failure.message;
  EXPECT_NE(failure.message.find("a command that runs nox"), std::string::npos) << failure.message;
}

TEST_F(DiscoveryTest, ACommandThatCannotStart) {
  nox_.argv = {"/nonexistent/python"};
  DiscoveryFailure failure = RunFailing();
  EXPECT_EQ(failure.exit_code, kExitUsage);
  EXPECT_NE(failure.message.find("/nonexistent/python"), std::string::npos) << failure.message;
}

TEST_F(DiscoveryTest, TheListComesThroughTheCommandItself) {
  // A wrapper that sets up what its nox needs: the sessions' nox sees it, so the list must.
  WriteNoxfile(
      "import os, nox\n"
      "@nox.session(venv_backend='none')\ndef always(session): pass\n"
      "if os.environ.get('WRAPPED'):\n"
      "    @nox.session(venv_backend='none')\n    def wrapped(session): pass\n");
  UseNoxScript(fmt::format("#!/bin/sh\nWRAPPED=1 exec {} \"$@\"\n", fmt::join(nox_.argv, " ")));
  Project project = RunOk();
  EXPECT_EQ(project.queue, (std::vector<std::string>{"always", "wrapped"}));
}

TEST_F(DiscoveryTest, APythonRunningANoxScriptIsNox) {
  // `python3 path/to/nox`, as a pip entry point or a checkout's script is run.
  std::ofstream(dir_ / "nox-script") << "import sys\nfrom nox.__main__ import main\n"
                                        "sys.exit(main())\n";
  if (nox_.argv.size() != 3 || nox_.argv[1] != "-m") GTEST_SKIP() << "needs a 'PYTHON -m nox'";
  nox_.argv = {nox_.argv[0], (dir_ / "nox-script").string()};
  EXPECT_EQ(Probe().queue, (std::vector<std::string>{"a"}));
}

TEST_F(DiscoveryTest, OldNoxHasNoRequiresOrParallelFlag) {
  Project project = Probe();
  if (project.nox_has_requires) {
    GTEST_SKIP() << "nox " << project.nox_version
                 << " has requires=: this test is for a nox without it (before 2025.02)";
  }
  EXPECT_FALSE(project.Find("a")->allow_parallel.has_value());
  EXPECT_TRUE(project.Find("a")->requires_.empty());
  EXPECT_TRUE(project.Find("a")->is_default);
}

TEST_F(DiscoveryTest, RequiresChainsAndDefaultFalse) {
  if (std::string why = WhyNoRequires(); !why.empty()) GTEST_SKIP() << why;
  WriteNoxfile(R"(
import nox

@nox.session(venv_backend="none")
def build(session):
    pass

@nox.session(python=["3.10", "3.11"], requires=["build"])
def tests(session):
    pass

@nox.session(venv_backend="none", requires=["tests"], default=False)
def cover(session):
    pass
)");
  Project project = RunOk();
  EXPECT_TRUE(project.nox_has_requires);
  EXPECT_FALSE(project.Find("cover")->is_default);
  EXPECT_FALSE(project.Find("cover")->selected);
  EXPECT_EQ(project.Find("cover")->requires_,
            (std::vector<std::string>{"tests-3.10", "tests-3.11"}));
  EXPECT_EQ(project.Find("tests-3.11")->requires_, (std::vector<std::string>{"build"}));
  EXPECT_EQ(project.queue, (std::vector<std::string>{"build", "tests-3.10", "tests-3.11"}));

  EXPECT_EQ(RunOk({"-s", "cover"}).queue,
            (std::vector<std::string>{"build", "tests-3.10", "tests-3.11", "cover"}));
  // --no-dependencies came in nox 2026.08, after requires=: the helper's probe must agree
  // with what nox's own parser accepts.
  if (project.nox_has_no_dependencies) {
    EXPECT_EQ(RunOk({"-s", "cover", "--no-dependencies"}).queue,
              (std::vector<std::string>{"cover"}));
  } else {
    EXPECT_EQ(RunFailing({"-s", "cover", "--no-dependencies"}).exit_code, kExitUsage);
    EXPECT_NE(stderr_.find("unrecognized arguments: --no-dependencies"), std::string::npos)
        << stderr_;
  }
}

TEST_F(DiscoveryTest, OnlyAnExplicitAllowParallelCounts) {
  if (std::string why = WhyNoAllowParallel(); !why.empty()) GTEST_SKIP() << why;
  WriteNoxfile(
      "import nox\n"
      "@nox.session(venv_backend='none')\ndef unset(session): pass\n"
      "@nox.session(venv_backend='none', allow_parallel=False)\ndef alone(session): pass\n"
      "@nox.session(venv_backend='none', allow_parallel=True)\ndef along(session): pass\n");
  // nox's own --allow-parallel default must not turn "unset" into an answer.
  Project project = RunOk({"--allow-parallel"});
  EXPECT_FALSE(project.Find("unset")->allow_parallel.has_value());
  EXPECT_EQ(project.Find("alone")->allow_parallel, std::optional<bool>(false));
  EXPECT_EQ(project.Find("along")->allow_parallel, std::optional<bool>(true));
}

TEST_F(DiscoveryTest, MissingRequirementIsExitThree) {
  if (std::string why = WhyNoRequires(); !why.empty()) GTEST_SKIP() << why;
  WriteNoxfile(
      "import nox\n@nox.session(venv_backend='none', requires=['gone'])\n"
      "def a(session): pass\n");
  EXPECT_EQ(RunFailing().exit_code, kExitUnknownSession);
  EXPECT_NE(stderr_.find("Session not found: gone"), std::string::npos) << stderr_;
}

const char kMinimalDocument[] = R"({
  "nox_version": "2022.11.21", "noxfile": "/p/noxfile.py", "root": "/p",
  "nox_has_requires": false,
  "nox_has_no_dependencies": false, "nox_has_parallel": false,
  "sessions": [{"signature": "a", "name": "a", "signatures": ["a"], "tags": [],
                "python": null, "venv_backend": "none", "envdir": "/p/.nox/a",
                "requires": [], "notifies": [], "allow_parallel": null,
                "default": true, "selected": true}],
  "queue": ["a"]})";

TEST(ParseDiscoveryTest, MinimalDocument) {
  Project project = ParseDiscovery(kMinimalDocument);
  ASSERT_EQ(project.sessions.size(), 1u);
  EXPECT_EQ(project.sessions[0].python, "");
  EXPECT_FALSE(project.sessions[0].allow_parallel.has_value());
  EXPECT_EQ(project.Find("a"), &project.sessions[0]);
  EXPECT_EQ(project.Find("b"), nullptr);
}

std::string ErrorOf(const std::string& text) {
  try {
    ParseDiscovery(text);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "(no error)";
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(ParseDiscoveryTest, MalformedInputSaysWhatIsWrong) {
  EXPECT_NE(ErrorOf("").find("not JSON"), std::string::npos);
  EXPECT_NE(ErrorOf("nox > hello\n{}").find("not JSON"), std::string::npos);
  EXPECT_NE(ErrorOf("[]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(ErrorOf("{}").find("has no \"nox_version\""), std::string::npos);
  EXPECT_NE(ErrorOf(Replace(kMinimalDocument, "\"tags\": []", "\"tags\": [1]"))
                .find("sessions[0].tags is not a list of strings"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Replace(kMinimalDocument, "\"default\": true", "\"default\": 1"))
                .find("sessions[0].default is not true or false"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Replace(kMinimalDocument, "\"envdir\": \"/p/.nox/a\",", ""))
                .find("sessions[0] has no \"envdir\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(Replace(kMinimalDocument, "\"queue\": [\"a\"]", "\"queue\": [\"b\"]"))
                .find("queue names \"b\", which is not a session"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Replace(kMinimalDocument, "\"requires\": []", "\"requires\": [\"x\"]"))
                .find("a.requires names \"x\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(Replace(kMinimalDocument, "\"sessions\": [", "\"sessions\": [3, "))
                .find("sessions[0] is not an object"),
            std::string::npos);
}

}  // namespace
