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

  /// Locates nox in an environment of `entries` alone.
  std::optional<NoxCommand> Locate(const std::optional<std::string>& flag,
                                   std::vector<std::string> entries = {"PATH=/usr/bin:/bin"}) {
    return LocateNox(flag, Environment(std::move(entries)), &error_);
  }

  fs::path dir_;
  std::string error_;
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

TEST_F(NoxLocatorTest, FlagWins) {
  std::optional<NoxCommand> nox = Locate("/usr/bin/python3 -X dev -m nox",
                                         {"PATH=/usr/bin", "PARNOX_NOX=/usr/bin/python3 -m nox"});
  ASSERT_TRUE(nox) << error_;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"/usr/bin/python3", "-X", "dev", "-m", "nox"}));
  EXPECT_EQ(nox->origin, "--nox");
}

TEST_F(NoxLocatorTest, EnvironmentVariable) {
  std::optional<NoxCommand> nox =
      Locate(std::nullopt, {"PATH=/usr/bin", "PARNOX_NOX=/usr/bin/python3 -m nox"});
  ASSERT_TRUE(nox) << error_;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"/usr/bin/python3", "-m", "nox"}));
  EXPECT_EQ(nox->origin, "$PARNOX_NOX");
}

TEST_F(NoxLocatorTest, AnyCommandThatStartsIsTakenAsItIs) {
  // A wrapper script, a Python running a nox script, a name on PATH: what runs nox is for
  // nox to show (discovery goes through the command itself), not for parnox to guess.
  std::string wrapper = WriteScript("wrapper", "#!/bin/sh\nexec nox \"$@\"\n");
  ASSERT_TRUE(Locate(wrapper)) << error_;
  EXPECT_EQ(Locate(wrapper)->argv, (std::vector<std::string>{wrapper}));
  std::optional<NoxCommand> nox = Locate("python3 " + (dir_ / "venv/bin/nox").string());
  ASSERT_TRUE(nox) << error_;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"python3", (dir_ / "venv/bin/nox").string()}));
}

TEST_F(NoxLocatorTest, FlagThatCannotStartSaysWhy) {
  EXPECT_FALSE(Locate("/nonexistent/nox"));
  EXPECT_NE(error_.find("cannot find '/nonexistent/nox'"), std::string::npos) << error_;
  EXPECT_FALSE(Locate("no-such-nox -v", {"PATH=" + dir_.string()}));
  EXPECT_NE(error_.find("cannot find 'no-such-nox'"), std::string::npos) << error_;
  EXPECT_FALSE(Locate("  "));
  EXPECT_NE(error_.find("--nox is empty"), std::string::npos) << error_;
}

TEST_F(NoxLocatorTest, NoxOnPath) {
  WriteScript("bin/nox", "#!/opt/py/bin/python3.12 -I\nimport nox\n");
  std::optional<NoxCommand> nox =
      Locate(std::nullopt, {"PATH=" + (dir_ / "bin").string() + ":/usr/bin:/bin"});
  ASSERT_TRUE(nox) << error_;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{(dir_ / "bin/nox").string()}));
  EXPECT_EQ(nox->origin, "PATH");
}

TEST_F(NoxLocatorTest, FallsBackToAPython3ThatHasNox) {
  // A python3 first on PATH without nox (as pyenv's here), then Debian's, which has it.
  WriteScript("bin/python3", "#!/bin/sh\nexit 1\n");
  std::optional<NoxCommand> nox =
      Locate(std::nullopt, {"PATH=" + (dir_ / "bin").string() + ":/usr/bin:/bin"});
  ASSERT_TRUE(nox) << error_;
  EXPECT_EQ(nox->argv, (std::vector<std::string>{"/usr/bin/python3", "-m", "nox"}));
  EXPECT_EQ(nox->origin, "python3 -m nox");
}

TEST_F(NoxLocatorTest, NothingFoundNamesWhatWasTriedAndTheFix) {
  WriteScript("bin/python3", "#!/bin/sh\nexit 1\n");
  // /usr/bin/python3 is always tried last and has nox here: a PYTHONHOME that does not
  // exist stops it from starting. Its complaint about that goes to /dev/null.
  int saved_stderr = dup(2);
  int null_fd = open("/dev/null", O_WRONLY);
  dup2(null_fd, 2);
  std::optional<NoxCommand> nox =
      Locate(std::nullopt, {"PATH=" + (dir_ / "bin").string(), "PYTHONHOME=" + dir_.string()});
  dup2(saved_stderr, 2);
  close(saved_stderr);
  close(null_fd);
  EXPECT_FALSE(nox);
  EXPECT_NE(error_.find("apt-get install python3-nox"), std::string::npos) << error_;
  EXPECT_NE(error_.find("--nox"), std::string::npos) << error_;
  EXPECT_NE(error_.find("PARNOX_NOX"), std::string::npos) << error_;
  EXPECT_NE(error_.find("`nox` on PATH (none)"), std::string::npos) << error_;
  EXPECT_NE(error_.find((dir_ / "bin/python3").string() + " -m nox"), std::string::npos) << error_;
  EXPECT_NE(error_.find("/usr/bin/python3 -m nox"), std::string::npos) << error_;
}

}  // namespace
