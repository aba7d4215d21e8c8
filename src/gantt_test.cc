#include "gantt.h"

#include <gtest/gtest.h>

#include "fake_run.h"

namespace {

// The frame's defaults: the time axis from x=92 over 1088 units, lanes 36 high from y=30,
// bars 26 high in the middle of their lane.
constexpr double kLeft = 92, kWidth = 1088, kTop = 30, kLane = 36, kBar = 26;

GanttChart LayOut(const RunRecord& run, const std::vector<int>& critical_path = {}) {
  return LayOutGantt(run, ReportRows(run), critical_path);
}

std::vector<std::string> Labels(const GanttChart& chart) {
  std::vector<std::string> labels;
  for (const GanttTick& tick : chart.ticks) labels.push_back(tick.label);
  return labels;
}

TEST(GanttTest, EachSessionThatRanIsABarOnItsWorkersLaneAtItsTimes) {
  FakeRun f;
  f.Add("build", Outcome::kSuccess, 0, 5, 0);
  f.Add("docs", Outcome::kNotStarted, 0, 0, -1);
  f.Add("test", Outcome::kFailed, 5, 10, 1);
  GanttChart chart = LayOut(f.Finish(2, 10));
  EXPECT_EQ(chart.frame.lanes, 2);
  EXPECT_DOUBLE_EQ(chart.frame.span, 10);
  ASSERT_EQ(chart.bars.size(), 2u);
  const GanttBar& build = chart.bars[0];
  EXPECT_EQ(build.row, 0u);
  EXPECT_DOUBLE_EQ(build.x, kLeft);
  EXPECT_DOUBLE_EQ(build.width, kWidth / 2);
  EXPECT_DOUBLE_EQ(build.y, kTop + (kLane - kBar) / 2);
  EXPECT_DOUBLE_EQ(build.height, kBar);
  const GanttBar& test = chart.bars[1];
  EXPECT_EQ(test.row, 2u);
  EXPECT_EQ(test.first_lane, 1);
  EXPECT_EQ(test.last_lane, 1);
  EXPECT_DOUBLE_EQ(test.x, kLeft + kWidth / 2);
  EXPECT_DOUBLE_EQ(test.y, kTop + kLane + (kLane - kBar) / 2);
  EXPECT_EQ(test.label, "test");
}

TEST(GanttTest, AnExclusiveSessionSpansEveryWorkerLane) {
  FakeRun f;
  f.Add("docs", Outcome::kSuccess, 0, 2, 0);
  f.Add("lint", Outcome::kSuccess, 2, 3, 0);
  f.Finish(3, 3);
  f.graph.nodes[0].exclusive = true;
  GanttChart chart = LayOut(f.run);
  ASSERT_EQ(chart.bars.size(), 2u);
  EXPECT_EQ(chart.bars[0].first_lane, 0);
  EXPECT_EQ(chart.bars[0].last_lane, 2);
  EXPECT_DOUBLE_EQ(chart.bars[0].height, 2 * kLane + kBar);
  EXPECT_EQ(chart.bars[1].last_lane, 0);
  EXPECT_DOUBLE_EQ(chart.bars[1].height, kBar);
}

TEST(GanttTest, ANotifiedSessionIsAGuestOfItsHostsBar) {
  FakeRun f;
  int host = f.Add("build", Outcome::kSuccess, 0, 2, 0);
  f.Notified("publish", host, Outcome::kSuccess);
  f.Notified("announce", host, Outcome::kSuccess);
  GanttChart chart = LayOut(f.Finish(1, 2));
  ASSERT_EQ(chart.bars.size(), 1u);
  EXPECT_EQ(chart.bars[0].guests, (std::vector<std::string>{"publish", "announce"}));
}

TEST(GanttTest, ABarKeepsTwoUnitsAndItsLabelOnlyWhatFits) {
  const std::string name = "tests(python='3.12', kind='integration')";
  FakeRun f;
  f.Add("instant", Outcome::kSuccess, 0, 0, 0);
  f.Add(name, Outcome::kSuccess, 0, 1, 1);
  f.Add("lint", Outcome::kSuccess, 1, 100, 1);
  GanttChart chart = LayOut(f.Finish(2, 100));
  ASSERT_EQ(chart.bars.size(), 3u);
  EXPECT_DOUBLE_EQ(chart.bars[0].width, 2);
  EXPECT_EQ(chart.bars[0].label, "");
  EXPECT_DOUBLE_EQ(chart.bars[1].width, kWidth / 100);  // no room for 4 characters
  EXPECT_EQ(chart.bars[1].label, "");
  EXPECT_EQ(chart.bars[2].label, "lint");
  FakeRun g;
  g.Add(name, Outcome::kSuccess, 0, 1, 0);  // 108.8 units: room for 13 characters
  EXPECT_EQ(LayOut(g.Finish(1, 10)).bars[0].label, "tests(python…");
}

TEST(GanttTest, TicksFallOnRoundSecondsOrWholeMinutes) {
  FakeRun f;
  f.Add("a", Outcome::kSuccess, 0, 0.1, 0);
  f.Finish(1, 7);
  EXPECT_EQ(Labels(LayOut(f.run)),
            (std::vector<std::string>{"0s", "1s", "2s", "3s", "4s", "5s", "6s", "7s"}));
  EXPECT_DOUBLE_EQ(LayOut(f.run).ticks[7].x, kLeft + kWidth);
  f.run.end = f.run.start + std::chrono::seconds(900);
  EXPECT_EQ(Labels(LayOut(f.run)), (std::vector<std::string>{"0m", "4m", "8m", "12m"}));
  f.run.end = f.run.start + std::chrono::milliseconds(250);
  EXPECT_EQ(Labels(LayOut(f.run)),
            (std::vector<std::string>{"0.00s", "0.05s", "0.10s", "0.15s", "0.20s", "0.25s"}));
}

TEST(GanttTest, ASessionEndingAfterTheRunWidensTheAxis) {
  FakeRun f;
  f.Add("late", Outcome::kInterrupted, 0, 12, 0);
  EXPECT_DOUBLE_EQ(LayOut(f.Finish(1, 10)).frame.span, 12);
}

TEST(GanttTest, TheCriticalPathIsOutlinedAndLinkedExceptBackToBack) {
  FakeRun f;
  int a = f.Add("a", Outcome::kSuccess, 0, 2, 0);
  int b = f.Add("b", Outcome::kSuccess, 2, 4, 0);
  int c = f.Add("c", Outcome::kSuccess, 5, 8, 1);
  f.Add("d", Outcome::kSuccess, 0, 3, 1);
  GanttChart chart = LayOut(f.Finish(2, 8), {a, b, c});
  std::vector<bool> critical;
  for (const GanttBar& bar : chart.bars) critical.push_back(bar.critical);
  EXPECT_EQ(critical, (std::vector<bool>{true, true, true, false}));
  // a ends where b starts on the same lane: the outline says it, no arrow.
  ASSERT_EQ(chart.links.size(), 1u);
  const GanttLink& link = chart.links[0];
  EXPECT_DOUBLE_EQ(link.x1, kLeft + kWidth * 4 / 8);
  EXPECT_DOUBLE_EQ(link.y1, kTop + kLane / 2);
  EXPECT_DOUBLE_EQ(link.x2, kLeft + kWidth * 5 / 8);
  EXPECT_DOUBLE_EQ(link.y2, kTop + kLane + kLane / 2);
}

TEST(GanttTest, TheMarkersLabelsTakeTwoLinesOnlyWhenTheyWouldOverlap) {
  FakeRun f;
  f.Add("a", Outcome::kSuccess, 0, 10, 0);
  f.Finish(1, 10);
  double bottom = kTop + kLane;
  f.run.lower_bound_seconds = 9;
  std::vector<GanttMarker> close = LayOut(f.run).markers;
  ASSERT_EQ(close.size(), 2u);
  EXPECT_EQ(close[0].kind, GanttMarker::Kind::kLowerBound);
  EXPECT_DOUBLE_EQ(close[0].label_y, bottom + 35);
  EXPECT_FALSE(close[0].label_ends_at_line);
  EXPECT_DOUBLE_EQ(close[0].label_x, close[0].x);
  // The wall time is the chart's right edge: its label ends at its line.
  EXPECT_EQ(close[1].kind, GanttMarker::Kind::kWallTime);
  EXPECT_DOUBLE_EQ(close[1].x, kLeft + kWidth);
  EXPECT_DOUBLE_EQ(close[1].label_y, bottom + 20);
  EXPECT_TRUE(close[1].label_ends_at_line);
  EXPECT_DOUBLE_EQ(close[1].label_x, kLeft + kWidth - 4);

  f.run.lower_bound_seconds = 5;
  std::vector<GanttMarker> apart = LayOut(f.run).markers;
  ASSERT_EQ(apart.size(), 2u);
  EXPECT_DOUBLE_EQ(apart[0].label_y, bottom + 20);
  EXPECT_DOUBLE_EQ(apart[0].bottom, bottom + 6);

  f.run.lower_bound_seconds = 0;
  ASSERT_EQ(LayOut(f.run).markers.size(), 1u);
  EXPECT_EQ(LayOut(f.run).markers[0].kind, GanttMarker::Kind::kWallTime);
}

}  // namespace
