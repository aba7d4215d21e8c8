#include "gantt.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace {

/// A step for axis ticks: 1, 2 or 5 times a power of ten (or whole minutes), ~8 ticks.
double TickStep(double span) {
  double raw = span / 8;
  double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) return m * power >= 60 ? std::ceil(m * power / 60) * 60 : m * power;
  return 10 * power;
}

std::string TickLabel(double seconds, double step) {
  if (step >= 60) return fmt::format("{}m", std::lround(seconds / 60));
  if (step >= 1) return fmt::format("{}s", std::lround(seconds));
  return fmt::format("{:.{}f}s", seconds, step >= 0.1 ? 1 : 2);
}

std::vector<GanttTick> Ticks(const GanttFrame& frame) {
  std::vector<GanttTick> ticks;
  double step = TickStep(frame.span);
  int count = static_cast<int>(std::floor(frame.span / step + 1e-6));
  for (int i = 0; i <= count; ++i) ticks.push_back({frame.X(i * step), TickLabel(i * step, step)});
  return ticks;
}

/// A label that fits `width` units at ~7 units a character, elided at the end; "" if none.
std::string FitLabel(const std::string& text, double width) {
  size_t room = width > 14 ? static_cast<size_t>((width - 12) / 7) : 0;
  if (text.size() <= room) return text;
  if (room < 4) return "";
  return text.substr(0, room - 1) + "…";
}

/// The bars' lanes, rows and guests; where they go comes once the frame is known.
std::vector<GanttBar> Bars(const RunRecord& run, const std::vector<ReportRow>& rows,
                           const std::vector<int>& critical_path) {
  std::vector<GanttBar> bars;
  for (size_t i = 0; i < rows.size(); ++i) {
    const ReportRow& row = rows[i];
    if (!row.result->started() || !row.own_process()) continue;
    int worker = row.result->worker;
    bool exclusive = row.node >= 0 && run.graph->nodes[row.node].exclusive;
    bool critical =
        row.node >= 0 && std::count(critical_path.begin(), critical_path.end(), row.node) > 0;
    bars.push_back({.row = i,
                    .first_lane = exclusive ? 0 : worker,
                    .last_lane = exclusive ? run.jobs - 1 : worker,
                    .critical = critical});
  }
  for (const ReportRow& row : rows) {
    if (row.own_process()) continue;
    for (GanttBar& bar : bars)
      if (rows[bar.row].signature == row.host) bar.guests.push_back(row.signature);
  }
  return bars;
}

/// Time enough for the run and every bar, lanes enough for every worker and every bar.
GanttFrame Frame(const RunRecord& run, const std::vector<ReportRow>& rows,
                 const std::vector<GanttBar>& bars) {
  GanttFrame frame;
  frame.lanes = std::max(1, run.jobs);
  frame.span = std::max(run.seconds(), 0.001);
  for (const GanttBar& bar : bars) {
    frame.lanes = std::max(frame.lanes, bar.last_lane + 1);
    frame.span = std::max(frame.span, SecondsIntoRun(run, rows[bar.row].result->end));
  }
  return frame;
}

void Place(const GanttFrame& frame, const RunRecord& run, const ReportRow& row, GanttBar& bar) {
  bar.x = frame.X(SecondsIntoRun(run, row.result->start));
  bar.width = std::max(2.0, frame.X(SecondsIntoRun(run, row.result->end)) - bar.x);
  bar.y = frame.LaneTop(bar.first_lane) + (frame.lane_height - frame.bar_height) / 2;
  bar.height = frame.LaneTop(bar.last_lane) - frame.LaneTop(bar.first_lane) + frame.bar_height;
  bar.label = FitLabel(row.signature, bar.width);
}

std::vector<GanttLink> CriticalLinks(const GanttFrame& frame, const RunRecord& run,
                                     const std::vector<int>& path) {
  std::vector<GanttLink> links;
  auto middle = [&](int node) {
    int worker = std::max(0, run.results[node].worker);
    return frame.LaneTop(worker) + frame.lane_height / 2;
  };
  for (size_t i = 1; i < path.size(); ++i) {
    double x1 = frame.X(SecondsIntoRun(run, run.results[path[i - 1]].end));
    double x2 = frame.X(SecondsIntoRun(run, run.results[path[i]].start));
    double y1 = middle(path[i - 1]), y2 = middle(path[i]);
    if (std::abs(x2 - x1) < 3 && y1 == y2) continue;  // back to back: the outline says it
    links.push_back({x1, y1, x2, y2});
  }
  return links;
}

/// A marker at `seconds` with its label on label line `line` (0, or 1 below it).
GanttMarker Marker(const GanttFrame& frame, GanttMarker::Kind kind, double seconds, int line) {
  double x = frame.X(seconds);
  bool at_edge = x > frame.Right() - 60;
  return {.kind = kind,
          .seconds = seconds,
          .x = x,
          .top = frame.top - 4,
          .bottom = frame.Bottom() + 6 + 15 * line,
          .label_x = at_edge ? x - 4 : x,
          .label_y = frame.Bottom() + 20 + 15 * line,
          .label_ends_at_line = at_edge};
}

/// The wall-time and lower-bound markers, their labels on two lines when they would overlap.
std::vector<GanttMarker> Markers(const GanttFrame& frame, const RunRecord& run) {
  GanttMarker wall = Marker(frame, GanttMarker::Kind::kWallTime, run.seconds(), 0);
  if (run.lower_bound_seconds <= 0) return {wall};
  bool close = std::abs(wall.x - frame.X(run.lower_bound_seconds)) < 130;
  return {Marker(frame, GanttMarker::Kind::kLowerBound, run.lower_bound_seconds, close ? 1 : 0),
          wall};
}

}  // namespace

double SecondsIntoRun(const RunRecord& run, Clock::time_point t) {
  return std::chrono::duration<double>(t - run.start).count();
}

GanttChart LayOutGantt(const RunRecord& run, const std::vector<ReportRow>& rows,
                       const std::vector<int>& critical_path) {
  GanttChart chart;
  chart.bars = Bars(run, rows, critical_path);
  chart.frame = Frame(run, rows, chart.bars);
  for (GanttBar& bar : chart.bars) Place(chart.frame, run, rows[bar.row], bar);
  chart.ticks = Ticks(chart.frame);
  chart.links = CriticalLinks(chart.frame, run, critical_path);
  chart.markers = Markers(chart.frame, run);
  return chart;
}
