#include "completion.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>

#include "completion_cache.h"
#include "fake_disk.h"
#include "options.h"

namespace {

using Strings = std::vector<std::string>;

/// A project's sessions as a test states them; remembers what it was asked.
class FakeSessions : public SessionSource {
 public:
  std::optional<SessionNames> names =
      SessionNames{{"lint", "tests", "tests(kind='unit')", "tests(kind='e2e')"}, {"style", "test"}};
  std::vector<std::pair<std::string, std::optional<std::string>>> asked;

  std::optional<SessionNames> Sessions(const std::string& noxfile,
                                       const std::optional<std::string>& nox) override {
    asked.emplace_back(noxfile, nox);
    return names;
  }
};

/// The candidates for `words`, or "FILES" when the shell is to complete file names.
Strings Candidates(const Strings& words, SessionSource* source = nullptr) {
  FakeSessions none;
  ShellCompletion completion = Complete(words, source ? *source : none);
  if (completion.kind == ShellCompletion::Kind::kFiles) {
    EXPECT_TRUE(completion.candidates.empty());
    return {"FILES"};
  }
  return completion.candidates;
}

bool Has(const Strings& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST(CompletionTest, CommandsAtTheFirstWord) {
  EXPECT_EQ(Candidates({""}),
            (Strings{"audit", "completion", "list", "matrix", "merge-durations", "run"}));
  EXPECT_EQ(Candidates({"m"}), (Strings{"matrix", "merge-durations"}));
  EXPECT_EQ(Candidates({"lsit"}), Strings{});
}

TEST(CompletionTest, OptionsOfTheCommandBeingTyped) {
  EXPECT_EQ(Candidates({"run", "--fail"}), Strings{"--fail-fast"});
  EXPECT_EQ(Candidates({"audit", "--mark"}), Strings{"--markdown"});
  EXPECT_EQ(Candidates({"matrix", "--sh"}), Strings{"--shards"});
  EXPECT_EQ(Candidates({"list", "--j"}), Strings{"--json"});
  // run's options are not list's.
  EXPECT_EQ(Candidates({"list", "--fail"}), Strings{});
  // The top level is run.
  EXPECT_EQ(Candidates({"--no-t"}), Strings{"--no-trace"});
  EXPECT_TRUE(Has(Candidates({"-"}), "-j"));
  EXPECT_TRUE(Has(Candidates({"-"}), "--help"));
}

TEST(CompletionTest, EveryOptionParseOptionsTakesIsOffered) {
  CommandLine command_line;
  for (const CLI::App* command : command_line.commands()) {
    Strings offered = Candidates({command->get_name(), "-"});
    for (const CLI::Option* option : command->get_options())
      for (const std::string& name : option->get_lnames())
        EXPECT_TRUE(Has(offered, "--" + name)) << command->get_name() << " --" << name;
  }
}

TEST(CompletionTest, NoxOptionsWhereNoxRuns) {
  EXPECT_TRUE(Has(Candidates({"--no-v"}), "--no-venv"));
  EXPECT_TRUE(Has(Candidates({"list", "--no-v"}), "--no-venv"));
  EXPECT_TRUE(Has(Candidates({"audit", "--env"}), "--envdir"));
  EXPECT_EQ(Candidates({"merge-durations", "-"}), (Strings{"--help", "--noxfile", "-f", "-h"}));
  EXPECT_EQ(Candidates({"completion", "-"}), (Strings{"--help", "-h"}));
}

TEST(CompletionTest, ChoicesFromTheTypeName) {
  EXPECT_EQ(Candidates({"--output", ""}), (Strings{"blocks", "board", "quiet", "stream"}));
  EXPECT_EQ(Candidates({"run", "--output", "b"}), (Strings{"blocks", "board"}));
  EXPECT_EQ(Candidates({"audit", "--output", "q"}), Strings{"quiet"});
  EXPECT_EQ(Candidates({"-j", ""}), Strings{"auto"});
  EXPECT_EQ(Candidates({"--parallel", "a"}), Strings{"auto"});
  EXPECT_EQ(Candidates({"matrix", "--shards", ""}), Strings{"auto"});
  EXPECT_EQ(Candidates({"matrix", "--format", "g"}), (Strings{"github", "gitlab"}));
  EXPECT_EQ(Candidates({"completion", ""}), (Strings{"bash", "fish", "zsh"}));
  EXPECT_EQ(Candidates({"completion", "z"}), Strings{"zsh"});
  // A value made up by the user: nothing to offer.
  EXPECT_EQ(Candidates({"--heartbeat", ""}), Strings{});
}

TEST(CompletionTest, ValueAfterEquals) {
  EXPECT_EQ(Candidates({"--output=bl"}), Strings{"--output=blocks"});
  EXPECT_EQ(Candidates({"matrix", "--format="}),
            (Strings{"--format=github", "--format=gitlab", "--format=json"}));
  EXPECT_EQ(Candidates({"--report="}), Strings{"FILES"});
}

TEST(CompletionTest, FilesWhereTheTypeSaysFile) {
  EXPECT_EQ(Candidates({"--report", ""}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"run", "--junit", "r"}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"audit", "--markdown", ""}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"-f", ""}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"--nox", ""}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"--envdir", ""}), Strings{"FILES"});  // nox's own DIR
  EXPECT_EQ(Candidates({"merge-durations", ""}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"merge-durations", "a.json", ""}), Strings{"FILES"});
}

TEST(CompletionTest, SessionsFromTheSource) {
  FakeSessions source;
  EXPECT_EQ(Candidates({"-s", ""}, &source),
            (Strings{"lint", "tests", "tests(kind='e2e')", "tests(kind='unit')"}));
  EXPECT_EQ(Candidates({"list", "--sessions", "tests("}, &source),
            (Strings{"tests(kind='e2e')", "tests(kind='unit')"}));
  EXPECT_EQ(Candidates({"-e", "l"}, &source), Strings{"lint"});
  ASSERT_EQ(source.asked.size(), 3u);
  EXPECT_EQ(source.asked[0].first, "noxfile.py");
  EXPECT_EQ(source.asked[0].second, std::nullopt);
  EXPECT_EQ(Candidates({"-t", "s"}, &source), Strings{"style"});
}

TEST(CompletionTest, SessionsKeepComingAfterEachOne) {
  FakeSessions source;
  EXPECT_EQ(Candidates({"-s", "lint", "tests", "l"}, &source), Strings{"lint"});
  // An option ends them.
  EXPECT_EQ(Candidates({"-s", "lint", "--fail"}, &source), Strings{"--fail-fast"});
  EXPECT_EQ(Candidates({"-s", "lint", "-x", ""}, &source).size(), 6u);  // commands again
}

TEST(CompletionTest, SessionsOfTheNoxfileAndNoxOnTheLine) {
  FakeSessions source;
  Candidates({"-f", "sub/noxfile.py", "list", "--nox", "python3 -m nox", "-s", ""}, &source);
  Candidates({"--noxfile=other.py", "-s", ""}, &source);
  ASSERT_EQ(source.asked.size(), 2u);
  EXPECT_EQ(source.asked[0].first, "sub/noxfile.py");
  EXPECT_EQ(source.asked[0].second, "python3 -m nox");
  EXPECT_EQ(source.asked[1].first, "other.py");
}

TEST(CompletionTest, NoSessionsWhenNoneCanBeHad) {
  FakeSessions source;
  source.names.reset();
  ShellCompletion completion = Complete({"-s", ""}, source);
  EXPECT_EQ(completion.kind, ShellCompletion::Kind::kWords);
  EXPECT_TRUE(completion.candidates.empty());
}

TEST(CompletionTest, OptionTypedBeforeTheCommand) {
  EXPECT_EQ(Candidates({"-x", "li"}), Strings{"list"});
  EXPECT_EQ(Candidates({"-j", "2", "au"}), Strings{"audit"});
  EXPECT_EQ(Candidates({"-j4", "au"}), Strings{"audit"});
  EXPECT_EQ(Candidates({"--output", "quiet", "r"}), Strings{"run"});
  EXPECT_EQ(Candidates({"--no-venv", "r"}), Strings{"run"});        // nox's, without a value
  EXPECT_EQ(Candidates({"--envdir", "run", "r"}), Strings{"run"});  // "run" was the value
  // A command once typed is not offered again.
  EXPECT_EQ(Candidates({"list", "r"}), Strings{});
}

TEST(CompletionTest, PosargsAfterDoubleDash) {
  FakeSessions source;
  EXPECT_EQ(Candidates({"-s", "lint", "--", ""}, &source), Strings{"FILES"});
  EXPECT_EQ(Candidates({"--", "-"}), Strings{"FILES"});
  EXPECT_EQ(Candidates({"audit", "--", "--output", ""}), Strings{"FILES"});
  EXPECT_TRUE(source.asked.empty());
}

TEST(CompletionTest, UnquotesBashWords) {
  EXPECT_EQ(UnquoteBashWords({"-s", R"(tests\(kind=\'unit\'\))"}),
            (Strings{"-s", "tests(kind='unit')"}));
  EXPECT_EQ(UnquoteBashWords({"'a b'", R"("x\"y")", R"("it's")", R"('unterminated)"}),
            (Strings{"a b", "x\"y", "it's", "unterminated"}));
  EXPECT_EQ(UnquoteBashWords({"--output", "=", "bl"}), Strings{"--output=bl"});
  EXPECT_EQ(UnquoteBashWords({"--output", "="}), Strings{"--output="});
  EXPECT_EQ(UnquoteBashWords({"-s", "a", "=", "b"}), (Strings{"-s", "a", "=", "b"}));
}

TEST(CompletionTest, RendersKindThenCandidates) {
  EXPECT_EQ(RenderCompletion({ShellCompletion::Kind::kFiles, {}}), "files\n");
  EXPECT_EQ(RenderCompletion({ShellCompletion::Kind::kWords, {"a b", "c"}}), "words\na b\nc\n");
  EXPECT_EQ(RenderCompletion({}), "words\n");
}

namespace {

/// CachedSessions over a FakeDisk, with a noxfile whose stamp a test sets, and a nox that
/// counts how often it is asked.
struct CacheFixture {
  FakeDisk disk;
  std::optional<NoxfileStamp> stamp = NoxfileStamp{"/p/noxfile.py", 100, 5};
  std::optional<SessionNames> nox_says = SessionNames{{"lint", "tests(kind='unit')"}, {"style"}};
  int asked = 0;
  CachedSessions cache{disk,
                       [this](const std::string& noxfile, const std::optional<std::string>&) {
                         EXPECT_EQ(noxfile, "/p/noxfile.py");
                         ++asked;
                         return nox_says;
                       },
                       [this](const std::string&) { return stamp; }};
  std::optional<SessionNames> Ask() { return cache.Sessions("noxfile.py", std::nullopt); }
};

}  // namespace

TEST(CompletionCacheTest, NoxAskedOnceThenTheCacheAnswers) {
  CacheFixture f;
  ASSERT_TRUE(f.Ask());
  std::optional<SessionNames> again = f.Ask();
  EXPECT_EQ(f.asked, 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sessions, (Strings{"lint", "tests(kind='unit')"}));
  EXPECT_EQ(again->tags, Strings{"style"});
  EXPECT_TRUE(f.disk.files.count("/p/.parnox/completion.json"));
  EXPECT_EQ(f.disk.files["/p/.parnox/.gitignore"], "*\n");
}

TEST(CompletionCacheTest, StaleWhenTheNoxfileChanges) {
  CacheFixture f;
  f.Ask();
  f.stamp->mtime_ns = 6;
  f.nox_says->sessions = {"new"};
  EXPECT_EQ(f.Ask()->sessions, Strings{"new"});
  EXPECT_EQ(f.asked, 2);
  f.stamp->size = 101;
  f.Ask();
  f.stamp->path = "/p/noxfile.py";  // same path, old size: stale again
  f.stamp->size = 100;
  f.Ask();
  EXPECT_EQ(f.asked, 4);
  f.Ask();
  EXPECT_EQ(f.asked, 4);
}

TEST(CompletionCacheTest, CorruptOrOldFileIsRebuilt) {
  for (std::string text : {"{", "[]", R"({"version": 0})", R"({"version": 1, "noxfile": 3})"}) {
    CacheFixture f;
    f.disk.files["/p/.parnox/completion.json"] = text;
    ASSERT_TRUE(f.Ask()) << text;
    EXPECT_EQ(f.asked, 1) << text;
    f.Ask();
    EXPECT_EQ(f.asked, 1) << text;
  }
}

TEST(CompletionCacheTest, NoNoxfileAsksNothing) {
  CacheFixture f;
  f.stamp.reset();
  EXPECT_EQ(f.Ask(), std::nullopt);
  EXPECT_EQ(f.asked, 0);
  EXPECT_TRUE(f.disk.files.empty());
}

TEST(CompletionCacheTest, NoxFailingIsNotCached) {
  CacheFixture f;
  f.nox_says.reset();
  EXPECT_EQ(f.Ask(), std::nullopt);
  EXPECT_FALSE(f.disk.files.count("/p/.parnox/completion.json"));
  f.Ask();
  EXPECT_EQ(f.asked, 2);
}

TEST(CompletionCacheTest, UnwritableProjectStillCompletes) {
  CacheFixture f;
  f.disk.failing_writes["/p/.parnox/completion.json"] = "Read-only file system";
  EXPECT_EQ(f.Ask()->sessions.size(), 2u);
  EXPECT_EQ(f.Ask()->sessions.size(), 2u);
  EXPECT_EQ(f.asked, 2);
}

TEST(CompletionCacheTest, FormatVersionFirst) {
  NoxfileStamp stamp{"/p/noxfile.py", 1, 2};
  std::string text = SerializeCompletionCache(stamp, {{"a"}, {}});
  EXPECT_EQ(text.rfind("{\n  \"version\": 1,", 0), 0u) << text;
  EXPECT_EQ(ParseCompletionCache(text, stamp)->sessions, Strings{"a"});
  EXPECT_EQ(ParseCompletionCache(text, NoxfileStamp{"/q/noxfile.py", 1, 2}), std::nullopt);
}

TEST(CompletionCacheTest, StampsARealFile) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("parnox-stamp-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / "noxfile.py").string();
  EXPECT_EQ(StampNoxfile(file), std::nullopt);
  std::ofstream(file) << "import nox\n";
  std::optional<NoxfileStamp> before = StampNoxfile(file);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->path, file);
  EXPECT_EQ(before->size, 11);
  std::ofstream(file, std::ios::app) << "# more\n";
  EXPECT_NE(StampNoxfile(file), before);
  EXPECT_EQ(StampNoxfile(dir.string()), std::nullopt);  // a directory is no noxfile
  std::filesystem::remove_all(dir);
}
