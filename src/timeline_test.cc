#include "timeline.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "fake_run.h"

namespace {

using nlohmann::json;

std::vector<json> EventsOf(const json& trace, const std::string& ph) {
  std::vector<json> events;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == ph) events.push_back(e);
  return events;
}

TEST(TimelineTest, OneTrackPerWorkerAndOneCompleteEventPerSessionThatRan) {
  FakeRun f;
  int unit = f.Add("tests(kind='unit')", Outcome::kSuccess, 0, 6, 0);
  f.Add("lint", Outcome::kFailed, 0.5, 1.25, 1, "", "nox exited with status 1");
  int cover = f.Add("coverage", Outcome::kSuccess, 6, 6.5, 0);
  f.Add("docs", Outcome::kNotStarted, 0, 0, -1);
  f.Edge(unit, cover);
  std::string text = RenderTimeline(f.project, f.Finish(2, 6.5));
  json trace = json::parse(text, nullptr, false);
  ASSERT_TRUE(trace.is_object()) << text;
  EXPECT_EQ(trace["displayTimeUnit"], "ms");

  std::map<int, std::string> threads;
  for (const json& m : EventsOf(trace, "M"))
    if (m["name"] == "thread_name") threads[m["tid"]] = m["args"]["name"];
  EXPECT_EQ(threads, (std::map<int, std::string>{{1, "worker 0"}, {2, "worker 1"}}));

  std::vector<json> complete = EventsOf(trace, "X");
  ASSERT_EQ(complete.size(), 3u);
  for (const json& e : complete) {
    EXPECT_GE(e["ts"].get<long long>(), 0) << e;
    EXPECT_GT(e["dur"].get<long long>(), 0) << e;
    EXPECT_EQ(e["pid"], 1);
    EXPECT_EQ(e["tid"].get<int>(), e["args"]["worker"].get<int>() + 1) << e;
    EXPECT_TRUE(threads.count(e["tid"])) << e;
    EXPECT_EQ(e["name"], e["args"]["signature"]);
    EXPECT_TRUE(e["args"].contains("result"));
    EXPECT_TRUE(e["args"]["log"].get<std::string>().starts_with(".parnox/logs/")) << e;
  }
  const json& lint = complete[1];
  EXPECT_EQ(lint["name"], "lint");
  EXPECT_EQ(lint["ts"], 500000);
  EXPECT_EQ(lint["dur"], 750000);
  EXPECT_EQ(lint["args"]["result"], "failed");
  EXPECT_EQ(lint["args"]["reason"], "nox exited with status 1");
  EXPECT_EQ(complete[2]["ts"], 6000000);
}

TEST(TimelineTest, ANotifiedSessionNestsInsideItsHost) {
  FakeRun f;
  int host = f.Add("tests", Outcome::kSuccess, 1, 4, 0);
  f.Notified("coverage", host, Outcome::kSuccess);
  json trace = json::parse(RenderTimeline(f.project, f.Finish(1, 4)));
  std::vector<json> complete = EventsOf(trace, "X");
  ASSERT_EQ(complete.size(), 2u);
  EXPECT_EQ(complete[1]["name"], "coverage");
  EXPECT_EQ(complete[1]["args"]["notified_by"], "tests");
  EXPECT_EQ(complete[1]["ts"], complete[0]["ts"]);
  EXPECT_EQ(complete[1]["dur"], complete[0]["dur"]);
  EXPECT_EQ(complete[1]["tid"], complete[0]["tid"]);
}

TEST(TimelineTest, NamesThatAreNotUtf8StillMakeValidJson) {
  FakeRun f;
  f.Add("bad\xFFname \"quoted\"", Outcome::kSuccess, 0, 1, 0);
  json trace = json::parse(RenderTimeline(f.project, f.Finish(1, 1)), nullptr, false);
  ASSERT_FALSE(trace.is_discarded());
  EXPECT_EQ(EventsOf(trace, "X")[0]["name"], "bad\xEF\xBF\xBDname \"quoted\"");
}

}  // namespace
