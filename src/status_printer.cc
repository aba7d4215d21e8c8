#include "status_printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "run_summary.h"
#include "util.h"

CiSystem DetectCiSystem(const Environment& env) {
  if (env.IsTrue("GITHUB_ACTIONS")) return CiSystem::kGitHub;
  if (env.IsTrue("GITLAB_CI")) return CiSystem::kGitLab;
  return CiSystem::kNone;
}

std::string FormatSeconds(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  long whole = static_cast<long>(seconds);
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
}

double SecondsSince(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

namespace {

/// The word and its colour for an outcome.
std::pair<std::string_view, std::string_view> OutcomeWord(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess: return {"passed", "32"};
    case Outcome::kFailed: return {"FAILED", "1;31"};
    case Outcome::kTimedOut: return {"TIMEOUT", "1;31"};
    case Outcome::kSkipped: return {"skipped", "33"};
    default: return {OutcomeName(outcome), "33"};
  }
}

/// `text` padded to `width` columns, then painted: colour codes take no columns.
std::string PaintPadded(std::string_view text, std::string_view sgr, size_t width,
                        const LinePrinter& printer) {
  std::string padded(text);
  padded.resize(std::max(width, padded.size()), ' ');
  return printer.Paint(padded, sgr);
}

}  // namespace

std::string OutcomeLabel(Outcome outcome, const LinePrinter& printer) {
  auto [word, sgr] = OutcomeWord(outcome);
  return printer.Paint(word, sgr);
}

std::string FinishedLine(const Graph& graph, int node, const SessionResult& result,
                         const LinePrinter& printer) {
  auto [word, sgr] = OutcomeWord(result.outcome);
  std::string line = PaintPadded(word, sgr, 8, printer) + " " + graph.Name(node);
  if (result.started()) line += fmt::format(" ({})", FormatSeconds(result.seconds()));
  std::string why = ReasonOf(result);
  if (!why.empty() && result.outcome != Outcome::kNotStarted) line += ": " + why;
  return line;
}

std::string HeldLine(const Graph& graph, int node, int other, const std::string& why,
                     const LinePrinter& printer) {
  return fmt::format("{} {} for {}: {}", PaintPadded("waits", "36", 8, printer), graph.Name(node),
                     graph.Name(other), why);
}

std::string RestartedLine(const Graph& graph, int node, int other, const std::string& why,
                          const LinePrinter& printer) {
  std::string after = other >= 0 ? " after " + graph.Name(other) : "";
  return fmt::format("{} {}{}: {}", PaintPadded("again", "36", 8, printer), graph.Name(node), after,
                     why);
}

std::string RenderSummaryTable(const RunRecord& run, const LinePrinter& printer) {
  std::vector<ReportRow> rows = ReportRows(run);
  std::vector<std::string> names;
  size_t width = 7;
  for (const ReportRow& row : rows) {
    names.push_back(row.own_process() ? row.signature : row.signature + " (notified)");
    width = std::max(width, DisplayWidth(names.back()));
  }
  std::string out =
      fmt::format("\n{:<{}}  {:<11}  {:>8}\n", "Session", width, "Result", "Duration");
  for (size_t i = 0; i < rows.size(); ++i) {
    const SessionResult& r = *rows[i].result;
    std::string note = ReasonOf(r);
    if (rows[i].node >= 0) {
      std::string conflict = ConflictNote(run, rows[i].node);
      if (!conflict.empty()) note += (note.empty() ? "" : "; ") + conflict;
    }
    if (IsFailure(r.outcome) && !r.log_path.empty())
      note += (note.empty() ? "" : "; ") + ("log: " + DisplayPath(r.log_path));
    bool timed = r.started() && rows[i].own_process();
    std::string line =
        fmt::format("{:<{}}  {}  {:>8}  {}", names[i], width,
                    PaintPadded(OutcomeName(r.outcome), OutcomeWord(r.outcome).second, 11, printer),
                    timed ? FormatSeconds(r.seconds()) : "-", note);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  Comparison vs = CompareWithSequential(run);
  out += fmt::format("\nWall time {} on {} worker{}; {}; lower bound {}{}.\n",
                     FormatSeconds(run.seconds()), run.jobs, run.jobs == 1 ? "" : "s",
                     vs.sequential, FormatSeconds(run.lower_bound_seconds),
                     vs.faster.empty() ? "" : "; " + vs.faster);
  return out;
}

namespace {

/// `--output quiet`: the final table alone.
class QuietPrinter : public Status {
 public:
  explicit QuietPrinter(LinePrinter& printer) : printer_(printer) {}
  void SessionStarted(int) override {}
  void SessionOutput(int, std::string_view) override {}
  void SessionFinished(int, const SessionResult&) override {}
  void RunFinished(const RunRecord& run) override {
    printer_.Write(RenderSummaryTable(run, printer_));
    printer_.Flush();
  }

 private:
  LinePrinter& printer_;
};

}  // namespace

std::unique_ptr<Status> MakeStatusPrinter(OutputMode mode, const StatusContext& context,
                                          LinePrinter& printer) {
  if (mode == OutputMode::kAuto) mode = printer.smart() ? OutputMode::kBoard : OutputMode::kBlocks;
  switch (mode) {
    case OutputMode::kBoard: return MakeBoardPrinter(context, printer);
    case OutputMode::kStream: return MakeStreamPrinter(context, printer);
    case OutputMode::kQuiet: return std::make_unique<QuietPrinter>(printer);
    default: return MakeBlockPrinter(context, printer);
  }
}
