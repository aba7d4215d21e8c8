#include "html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ansi_html.h"
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
std::string Text(std::string_view bytes) {
  return EscapeMarkup(StripAnsi(CleanLogText(bytes)));
}

std::string Seconds(double seconds) {
  return FormatSeconds(std::max(0.0, seconds));
}

std::string Size(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < uint64_t{1000} * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

double Offset(const RunRecord& run, Clock::time_point t) {
  return std::chrono::duration<double>(t - run.start).count();
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
  double wall = run.seconds(), sequential = SequentialSeconds(run);
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
  html += Stat("Sequential sum", Seconds(sequential), "every session one after another");
  html +=
      Stat("Lower bound", Seconds(run.lower_bound_seconds), "max(critical path, work / workers)");
  html += Stat("Speedup", wall > 0 ? fmt::format("{:.2f}×", sequential / wall) : "–",
               "sequential sum / wall time");
  if (wall > 0 && run.lower_bound_seconds > 0)
    html += Stat("Efficiency", fmt::format("{:.0f}%", 100 * run.lower_bound_seconds / wall),
                 "lower bound / wall time");
  return html + "</dl>\n</header>\n";
}

// ---- The Gantt chart -------------------------------------------------------------------

/// Where things go in the chart, in SVG user units.
struct Chart {
  double span = 1;  ///< seconds the time axis covers
  int rows = 1;
  double left = 92, width = 1088, top = 30, row = 36, bar = 26;

  double X(double seconds) const { return left + seconds / span * width; }
  double RowTop(int r) const { return top + r * row; }
  double Height() const { return top + rows * row + 44; }
  double Right() const { return left + width; }
};

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

std::string Axis(const Chart& c) {
  std::string svg = "<g class=\"grid\">\n";
  std::string labels = "<g class=\"axis\">\n";
  double step = TickStep(c.span);
  int ticks = static_cast<int>(std::floor(c.span / step + 1e-6));
  for (int i = 0; i <= ticks; ++i) {
    double t = i * step;
    svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\"/>\n", c.X(t),
                       c.top - 6, c.RowTop(c.rows));
    labels += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", c.X(t),
                          c.top - 12, TickLabel(t, step));
  }
  return svg + "</g>\n" + labels + "</g>\n";
}

std::string Rows(const Chart& c) {
  std::string svg;
  for (int r = 0; r < c.rows; ++r) {
    if (r % 2 == 0)
      svg += fmt::format("<rect class=\"row-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                         c.left, c.RowTop(r), c.width, c.row);
    svg += fmt::format(
        "<text class=\"row-label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">worker {}</text>\n",
        c.left - 10, c.RowTop(r) + c.row / 2 + 4, r);
  }
  return svg;
}

/// A label that fits `width` units at ~7 units a character, elided at the end; "" if none.
std::string FitLabel(const std::string& text, double width) {
  size_t room = width > 14 ? static_cast<size_t>((width - 12) / 7) : 0;
  if (text.size() <= room) return text;
  if (room < 4) return "";
  return text.substr(0, room - 1) + "…";
}

struct BarInfo {
  const ReportRow* row;
  std::string id;  ///< the table row's id
  int first_row, last_row;
  std::string guests;  ///< sessions nox ran inside this one
};

std::string Tooltip(const RunRecord& run, const BarInfo& b) {
  const SessionResult& r = *b.row->result;
  std::string text = fmt::format("{}\n{} · {} · worker {}\n{} → {}", b.row->signature,
                                 OutcomeName(r.outcome), Seconds(r.seconds()), r.worker,
                                 Seconds(Offset(run, r.start)), Seconds(Offset(run, r.end)));
  if (!ReasonOf(r).empty()) text += "\n" + ReasonOf(r);
  if (!b.guests.empty()) text += "\nalso ran: " + b.guests;
  return Text(text);
}

std::string Bar(const Chart& c, const RunRecord& run, const BarInfo& b, bool critical) {
  const SessionResult& r = *b.row->result;
  double x = c.X(Offset(run, r.start));
  double width = std::max(2.0, c.X(Offset(run, r.end)) - x);
  double y = c.RowTop(b.first_row) + (c.row - c.bar) / 2;
  double height = c.RowTop(b.last_row) - c.RowTop(b.first_row) + c.bar;
  std::string svg = fmt::format("<g class=\"bar {}{}\" data-session=\"{}\">",
                                ResultClass(r.outcome), critical ? " crit" : "", b.id);
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>", x, y,
                     width, height);
  std::string label = FitLabel(b.row->signature, width);
  if (!label.empty())
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", x + 6, y + height / 2 + 4,
                       Text(label));
  return svg + "<title>" + Tooltip(run, b) + "</title></g>\n";
}

/// Dashed arrows from each critical session's end to the next one's start.
std::string CriticalLinks(const Chart& c, const RunRecord& run, const std::vector<int>& path) {
  std::string svg;
  auto middle = [&](int node) {
    int worker = std::max(0, run.results[node].worker);
    return c.RowTop(worker) + c.row / 2;
  };
  for (size_t i = 1; i < path.size(); ++i) {
    double x1 = c.X(Offset(run, run.results[path[i - 1]].end));
    double x2 = c.X(Offset(run, run.results[path[i]].start));
    double y1 = middle(path[i - 1]), y2 = middle(path[i]);
    if (std::abs(x2 - x1) < 3 && y1 == y2) continue;  // back to back: the outline says it
    svg += fmt::format(
        "<path class=\"crit-link\" marker-end=\"url(#arrow)\" d=\"M{:.1f},{:.1f} C{:.1f},{:.1f} "
        "{:.1f},{:.1f} {:.1f},{:.1f}\"/>\n",
        x1, y1, x1 + 14, y1, x2 - 14, y2, x2 - 1, y2);
  }
  return svg;
}

/// A vertical line at `seconds` labelled below the chart, on label line `line` (0 or 1).
std::string Marker(const Chart& c, const char* kind, double seconds, const std::string& label,
                   int line) {
  double x = c.X(seconds);
  bool at_edge = x > c.Right() - 60;
  const char* anchor = at_edge ? "end" : "middle";
  double text_x = at_edge ? x - 4 : x;
  double bottom = c.RowTop(c.rows);
  return fmt::format(
      "<g class=\"marker {}\"><line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{:.1f}\"/>"
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\">{}</text></g>\n",
      kind, x, x, c.top - 4, bottom + 6 + 15 * line, text_x, bottom + 20 + 15 * line, anchor,
      label);
}

/// The wall-time and lower-bound lines, their labels on two lines when they would overlap.
std::string Markers(const Chart& c, const RunRecord& run) {
  std::string svg = Marker(c, "end", run.seconds(), "wall " + Seconds(run.seconds()), 0);
  if (run.lower_bound_seconds <= 0) return svg;
  bool close = std::abs(c.X(run.seconds()) - c.X(run.lower_bound_seconds)) < 130;
  return Marker(c, "bound", run.lower_bound_seconds,
                "lower bound " + Seconds(run.lower_bound_seconds), close ? 1 : 0) +
         svg;
}

std::vector<BarInfo> Bars(const RunRecord& run, const std::vector<ReportRow>& rows) {
  std::vector<BarInfo> bars;
  for (size_t i = 0; i < rows.size(); ++i) {
    const ReportRow& row = rows[i];
    if (!row.result->started() || !row.own_process()) continue;
    int worker = row.result->worker;
    bool exclusive = row.node >= 0 && run.graph->nodes[row.node].exclusive;
    bars.push_back({&row, fmt::format("s{}", i), exclusive ? 0 : worker,
                    exclusive ? run.jobs - 1 : worker, ""});
  }
  for (const ReportRow& row : rows) {
    if (row.own_process()) continue;
    for (BarInfo& b : bars)
      if (b.row->signature == row.host) b.guests += (b.guests.empty() ? "" : ", ") + row.signature;
  }
  return bars;
}

std::string Gantt(const RunRecord& run, const std::vector<ReportRow>& rows,
                  const std::vector<int>& path) {
  std::vector<BarInfo> bars = Bars(run, rows);
  Chart c;
  c.rows = std::max(1, run.jobs);
  c.span = std::max(run.seconds(), 0.001);
  for (const BarInfo& b : bars) {
    c.rows = std::max(c.rows, b.last_row + 1);
    c.span = std::max(c.span, Offset(run, b.row->result->end));
  }
  std::string svg = fmt::format(
      "<svg id=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "role=\"img\" aria-label=\"Gantt chart of the run\">\n",
      c.Right() + 20, c.Height());
  svg +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"var(--crit)\"/></marker></defs>\n";
  svg += Rows(c) + Axis(c);
  for (const BarInfo& b : bars) {
    bool critical = b.row->node >= 0 && std::count(path.begin(), path.end(), b.row->node) > 0;
    svg += Bar(c, run, b, critical);
  }
  svg += CriticalLinks(c, run, path);
  svg += Markers(c, run);
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
bool Opened(Outcome outcome) {
  return IsFailure(outcome) || outcome == Outcome::kInterrupted;
}

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
      name, OutcomeName(r.outcome), timed ? "+" + Seconds(Offset(run, r.start)) : "–",
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
