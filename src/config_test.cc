#include "config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace std::chrono_literals;

namespace {

/// Parses pyproject.toml text and returns the errors alone.
std::vector<std::string> PyprojectErrors(const std::string& text) {
  std::vector<std::string> errors;
  ParseConfig(text, "pyproject.toml", true, &errors);
  return errors;
}

/// A scratch project directory, removed with everything in it.
class ConfigDir {
 public:
  ConfigDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parnox-config-XXXXXX");
    path_ = mkdtemp(pattern.data());
  }
  ~ConfigDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ + "/" + name) << text;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST(ParseConfigTest, ReadsEveryKey) {
  std::vector<std::string> errors;
  Config config = ParseConfig(R"toml([project]
name = "demo"

[tool.parnox]
jobs = 4
after = { coverage_report = ["tests*", "lint"], docs = "build" }
exclusive = ["docs", "tests(kind='slow')"]
cpus = { "tests*" = 2, "tests(kind='unit')" = 3 }
timeout = { "tests*" = "15m", lint = 90, docs = 0.5 }
ignore = ["build/**", "*.log"]
)toml",
                              "pyproject.toml", true, &errors);
  ASSERT_EQ(errors, std::vector<std::string>{});
  EXPECT_EQ(config.file, "pyproject.toml");
  EXPECT_EQ(config.jobs, 4);

  ASSERT_EQ(config.after.size(), 2u);
  EXPECT_EQ(config.after[0].first.glob, "coverage_report");
  EXPECT_EQ(config.after[0].first.where.line, 6);
  EXPECT_EQ(config.after[0].first.where.file, "pyproject.toml");
  ASSERT_EQ(config.after[0].second.size(), 2u);
  EXPECT_EQ(config.after[0].second[0].glob, "tests*");
  EXPECT_EQ(config.after[0].second[1].glob, "lint");
  EXPECT_EQ(config.after[0].second[1].where.line, 6);
  EXPECT_EQ(config.after[1].first.glob, "docs");
  ASSERT_EQ(config.after[1].second.size(), 1u);
  EXPECT_EQ(config.after[1].second[0].glob, "build");

  ASSERT_EQ(config.exclusive.size(), 2u);
  EXPECT_EQ(config.exclusive[1].glob, "tests(kind='slow')");
  EXPECT_EQ(config.exclusive[1].where.line, 7);

  ASSERT_EQ(config.cpus.size(), 2u);
  EXPECT_EQ(config.cpus[0].first.glob, "tests*");
  EXPECT_EQ(config.cpus[0].second, 2);
  EXPECT_EQ(config.cpus[1].first.glob, "tests(kind='unit')");
  EXPECT_EQ(config.cpus[1].second, 3);

  ASSERT_EQ(config.timeout.size(), 3u);
  EXPECT_EQ(config.timeout[0].first.glob, "tests*");
  EXPECT_EQ(config.timeout[0].second, 15min);
  EXPECT_EQ(config.timeout[1].first.glob, "lint");
  EXPECT_EQ(config.timeout[1].second, 90s);
  EXPECT_EQ(config.timeout[2].second, 500ms);

  EXPECT_EQ(config.ignore, (std::vector<std::string>{"build/**", "*.log"}));
}

TEST(ParseConfigTest, JobsAuto) {
  std::vector<std::string> errors;
  Config config = ParseConfig("[tool.parnox]\njobs = \"auto\"\n", "pyproject.toml", true, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(config.jobs, 0);
}

TEST(ParseConfigTest, SubTablesKeepTheLineOfEachPattern) {
  std::vector<std::string> errors;
  Config config = ParseConfig(R"toml([tool.parnox.after]
coverage = [
  "tests*",
  "typecheck",
]
"docs(format='html')" = "lint"
)toml",
                              "pyproject.toml", true, &errors);
  ASSERT_TRUE(errors.empty()) << errors[0];
  ASSERT_EQ(config.after.size(), 2u);
  EXPECT_EQ(config.after[0].first.where.line, 2);
  EXPECT_EQ(config.after[0].second[0].where.line, 3);
  EXPECT_EQ(config.after[0].second[1].where.line, 4);
  EXPECT_EQ(config.after[1].first.glob, "docs(format='html')");
  EXPECT_EQ(config.after[1].first.where.line, 6);
}

TEST(ParseConfigTest, PyprojectWithoutToolParnoxIsEmpty) {
  std::vector<std::string> errors;
  Config config = ParseConfig("[project]\nname = \"x\"\n[tool.black]\nline-length = 99\n",
                              "pyproject.toml", true, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(config.file.empty());
  EXPECT_FALSE(config.jobs);
  EXPECT_TRUE(config.after.empty());
}

TEST(ParseConfigTest, ParnoxTomlKeysAtTopLevel) {
  std::vector<std::string> errors;
  Config config = ParseConfig("jobs = 2\nexclusive = [\"docs\"]\n", "parnox.toml", false, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(config.file, "parnox.toml");
  EXPECT_EQ(config.jobs, 2);
  ASSERT_EQ(config.exclusive.size(), 1u);
}

TEST(ParseConfigTest, SyntaxError) {
  auto errors = PyprojectErrors("[tool.parnox]\njobs = 2\n\njobs = = 3\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("pyproject.toml:4: TOML syntax error: ")) << errors[0];
  EXPECT_TRUE(errors[0].ends_with("; fix the file's syntax")) << errors[0];
}

TEST(ParseConfigTest, UnknownKeySuggestsTheClosest) {
  auto errors = PyprojectErrors("[tool.parnox]\njobs = 2\naftr = {}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "pyproject.toml:3: unknown key 'aftr' in [tool.parnox]; did you mean 'after'? "
            "Known keys: jobs, after, exclusive, independent, cpus, timeout, ignore, artifacts");
}

TEST(ParseConfigTest, UnknownKeyFarFromAnyKnownOne) {
  std::vector<std::string> errors;
  ParseConfig("\n\nparallelism = 3\n", "proj/parnox.toml", false, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "proj/parnox.toml:3: unknown key 'parallelism' in proj/parnox.toml; known keys: "
            "jobs, after, exclusive, independent, cpus, timeout, ignore, artifacts");
}

TEST(ParseConfigTest, WrongTypes) {
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\njobs = [2]\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] jobs must be a positive "
                                     "integer or \"auto\", not an array"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\njobs = 0\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] jobs must be a positive "
                                     "integer or \"auto\", not 0"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\njobs = \"many\"\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] jobs must be a positive "
                                     "integer or \"auto\", not \"many\""});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\n\nexclusive = \"docs\"\n"),
            std::vector<std::string>{"pyproject.toml:3: [tool.parnox] exclusive must be an array "
                                     "of session patterns, like exclusive = [\"docs\"], not a "
                                     "string"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\ncpus = { \"tests*\" = 1.5 }\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] cpus.\"tests*\" must be a "
                                     "positive integer (worker slots), not a floating-point "
                                     "number"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\ncpus = [1]\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] cpus must be a table of "
                                     "session patterns to worker slots (cpus = { \"tests*\" = 2 "
                                     "}), not an array"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\nafter = { cover = 3 }\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] after.cover must be a "
                                     "session pattern or an array of session patterns, not an "
                                     "integer"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\nafter = { cover = [\"a\",\n 1] }\n"),
            std::vector<std::string>{"pyproject.toml:3: [tool.parnox] after.cover must hold "
                                     "session patterns (strings), not an integer"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\nignore = [\"a\", true]\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] ignore must hold path "
                                     "globs (strings), not a boolean"});
  EXPECT_EQ(PyprojectErrors("[tool]\nparnox = 1\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] must be a table, not an "
                                     "integer; write its keys under a [tool.parnox] header"});
}

TEST(ParseConfigTest, EmptyPatterns) {
  auto errors = PyprojectErrors("[tool.parnox]\nexclusive = [\"\"]\ncpus = { \"\" = 2 }\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(
      errors[0].starts_with("pyproject.toml:2: [tool.parnox] exclusive has an empty "
                            "session pattern"))
      << errors[0];
  EXPECT_TRUE(
      errors[1].starts_with("pyproject.toml:3: [tool.parnox] cpus has an empty "
                            "session pattern as a key"))
      << errors[1];
}

TEST(ParseConfigTest, BadDurations) {
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\ntimeout = { \"tests*\" = \"15 m\" }\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] timeout.\"tests*\" must be "
                                     "a duration like \"90s\", \"15m\", \"1h30m\", \"500ms\", or a "
                                     "number of seconds, not \"15 m\""});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\ntimeout = { lint = -5 }\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] timeout.lint must be a "
                                     "duration like \"90s\", \"15m\", \"1h30m\", \"500ms\", or a "
                                     "number of seconds, not -5"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\ntimeout = { lint = \"0s\" }\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] timeout.lint must be "
                                     "longer than zero; remove it for no limit"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\ntimeout = { lint = [] }\n").size(), 1u);
}

TEST(ParseConfigTest, ReportsEveryProblemTogether) {
  auto errors = PyprojectErrors(R"toml([tool.parnox]
jobs = -1
exclsive = ["docs"]
cpus = { tests = 0 }
timeout = { tests = "1x" }
ignore = "build"
)toml");
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_TRUE(errors[0].starts_with("pyproject.toml:2: [tool.parnox] jobs ")) << errors[0];
  EXPECT_TRUE(
      errors[1].starts_with("pyproject.toml:3: unknown key 'exclsive' in [tool.parnox]; "
                            "did you mean 'exclusive'?"))
      << errors[1];
  EXPECT_TRUE(errors[2].starts_with("pyproject.toml:4: [tool.parnox] cpus.tests ")) << errors[2];
  EXPECT_TRUE(errors[3].starts_with("pyproject.toml:5: [tool.parnox] timeout.tests ")) << errors[3];
  EXPECT_TRUE(errors[4].starts_with("pyproject.toml:6: [tool.parnox] ignore ")) << errors[4];
}

TEST(ParseDurationTest, AcceptsUnitsLargestFirst) {
  EXPECT_EQ(ParseDuration("90s"), 90s);
  EXPECT_EQ(ParseDuration("15m"), 15min);
  EXPECT_EQ(ParseDuration("1h"), 1h);
  EXPECT_EQ(ParseDuration("1h30m"), 90min);
  EXPECT_EQ(ParseDuration("500ms"), 500ms);
  EXPECT_EQ(ParseDuration("2m5s250ms"), 125250ms);
  EXPECT_EQ(ParseDuration("0s"), 0ms);
}

TEST(ParseDurationTest, RejectsAnythingElse) {
  for (const char* bad : {"", "15", "x", "-1s", "15 m", " 15m", "15m ", "1.5h", "30m1h", "1m1m",
                          "1ms5s", "h", "1hh", "15M", "1234567890s", "+5s"})
    EXPECT_EQ(ParseDuration(bad), std::nullopt) << bad;
}

TEST(PatternMatchesTest, NamesAndSignatures) {
  EXPECT_TRUE(PatternMatches("tests*", "tests", {"tests-3.11", "tests-3.12"}));
  EXPECT_TRUE(PatternMatches("tests-3.11", "tests", {"tests-3.11", "tests-3.12"}));
  EXPECT_FALSE(PatternMatches("tests-3.10", "tests", {"tests-3.11", "tests-3.12"}));
  EXPECT_TRUE(PatternMatches("tests*", "tests(kind='unit')", {}));
  EXPECT_TRUE(PatternMatches("tests(kind=*)", "tests", {"tests(kind='unit')"}));
  EXPECT_TRUE(PatternMatches("lint", "lint", {}));
  EXPECT_FALSE(PatternMatches("lint", "lint-fix", {}));
  EXPECT_TRUE(PatternMatches("docs?", "docs2", {}));
  EXPECT_TRUE(PatternMatches("[lt]*", "typecheck", {}));
}

TEST(LoadConfigTest, ParnoxTomlWinsOverPyproject) {
  ConfigDir dir;
  dir.Write("pyproject.toml", "[tool.parnox]\njobs = 3\n");
  dir.Write("parnox.toml", "jobs = 5\n");
  std::vector<std::string> errors;
  Config config = LoadConfig(dir.path(), &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(config.jobs, 5);
  EXPECT_EQ(config.file, dir.path() + "/parnox.toml");
}

TEST(LoadConfigTest, PyprojectErrorsNameThePathGiven) {
  ConfigDir dir;
  dir.Write("pyproject.toml", "[tool.parnox]\njobs = 3\nafter = 1\n");
  std::vector<std::string> errors;
  Config config = LoadConfig(dir.path(), &errors);
  EXPECT_EQ(config.file, dir.path() + "/pyproject.toml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with(dir.path() + "/pyproject.toml:3: [tool.parnox] after "))
      << errors[0];
}

TEST(LoadConfigTest, NoFilesIsEmpty) {
  ConfigDir dir;
  std::vector<std::string> errors;
  Config config = LoadConfig(dir.path(), &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(config.file.empty());
}

TEST(LoadConfigTest, UnreadableFileIsAnError) {
  ConfigDir dir;
  std::filesystem::create_directory(dir.path() + "/pyproject.toml");
  std::vector<std::string> errors;
  LoadConfig(dir.path(), &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with(dir.path() + "/pyproject.toml: cannot read it: ")) << errors[0];
}

TEST(ParseConfigTest, Artifacts) {
  std::vector<std::string> errors;
  Config config = ParseConfig(R"toml([tool.parnox]
after = { coverage_report = ["tests*"] }
artifacts = { "tests*" = [".coverage.*", "reports/junit-*.xml", "a/..b/c..", "..."], docs = [] }
)toml",
                              "pyproject.toml", true, &errors);
  ASSERT_EQ(errors, std::vector<std::string>{});
  ASSERT_EQ(config.artifacts.size(), 2u);
  EXPECT_EQ(config.artifacts[0].first.glob, "tests*");
  EXPECT_EQ(config.artifacts[0].first.where.file, "pyproject.toml");
  EXPECT_EQ(config.artifacts[0].first.where.line, 3);
  EXPECT_EQ(config.artifacts[0].second,
            (std::vector<std::string>{".coverage.*", "reports/junit-*.xml", "a/..b/c..", "..."}));
  EXPECT_EQ(config.artifacts[1].first.glob, "docs");
  EXPECT_EQ(config.artifacts[1].second, std::vector<std::string>{});
}

TEST(ParseConfigTest, ArtifactsSubTable) {
  std::vector<std::string> errors;
  Config config = ParseConfig(R"toml([tool.parnox.artifacts]
"tests*" = [
  ".coverage.*",
]
docs = ["site/**"]
)toml",
                              "pyproject.toml", true, &errors);
  ASSERT_EQ(errors, std::vector<std::string>{});
  ASSERT_EQ(config.artifacts.size(), 2u);
  EXPECT_EQ(config.artifacts[0].first.where.line, 2);
  EXPECT_EQ(config.artifacts[1].first.glob, "docs");
  EXPECT_EQ(config.artifacts[1].first.where.line, 5);
  EXPECT_EQ(config.artifacts[1].second, std::vector<std::string>{"site/**"});

  config = ParseConfig("artifacts = { lint = [\"lint.log\"] }\n", "parnox.toml", false, &errors);
  ASSERT_EQ(errors, std::vector<std::string>{});
  ASSERT_EQ(config.artifacts.size(), 1u);
  EXPECT_EQ(config.artifacts[0].first.where.file, "parnox.toml");
}

TEST(ParseConfigTest, ArtifactsNotATable) {
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\n\nartifacts = [\".coverage.*\"]\n"),
            std::vector<std::string>{"pyproject.toml:3: [tool.parnox] artifacts must be a table "
                                     "of session patterns to the path globs they leave for later "
                                     "sessions (artifacts = { \"tests*\" = [\".coverage.*\"] }), "
                                     "not an array"});
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\nartifacts = \".coverage.*\"\n").size(), 1u);
}

TEST(ParseConfigTest, ArtifactsNotAnArray) {
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\nartifacts = { \"tests*\" = \".coverage.*\" }\n"),
            std::vector<std::string>{"pyproject.toml:2: [tool.parnox] artifacts.\"tests*\" must be "
                                     "an array of path globs, like [\".coverage.*\"], not a "
                                     "string"});
  auto errors = PyprojectErrors("[tool.parnox.artifacts]\nlint = 1\n\ndocs = { html = 1 }\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_TRUE(
      errors[0].starts_with("pyproject.toml:2: [tool.parnox] artifacts.lint must be an "
                            "array of path globs"))
      << errors[0];
  EXPECT_TRUE(errors[0].ends_with("not an integer")) << errors[0];
  EXPECT_TRUE(
      errors[1].starts_with("pyproject.toml:4: [tool.parnox] artifacts.docs must be an "
                            "array of path globs"))
      << errors[1];
}

TEST(ParseConfigTest, ArtifactsOfOtherTypes) {
  EXPECT_EQ(PyprojectErrors("[tool.parnox]\nartifacts = { tests = [\".coverage.*\",\n 1] }\n"),
            std::vector<std::string>{"pyproject.toml:3: [tool.parnox] artifacts.tests must hold "
                                     "path globs relative to the project and inside it, like "
                                     "\".coverage.*\", not 1"});
  auto errors = PyprojectErrors("[tool.parnox]\nartifacts = { tests = [true, [\"x\"], \"\"] }\n");
  ASSERT_EQ(errors.size(), 3u);
  for (const std::string& e : errors)
    EXPECT_TRUE(
        e.starts_with("pyproject.toml:2: [tool.parnox] artifacts.tests must hold path "
                      "globs"))
        << e;
  // One bad glob drops the entry: a half-read list would carry too few files.
  std::vector<std::string> ignored;
  Config config = ParseConfig("[tool.parnox]\nartifacts = { tests = [\".coverage.*\", 1] }\n",
                              "pyproject.toml", true, &ignored);
  EXPECT_TRUE(config.artifacts.empty());
}

TEST(ParseConfigTest, ArtifactsOutsideTheProject) {
  for (const char* bad : {"/tmp/.coverage.*", "/", "..", "../shared/.coverage.*", "reports/../../x",
                          "a/..", "a/../b"}) {
    SCOPED_TRACE(bad);
    std::string text =
        std::string("[tool.parnox]\n\n\nartifacts = { tests = [\"") + bad + "\"] }\n";
    EXPECT_EQ(PyprojectErrors(text),
              std::vector<std::string>{std::string("pyproject.toml:4: [tool.parnox] "
                                                   "artifacts.tests must hold path globs "
                                                   "relative to the project and inside it, like "
                                                   "\".coverage.*\", not \"") +
                                       bad + "\""});
  }
}

TEST(LoadConfigTest, ArtifactErrorsNameThePathGiven) {
  ConfigDir dir;
  dir.Write("pyproject.toml", "[tool.parnox]\njobs = 3\nartifacts = { tests = [\"../x\"] }\n");
  std::vector<std::string> errors;
  LoadConfig(dir.path(), &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with(dir.path() + "/pyproject.toml:3: [tool.parnox] "
                                                 "artifacts.tests "))
      << errors[0];
}

TEST(ConfigTest, IndependentSessionsAreAListOfPatterns) {
  std::vector<std::string> errors;
  Config config =
      ParseConfig("independent = [\"lint\", \"format*\"]\n", "parnox.toml", false, &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(config.independent.size(), 2u);
  EXPECT_EQ(config.independent[1].glob, "format*");
  ParseConfig("independent = \"lint\"\n", "parnox.toml", false, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("parnox.toml:1: independent must be an array of session patterns"),
            std::string::npos)
      << errors[0];
}

// Debian 12's toml++ marked this path unreachable (tomlplusplus.h): an "é" where the parser
// looks for white space, here inside a bare key, is an error with its line, not undefined
// behaviour (the sanitizers' build stops at it otherwise).
TEST(ConfigTest, ANonAsciiLetterInABareKeyIsAnError) {
  std::vector<std::string> errors;
  ParseConfig("jobs = 2\ntimeout\xc3\xa9 = \"5m\"\n", "parnox.toml", false, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].starts_with("parnox.toml:2")) << errors[0];
}
