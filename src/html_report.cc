#include "html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ansi_html.h"
#include "gantt.h"
#include "html_report_assets.h"
#include "log_text.h"
#include "markup.h"
#include "run_summary.h"
#include "status_printer.h"

namespace {

// A log bigger than this shows its end only: a page of many megabytes opens slowly, and
// the end of a log is where the failure is.
constexpr size_t kLogBytes = size_t{1024} * 1024;

/// The CSS class of a result: "r-timed-out" for "timed out".
std::string ResultClass(Outcome outcome) {
  std::string name = OutcomeName(outcome);
  std::replace(name.begin(), name.end(), ' ', '-');
  return "r-" + name;
}

/// Any bytes (a signature, a reason) as HTML text: cleaned, no ANSI, escaped.
std::string Text(std::string_view bytes) { return EscapeMarkup(StripAnsi(CleanLogText(bytes))); }

std::string Seconds(double seconds) { return FormatSeconds(std::max(0.0, seconds)); }

std::string Size(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < uint64_t{1000} * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

// ---- The header ------------------------------------------------------------------------

std::string VerdictClass(const RunRecord& run) {
  if (run.signal) return "interrupted";
  return run.AllPassed() ? "pass" : "fail";
}

std::string VerdictWord(const RunRecord& run) {
  if (run.signal) return "Interrupted";
  return run.AllPassed() ? "Passed" : "Failed";
}

std::string ProjectName(const Project& project) {
  std::string name = std::filesystem::path(project.root).filename().string();
  return name.empty() ? project.root : name;
}

/// "2026-11-26 03:19:25 UTC" from the report's ISO time.
std::string StartedAt(const RunRecord& run) {
  std::string iso = WallClockUtc(run.start);
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC";
}

std::string Stat(const std::string& label, const std::string& value, const std::string& hint) {
  return fmt::format("<div><dt>{}</dt><dd>{}<small>{}</small></dd></div>\n", label, value, hint);
}

std::string Header(const Project& project, const RunRecord& run) {
  double wall = run.seconds();
  SequentialEstimate sequential = EstimateSequential(run);
  std::string html =
      fmt::format("<header class=\"top {}\">\n<h1><span class=\"badge\">{}</span>parnox: {}</h1>\n",
                  VerdictClass(run), VerdictWord(run), Text(RunVerdict(run)));
  html += fmt::format(
      "<p class=\"where\"><b>{}</b> · <code>{}</code> · started {} · nox {} · parnox {}</p>\n",
      Text(ProjectName(project)), Text(project.noxfile), StartedAt(run), Text(project.nox_version),
      PARNOX_VERSION);
  html += "<dl class=\"stats\">\n";
  html += Stat("Wall time", Seconds(wall),
               fmt::format("on {} worker{}", run.jobs, run.jobs == 1 ? "" : "s"));
  html += Stat(
      "Sequential nox", (sequential.measured_beside ? "≤ " : "≈ ") + Seconds(sequential.seconds),
      sequential.measured_beside
          ? fmt::format("{} session(s) timed only beside others", sequential.measured_beside)
          : "each session timed alone");
  html +=
      Stat("Lower bound", Seconds(run.lower_bound_seconds), "max(critical path, work / workers)");
  html += Stat("Speedup",
               wall > 0 ? fmt::format("{}{:.2f}×", sequential.measured_beside ? "≤ " : "",
                                      sequential.seconds / wall)
                        : "–",
               "sequential nox / wall time");
  if (wall > 0 && run.lower_bound_seconds > 0)
    html += Stat("Efficiency", fmt::format("{:.0f}%", 100 * run.lower_bound_seconds / wall),
                 "lower bound / wall time");
  return html + "</dl>\n</header>\n";
}

// ---- The Gantt chart, drawn from its layout (gantt.cc) ---------------------------------

std::string Axis(const GanttChart& chart) {
  const GanttFrame& f = chart.frame;
  std::string svg = "<g class=\"grid\">\n";
  std::string labels = "<g class=\"axis\">\n";
  for (const GanttTick& tick : chart.ticks) {
    svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\"/>\n", tick.x,
                       f.top - 6, f.Bottom());
    labels += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", tick.x,
                          f.top - 12, tick.label);
  }
  return svg + "</g>\n" + labels + "</g>\n";
}

std::string Lanes(const GanttFrame& f) {
  std::string svg;
  for (int lane = 0; lane < f.lanes; ++lane) {
    if (lane % 2 == 0)
      svg += fmt::format("<rect class=\"row-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                         f.left, f.LaneTop(lane), f.width, f.lane_height);
    svg += fmt::format(
        "<text class=\"row-label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">worker {}</text>\n",
        f.left - 10, f.LaneTop(lane) + f.lane_height / 2 + 4, lane);
  }
  return svg;
}

std::string Tooltip(const RunRecord& run, const ReportRow& row, const GanttBar& bar) {
  const SessionResult& r = *row.result;
  std::string text =
      fmt::format("{}\n{} · {} · worker {}\n{} → {}", row.signature, OutcomeName(r.outcome),
                  Seconds(r.seconds()), r.worker, Seconds(SecondsIntoRun(run, r.start)),
                  Seconds(SecondsIntoRun(run, r.end)));
  if (!ReasonOf(r).empty()) text += "\n" + ReasonOf(r);
  for (size_t i = 0; i < bar.guests.size(); ++i)
    text += (i == 0 ? "\nalso ran: " : ", ") + bar.guests[i];
  return Text(text);
}

std::string Bar(const RunRecord& run, const ReportRow& row, const GanttBar& bar) {
  std::string svg =
      fmt::format("<g class=\"bar {}{}\" data-session=\"s{}\">", ResultClass(row.result->outcome),
                  bar.critical ? " crit" : "", bar.row);
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>", bar.x,
                     bar.y, bar.width, bar.height);
  if (!bar.label.empty())
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", bar.x + 6,
                       bar.y + bar.height / 2 + 4, Text(bar.label));
  return svg + "<title>" + Tooltip(run, row, bar) + "</title></g>\n";
}

/// Dashed arrows from each critical session's end to the next one's start.
std::string Links(const GanttChart& chart) {
  std::string svg;
  for (const GanttLink& l : chart.links)
    svg += fmt::format(
        "<path class=\"crit-link\" marker-end=\"url(#arrow)\" d=\"M{:.1f},{:.1f} C{:.1f},{:.1f} "
        "{:.1f},{:.1f} {:.1f},{:.1f}\"/>\n",
        l.x1, l.y1, l.x1 + 14, l.y1, l.x2 - 14, l.y2, l.x2 - 1, l.y2);
  return svg;
}

std::string Marker(const GanttMarker& m) {
  bool wall = m.kind == GanttMarker::Kind::kWallTime;
  return fmt::format(
      "<g class=\"marker {}\"><line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{:.1f}\"/>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\">{} {}</text></g>\n",
      wall ? "end" : "bound", m.x, m.x, m.top, m.bottom, m.label_x, m.label_y,
      m.label_ends_at_line ? "end" : "middle", wall ? "wall" : "lower bound", Seconds(m.seconds));
}

std::string Gantt(const RunRecord& run, const std::vector<ReportRow>& rows,
                  const std::vector<int>& path) {
  GanttChart chart = LayOutGantt(run, rows, path);
  std::string svg = fmt::format(
      "<svg id=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "role=\"img\" aria-label=\"Gantt chart of the run\">\n",
      chart.frame.Right() + 20, chart.frame.Height());
  svg +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"var(--crit)\"/></marker></defs>\n";
  svg += Lanes(chart.frame) + Axis(chart);
  for (const GanttBar& bar : chart.bars) svg += Bar(run, rows[bar.row], bar);
  svg += Links(chart);
  for (const GanttMarker& marker : chart.markers) svg += Marker(marker);
  return svg + "</svg>\n";
}

std::string Legend(const std::vector<ReportRow>& rows) {
  std::vector<Outcome> seen;
  for (const ReportRow& row : rows)
    if (row.result->started() && std::count(seen.begin(), seen.end(), row.result->outcome) == 0)
      seen.push_back(row.result->outcome);
  std::sort(seen.begin(), seen.end());
  std::string html = "<div class=\"legend\">";
  for (Outcome o : seen)
    html += fmt::format("<span><i class=\"{}\"></i>{}</span>", ResultClass(o), OutcomeName(o));
  return html + "<span><i class=\"crit\"></i>critical path</span></div>\n";
}

std::string CriticalPathLine(const RunRecord& run, const std::vector<int>& path) {
  if (path.empty()) return "";
  std::string chain;
  for (int node : path)
    chain += (chain.empty() ? "" : " → ") + ("<code>" + Text(run.graph->Name(node)) + "</code>");
  return fmt::format(
      "<p class=\"critical\">Critical path through the graph's edges, with this run's durations "
      "({}): {}</p>\n",
      Seconds(PathSeconds(run, path)), chain);
}

std::string TimelineSection(const RunRecord& run, const std::vector<ReportRow>& rows) {
  std::vector<int> path = CriticalPath(run);
  std::string html = "<section class=\"panel\" id=\"timeline\">\n<div class=\"panel-head\">";
  html += "<h2>Timeline</h2>" + Legend(rows) + "</div>\n";
  return html + Gantt(run, rows, path) + CriticalPathLine(run, path) + "</section>\n";
}

// ---- The table of sessions, each with its log -------------------------------------------

/// A log worth reading at once: the session ran and did not finish well.
bool Opened(Outcome outcome) { return IsFailure(outcome) || outcome == Outcome::kInterrupted; }

std::string LogDetails(const Project& project, const ReportRow& row) {
  const SessionResult& r = *row.result;
  if (!row.own_process())
    return fmt::format(
        "<p class=\"reason\">Ran inside <code>{}</code>'s nox process: its output "
        "is in that session's log.</p>",
        Text(row.host));
  if (r.log_path.empty()) return "";
  std::string path = Text(ProjectPath(project, r.log_path));
  LogTail tail = ReadLogTail(r.log_path, kLogBytes, SIZE_MAX);
  if (tail.missing)
    return fmt::format("<p class=\"note\">The log <code>{}</code> could not be read.</p>", path);
  if (tail.size == 0)
    return fmt::format("<details><summary>No output · <code>{}</code></summary></details>", path);
  std::string text = CleanLogText(tail.bytes);
  size_t lines = std::count(text.begin(), text.end(), '\n') + (text.ends_with('\n') ? 0 : 1);
  std::string html = fmt::format(
      "<details{}><summary>Output · {} line{} · {} · <code>{}</code>"
      "</summary>",
      Opened(r.outcome) ? " open" : "", lines, lines == 1 ? "" : "s", Size(tail.size), path);
  if (tail.truncated)
    html += fmt::format(
        "<p class=\"note\">The log is {}: this shows its last {}. The whole log is "
        "<code>{}</code>.</p>",
        Size(tail.size), Size(tail.bytes.size()), path);
  return html + "<pre class=\"log\">" + AnsiToHtml(text) + "</pre></details>";
}

std::string SessionRows(const Project& project, const RunRecord& run, const ReportRow& row,
                        const std::string& id) {
  const SessionResult& r = *row.result;
  bool timed = r.started() && row.own_process();
  std::string name = Text(row.signature);
  std::string reason = Text(ReasonOf(r));
  if (!row.own_process())
    reason += (reason.empty() ? "" : " · ") + ("notified by " + Text(row.host));
  std::string html =
      fmt::format("<tbody class=\"session {} {}\" id=\"{}\" data-session=\"{}\">\n",
                  ResultClass(r.outcome), Passed(r.outcome) ? "passed" : "not-passed", id, id);
  html += fmt::format(
      "<tr><td class=\"name\"><code>{}</code></td><td><span class=\"pill\">{}</span></td>"
      "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
      "<td class=\"reason\">{}</td></tr>\n",
      name, OutcomeName(r.outcome), timed ? "+" + Seconds(SecondsIntoRun(run, r.start)) : "–",
      timed ? Seconds(r.seconds()) : "–", r.started() ? std::to_string(r.worker) : "–", reason);
  std::string log = LogDetails(project, row);
  if (!log.empty()) html += "<tr class=\"log\"><td colspan=\"6\">" + log + "</td></tr>\n";
  return html + "</tbody>\n";
}

std::string SessionsSection(const Project& project, const RunRecord& run,
                            const std::vector<ReportRow>& rows) {
  std::string html =
      "<section class=\"panel\" id=\"sessions\">\n<div class=\"panel-head\"><h2>Sessions</h2>"
      "<div class=\"tools\"><button id=\"only-failures\" aria-pressed=\"false\">Only what did "
      "not pass</button><button id=\"open-all\">Open all logs</button><button id=\"close-all\">"
      "Fold all logs</button></div></div>\n<table class=\"sessions\">\n<thead><tr><th>Session"
      "</th><th>Result</th><th class=\"num\">Start</th><th class=\"num\">Duration</th>"
      "<th class=\"num\">Worker</th><th>Reason</th></tr></thead>\n";
  for (size_t i = 0; i < rows.size(); ++i)
    html += SessionRows(project, run, rows[i], fmt::format("s{}", i));
  return html + "</table>\n</section>\n";
}

}  // namespace

std::string RenderHtmlReport(const Project& project, const RunRecord& run) {
  std::vector<ReportRow> rows = ReportRows(run);
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += fmt::format("<meta name=\"generator\" content=\"parnox {}\">\n", PARNOX_VERSION);
  html += fmt::format("<title>{} parnox: {} · {}</title>\n", run.AllPassed() ? "✅" : "❌",
                      Text(RunVerdict(run)), Text(ProjectName(project)));
  html += "<style>\n" + std::string(kHtmlReportStyle) +
          "</style>\n</head>\n<body>\n<div class=\"wrap\">\n";
  html += Header(project, run) + TimelineSection(run, rows) + SessionsSection(project, run, rows);
  html += fmt::format(
      "<footer>Made by parnox {} from the run's logs in <code>.parnox/logs/"
      "</code>.</footer>\n</div>\n",
      PARNOX_VERSION);
  html += "<div class=\"tip\" id=\"tip\"></div>\n<script>\n" + std::string(kHtmlReportScript) +
          "</script>\n";
  return html + "</body>\n</html>\n";
}
