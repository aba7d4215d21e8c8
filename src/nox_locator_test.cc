#include "nox_locator.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

/// Sets (or unsets, with nullopt) an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class NoxLocatorTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/parnox-locator-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Writes an executable file `name` in the temp dir and returns its path.
  std::string WriteScript(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::string path = dir_ / name;
    std::ofstream(path) << text;
    chmod(path.c_str(), 0755);
    return path;
  }

  fs::path dir_;
  ScopedEnv no_env_{"PARNOX_NOX", std::nullopt};
};

TEST(SplitCommandTest, Words) {
  EXPECT_EQ(SplitCommand("python3 -m nox"), (std::vector<std::string>{"python3", "-m", "nox"}));
  EXPECT_EQ(SplitCommand("  a \t b\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitCommand("").empty());
  EXPECT_TRUE(SplitCommand("   ").empty());
}

TEST(SplitCommandTest, Quotes) {
  EXPECT_EQ(SplitCommand("'/opt/my python/bin/python' -m nox"),
            (std::vector<std::string>{"/opt/my python/bin/python", "-m", "nox"}));
  EXPECT_EQ(SplitCommand(R"("a \"b\" \\ $x" 'c\d')"),
            (std::vector<std::string>{R"(a "b" \ $x)", R"(c\d)"}));
  EXPECT_EQ(SplitCommand("pre'quoted part'post"), (std::vector<std::string>{"prequoted partpost"}));
  EXPECT_EQ(SplitCommand("a '' b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(SplitCommand(R"(a\ b)"), (std::vector<std::string>{"a b"}));
}

TEST_F(NoxLocatorTest, FlagWinsAndNamesItsPython) {
  ScopedEnv env("PARNOX_NOX", "/usr/bin/python3 -m nox --from-env");
  std::string error;
  std::optional<NoxCommand> nox = LocateNox("/usr/bin/python3 -X dev -m nox", &error);
  ASSERT_TRUE(nox) << error;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"/usr/bin/python3", "-X", "dev", "-m", "nox"}));
  EXPECT_EQ(nox->python, (std::vector<std::string>{"/usr/bin/python3", "-X", "dev"}));
  EXPECT_EQ(nox->origin, "--nox");
}

TEST_F(NoxLocatorTest, EnvironmentVariable) {
  ScopedEnv env("PARNOX_NOX", "/usr/bin/python3 -m nox");
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(std::nullopt, &error);
  ASSERT_TRUE(nox) << error;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"/usr/bin/python3", "-m", "nox"}));
  EXPECT_EQ(nox->python, (std::vector<std::string>{"/usr/bin/python3"}));
  EXPECT_EQ(nox->origin, "$PARNOX_NOX");
}

TEST_F(NoxLocatorTest, FlagNamingAScriptUsesItsShebang) {
  std::string script = WriteScript("venv/bin/nox", "#!/usr/bin/env python3\nimport nox\n");
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(script, &error);
  ASSERT_TRUE(nox) << error;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{script}));
  EXPECT_EQ(nox->python, (std::vector<std::string>{"/usr/bin/env", "python3"}));
}

TEST_F(NoxLocatorTest, FlagThatCannotWorkSaysWhy) {
  std::string error;
  EXPECT_FALSE(LocateNox("/nonexistent/nox", &error));
  EXPECT_NE(error.find("cannot find '/nonexistent/nox'"), std::string::npos) << error;
  EXPECT_FALSE(LocateNox("  ", &error));
  EXPECT_NE(error.find("--nox is empty"), std::string::npos) << error;
  std::string wrapper = WriteScript("wrapper", "#!/bin/sh\nexec nox \"$@\"\n");
  EXPECT_FALSE(LocateNox(wrapper, &error));
  EXPECT_NE(error.find("cannot tell which Python"), std::string::npos) << error;
  EXPECT_NE(error.find("PYTHON -m nox"), std::string::npos) << error;
}

TEST_F(NoxLocatorTest, NoxOnPathRunsOnItsShebangPython) {
  WriteScript("bin/nox", "#!/opt/py/bin/python3.12 -I\nimport nox\n");
  ScopedEnv path("PATH", (dir_ / "bin").string() + ":/usr/bin:/bin");
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(std::nullopt, &error);
  ASSERT_TRUE(nox) << error;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{(dir_ / "bin/nox").string()}));
  EXPECT_EQ(nox->python, (std::vector<std::string>{"/opt/py/bin/python3.12", "-I"}));
  EXPECT_EQ(nox->origin, "PATH");
}

TEST_F(NoxLocatorTest, PipLauncherForLongInterpreterPaths) {
  WriteScript("bin/nox",
              "#!/bin/sh\n'''exec' \"/a very/long/venv/bin/python\" \"$0\" \"$@\"\n' '''\n");
  ScopedEnv path("PATH", (dir_ / "bin").string());
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(std::nullopt, &error);
  ASSERT_TRUE(nox) << error;
  EXPECT_EQ(nox->python, (std::vector<std::string>{"/a very/long/venv/bin/python"}));
}

TEST_F(NoxLocatorTest, FallsBackToAPython3ThatHasNox) {
  // A python3 first on PATH without nox (as pyenv's here), then Debian's, which has it.
  WriteScript("bin/python3", "#!/bin/sh\nexit 1\n");
  ScopedEnv path("PATH", (dir_ / "bin").string() + ":/usr/bin:/bin");
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(std::nullopt, &error);
  ASSERT_TRUE(nox) << error;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"/usr/bin/python3", "-m", "nox"}));
  EXPECT_EQ(nox->python, (std::vector<std::string>{"/usr/bin/python3"}));
  EXPECT_EQ(nox->origin, "python3 -m nox");
}

TEST_F(NoxLocatorTest, NothingFoundNamesWhatWasTriedAndTheFix) {
  WriteScript("bin/python3", "#!/bin/sh\nexit 1\n");
  ScopedEnv path("PATH", (dir_ / "bin").string());
  // /usr/bin/python3 is always tried last and has nox here: a PYTHONHOME that does not
  // exist stops it from starting. Its complaint about that goes to /dev/null.
  ScopedEnv home("PYTHONHOME", dir_.string());
  int saved_stderr = dup(2);
  int null_fd = open("/dev/null", O_WRONLY);
  dup2(null_fd, 2);
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(std::nullopt, &error);
  dup2(saved_stderr, 2);
  close(saved_stderr);
  close(null_fd);
  EXPECT_FALSE(nox);
  EXPECT_NE(error.find("apt-get install python3-nox"), std::string::npos) << error;
  EXPECT_NE(error.find("--nox"), std::string::npos) << error;
  EXPECT_NE(error.find("PARNOX_NOX"), std::string::npos) << error;
  EXPECT_NE(error.find("`nox` on PATH (none)"), std::string::npos) << error;
  EXPECT_NE(error.find((dir_ / "bin/python3").string() + " -m nox"), std::string::npos) << error;
  EXPECT_NE(error.find("/usr/bin/python3 -m nox"), std::string::npos) << error;
}

}  // namespace
