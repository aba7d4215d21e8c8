#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "run_summary.h"
#include "scheduler.h"

// The Gantt chart of a run, laid out: where its lanes, ticks, bars, critical-path links and
// time markers go, in SVG user units. Pure computation; html_report.cc draws it.

/// The chart's frame: time across, one lane per worker slot down.
struct GanttFrame {
  double span = 1;  ///< seconds the time axis covers
  int lanes = 1;
  double left = 92, width = 1088, top = 30, lane_height = 36, bar_height = 26;

  double X(double seconds) const { return left + seconds / span * width; }
  double LaneTop(int lane) const { return top + lane * lane_height; }
  double Bottom() const { return LaneTop(lanes); }
  double Height() const { return Bottom() + 44; }  ///< room for the markers' labels below
  double Right() const { return left + width; }
};

/// A time on the axis: 1, 2 or 5 times a power of ten seconds apart (or whole minutes).
struct GanttTick {
  double x;
  std::string label;  ///< "30s", "2m", "0.5s"
};

/// A session that ran in its own process.
struct GanttBar {
  size_t row;                 ///< the session's index in the report's rows
  int first_lane, last_lane;  ///< its worker's lane; every lane for an exclusive session
  double x, y, width, height;
  bool critical = false;            ///< on the critical path
  std::string label;                ///< its signature, elided to fit; "" when nothing fits
  std::vector<std::string> guests;  ///< sessions nox ran inside it (notified ones)
};

/// An arrow from one critical session's end to the next one's start, between the middles of
/// their workers' lanes.
struct GanttLink {
  double x1, y1, x2, y2;
};

/// A vertical line across the lanes at a time of the run, labelled below the chart.
struct GanttMarker {
  enum class Kind { kWallTime, kLowerBound };
  Kind kind;
  double seconds;
  double x, top, bottom;
  double label_x, label_y;
  /// Near the chart's right edge the label ends at the line instead of centring on it.
  bool label_ends_at_line;
};

struct GanttChart {
  GanttFrame frame;
  std::vector<GanttTick> ticks;
  std::vector<GanttBar> bars;        ///< in the order of the report's rows
  std::vector<GanttLink> links;      ///< along the critical path; none between bars that touch
  std::vector<GanttMarker> markers;  ///< the lower bound's (when known), then the wall time's
};

/// Lays out `run`'s chart: a bar for each of `rows` that ran in its own process, on its
/// worker's lane, those on `critical_path` (nodes, in order) marked and linked.
GanttChart LayOutGantt(const RunRecord& run, const std::vector<ReportRow>& rows,
                       const std::vector<int>& critical_path);

/// Seconds from the run's start to `t`.
double SecondsIntoRun(const RunRecord& run, Clock::time_point t);
