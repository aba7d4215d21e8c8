#include "durations.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <tuple>

namespace {

/// Parses `text`, which must be a sound durations file.
DurationStore Parsed(const std::string& text) {
  std::string problem;
  std::optional<DurationStore> store = DurationStore::Parse(text, &problem);
  EXPECT_TRUE(store) << problem;
  return store.value_or(DurationStore());
}

/// A durations file as a CI job leaves it: {signature: (seconds, runs)}.
DurationStore StoreWith(const std::vector<std::tuple<std::string, double, int>>& entries) {
  nlohmann::json sessions = nlohmann::json::object();
  for (const auto& [signature, seconds, runs] : entries)
    sessions[signature] = {{"seconds", seconds}, {"runs", runs}};
  return Parsed(nlohmann::json{{"version", 1}, {"sessions", sessions}}.dump());
}

TEST(DurationStoreTest, RoundTrip) {
  DurationStore store;
  EXPECT_EQ(store.Get("lint"), std::nullopt);
  store.Record("lint", 10);
  store.Record("tests(kind='unit')", 2.5);
  std::string text = store.Serialize();
  EXPECT_TRUE(text.starts_with("{\n  \"version\": 1,")) << text;
  DurationStore loaded = Parsed(text);
  EXPECT_EQ(loaded.Get("lint"), 10.0);
  EXPECT_EQ(loaded.Get("tests(kind='unit')"), 2.5);
}

TEST(DurationStoreTest, MovingAverageWeighsTheNewestRunHalf) {
  DurationStore store;
  store.Record("tests", 10);
  store.Record("tests", 20);
  EXPECT_EQ(store.Get("tests"), 15.0);
  store.Record("tests", 5);
  EXPECT_EQ(store.Get("tests"), 10.0);
  store.Record("tests", -1);  // not a duration: ignored
  EXPECT_EQ(store.Get("tests"), 10.0);
  EXPECT_NE(store.Serialize().find("\"runs\": 3"), std::string::npos);
}

TEST(DurationStoreTest, WrongTypesAndOtherVersionsSayWhatIsWrong) {
  for (const char* text :
       {"[]", "{}", "{\"version\": \"1\", \"sessions\": {}}", "{\"version\": 1}",
        "{\"version\": 1, \"sessions\": {\"lint\": 3}}",
        "{\"version\": 1, \"sessions\": {\"lint\": {\"seconds\": \"3\", \"runs\": 1}}}",
        "{\"version\": 1, \"sessions\": {\"lint\": {\"seconds\": -3, \"runs\": 1}}}",
        "{\"version\": 1, \"sessions\": {\"lint\": {\"seconds\": 3, \"runs\": 0}}}",
        "{\"version\": 1, \"sessions\": {\"lint\": ", "\xff\xfe", ""}) {
    std::string problem;
    EXPECT_FALSE(DurationStore::Parse(text, &problem)) << text;
    EXPECT_FALSE(problem.empty()) << text;
  }
  std::string problem;
  EXPECT_FALSE(DurationStore::Parse("{\"version\": 2, \"sessions\": {}}", &problem));
  EXPECT_EQ(problem, "format version 2, this parnox reads version 1");
}

TEST(DurationStoreTest, SignatureThatIsNotUtf8DoesNotThrow) {
  DurationStore store;
  store.Record("bad\xff", 1);
  EXPECT_NE(store.Serialize().find("\"version\""), std::string::npos);
}

TEST(DurationStoreTest, MergeTakesTheEntryWithMoreRuns) {
  // Both jobs started from the same file; each ran, and so re-timed, its own sessions.
  DurationStore base = StoreWith({{"lint", 10, 3}, {"tests", 100, 3}});
  base.Merge(StoreWith({{"lint", 12, 4}, {"tests", 100, 3}}));
  base.Merge(StoreWith({{"lint", 10, 3}, {"tests", 120, 4}}));
  EXPECT_EQ(base.Get("lint"), 12.0);
  EXPECT_EQ(base.Get("tests"), 120.0);
}

TEST(DurationStoreTest, MergeAddsNewSessions) {
  DurationStore base = StoreWith({{"lint", 10, 3}});
  base.Merge(StoreWith({{"docs", 40, 1}, {"tests(kind='unit')", 7.5, 2}}));
  EXPECT_EQ(base.Get("lint"), 10.0);
  EXPECT_EQ(base.Get("docs"), 40.0);
  EXPECT_EQ(base.Get("tests(kind='unit')"), 7.5);
  DurationStore empty;  // no file yet: everything
  empty.Merge(base);
  EXPECT_EQ(empty.Get("docs"), 40.0);
}

TEST(DurationStoreTest, MergeIgnoresFewerOrAsManyRuns) {
  DurationStore base = StoreWith({{"lint", 10, 5}, {"tests", 100, 3}});
  base.Merge(StoreWith({{"lint", 50, 2}, {"tests", 300, 3}}));
  EXPECT_EQ(base.Get("lint"), 10.0);
  EXPECT_EQ(base.Get("tests"), 100.0);  // a tie keeps what this store has
}

TEST(DurationStoreTest, MergedRunCountsAreKept) {
  DurationStore base = StoreWith({{"lint", 10, 3}});
  base.Merge(StoreWith({{"lint", 12, 4}, {"docs", 40, 1}}));
  DurationStore again = Parsed(base.Serialize());
  // The runs came along: a later merge of an older copy does not undo this one.
  again.Merge(StoreWith({{"lint", 99, 3}}));
  EXPECT_EQ(again.Get("lint"), 12.0);
  EXPECT_EQ(again.Get("docs"), 40.0);
}

}  // namespace

namespace {

TEST(DurationStoreTest, DurationsAloneAreKeptApart) {
  DurationStore store;
  store.Record("tests", 10, /*alone=*/false);
  EXPECT_EQ(store.Alone("tests"), std::nullopt);
  store.Record("tests", 6, /*alone=*/true);
  EXPECT_EQ(store.Alone("tests"), 6.0);
  DurationStore again = Parsed(store.Serialize());
  EXPECT_EQ(again.Alone("tests"), 6.0);
  EXPECT_EQ(again.Get("tests"), 8.0);
  std::string problem;
  EXPECT_FALSE(DurationStore::Parse(
      R"({"version": 1, "sessions": {"t": {"seconds": 1, "runs": 1, "alone": "x"}}})", &problem));
}

}  // namespace
