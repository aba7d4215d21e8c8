#include "status_printer.h"

#include <fmt/format.h>

#include <algorithm>

#include "util.h"

std::string FormatSeconds(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  long whole = static_cast<long>(seconds);
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
}

namespace {

std::string Label(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess: return "passed";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kTimedOut: return "TIMEOUT";
    default: return OutcomeName(outcome);
  }
}

}  // namespace

void PlainStatusPrinter::SessionStarted(int node) {
  double at = std::chrono::duration<double>(Clock::now() - start_).count();
  fmt::print(out_, "[{:>6}] started  {}\n", FormatSeconds(at), graph_.Name(node));
  std::fflush(out_);
}

void PlainStatusPrinter::SessionFinished(int node, const SessionResult& result) {
  double at = std::chrono::duration<double>(Clock::now() - start_).count();
  std::string line = fmt::format("[{:>6}] {:<8} {}", FormatSeconds(at), Label(result.outcome),
                                 graph_.Name(node));
  if (result.started()) line += fmt::format(" ({})", FormatSeconds(result.seconds()));
  if (!result.reason.empty() && result.outcome != Outcome::kNotStarted)
    line += ": " + result.reason;
  fmt::print(out_, "{}\n", line);
  bool failed = result.outcome == Outcome::kFailed || result.outcome == Outcome::kTimedOut;
  if (failed && !result.log_path.empty()) PrintLog(graph_.Name(node), result.log_path);
  std::fflush(out_);
}

void PlainStatusPrinter::PrintLog(const std::string& name, const std::string& path) {
  fmt::print(out_, "---- output of {} ({}) ----\n", name, DisplayPath(path));
  std::FILE* log = std::fopen(path.c_str(), "rb");
  char buffer[65536];
  bool ends_with_newline = true;
  while (log) {
    size_t n = std::fread(buffer, 1, sizeof buffer, log);
    if (n == 0) break;
    std::fwrite(buffer, 1, n, out_);
    ends_with_newline = buffer[n - 1] == '\n';
  }
  if (log) std::fclose(log);
  fmt::print(out_, "{}---- end of {} ----\n", ends_with_newline ? "" : "\n", name);
}

void PlainStatusPrinter::RunFinished(const RunRecord& run) {
  size_t width = 7;
  for (size_t n = 0; n < run.results.size(); ++n)
    width = std::max(width, graph_.Name(static_cast<int>(n)).size());
  const std::string notified = " (notified)";
  for (const auto& [signature, result] : run.extras)
    width = std::max(width, signature.size() + notified.size());
  fmt::print(out_, "\n{:<{}}  {:<11}  {:>8}\n", "Session", width, "Result", "Duration");
  double sequential = 0;
  auto row = [&](const std::string& name, const SessionResult& r) {
    std::string duration = r.started() ? FormatSeconds(r.seconds()) : "-";
    std::string note;
    if (!Passed(r.outcome) && !r.reason.empty()) note = r.reason;
    if ((r.outcome == Outcome::kFailed || r.outcome == Outcome::kTimedOut) && !r.log_path.empty())
      note += (note.empty() ? "" : "; ") + ("log: " + DisplayPath(r.log_path));
    std::string line = fmt::format("{:<{}}  {:<11}  {:>8}  {}", name, width, OutcomeName(r.outcome),
                                   duration, note);
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print(out_, "{}\n", line);
    if (r.started()) sequential += r.seconds();
  };
  for (size_t n = 0; n < run.results.size(); ++n)
    row(graph_.Name(static_cast<int>(n)), run.results[n]);
  for (const auto& [signature, result] : run.extras) row(signature + notified, result);
  double wall = run.seconds();
  fmt::print(out_, "\nWall time {} on {} worker{}; sequential sum {}; lower bound {}{}.\n",
             FormatSeconds(wall), run.jobs, run.jobs == 1 ? "" : "s", FormatSeconds(sequential),
             FormatSeconds(run.lower_bound_seconds),
             wall > 0 ? fmt::format("; speedup {:.2f}x", sequential / wall) : "");
  std::fflush(out_);
}
