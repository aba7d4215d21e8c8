#include "step_summary.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "log_text.h"
#include "markup.h"
#include "run_summary.h"
#include "status_printer.h"

namespace {

// Each failure's tail, and how many failures get one: a few hundred KB at most, far from
// GitHub's 1 MiB limit, which would drop the whole summary.
constexpr size_t kTailBytes = size_t{8} * 1024;
constexpr size_t kTailLines = 60;
constexpr size_t kMaxDetailedFailures = 20;

/// Plain text safe in a table cell or in HTML: no ANSI, no markup, no line breaks.
std::string CellText(std::string_view bytes) {
  std::string out;
  for (char c : StripAnsi(CleanLogText(bytes))) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '\n' || c == '\t')
      out += ' ';
    // Backslash-escaped ASCII punctuation renders as itself in GitHub Markdown.
    else if (c != 0 && std::strchr("\\`*_[]|~#", c))
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out;
}

size_t LongestRun(std::string_view text, char c) {
  size_t longest = 0, run = 0;
  for (char x : text) longest = std::max(longest, run = x == c ? run + 1 : 0);
  return longest;
}

/// A signature as inline code in a table cell.
std::string Code(std::string_view bytes) {
  std::string text = StripAnsi(CleanLogText(bytes));
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::string fence(LongestRun(text, '`') + 1, '`');
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  bool pad = text.starts_with('`') || text.ends_with('`');
  return fence + (pad ? " " : "") + out + (pad ? " " : "") + fence;
}

std::string Mark(Outcome outcome) {
  if (outcome == Outcome::kSuccess) return "✅ ";
  if (IsFailure(outcome) || outcome == Outcome::kInterrupted) return "❌ ";
  return "";
}

std::string Row(const ReportRow& row) {
  const SessionResult& r = *row.result;
  std::string duration = r.started() && row.own_process() ? FormatSeconds(r.seconds()) : "–";
  std::string note = CellText(ReasonOf(r));
  if (!row.own_process()) note += (note.empty() ? "" : "; ") + ("ran inside " + Code(row.host));
  return fmt::format("| {} | {}{} | {} | {} |\n", Code(row.signature), Mark(r.outcome),
                     OutcomeName(r.outcome), duration, note);
}

std::string Numbers(const RunRecord& run) {
  Comparison vs = CompareWithSequential(run);
  std::string text = fmt::format("**Wall time {}** on {} worker{} · {} · lower bound {}",
                                 FormatSeconds(run.seconds()), run.jobs, run.jobs == 1 ? "" : "s",
                                 vs.sequential, FormatSeconds(run.lower_bound_seconds));
  if (!vs.faster.empty()) text += fmt::format(" · **{}**", vs.faster);
  std::vector<int> path = CriticalPath(run);
  if (path.size() > 1) {  // a single session is no chain worth naming
    std::string chain;
    for (int node : path) chain += (chain.empty() ? "" : " → ") + Code(run.graph->Name(node));
    text += fmt::format("\n\nCritical path ({}): {}", FormatSeconds(PathSeconds(run, path)), chain);
  }
  return text + "\n";
}

std::string FailureDetails(const Project& project, const ReportRow& row) {
  const SessionResult& r = *row.result;
  std::string summary =
      fmt::format("❌ <code>{}</code> {}", EscapeMarkup(CleanLogText(row.signature)),
                  EscapeMarkup(OutcomeName(r.outcome)));
  if (!ReasonOf(r).empty()) summary += ": " + CellText(ReasonOf(r));
  std::string out = "<details><summary>" + summary + "</summary>\n\n";
  if (r.log_path.empty()) return out + "No log was kept.\n\n</details>\n\n";
  LogTail tail;
  std::string text = PlainLogTail(r.log_path, kTailBytes, kTailLines, &tail);
  std::string path = ProjectPath(project, r.log_path);
  if (tail.missing) return out + fmt::format("Log `{}` could not be read.\n\n</details>\n\n", path);
  if (!text.empty() && text.back() != '\n') text += '\n';
  std::string fence(std::max<size_t>(3, LongestRun(text, '`') + 1), '`');
  out += fmt::format("{}text\n{}{}\n\n", fence, text, fence);
  out += fmt::format("{} log: {}\n\n</details>\n\n",
                     tail.truncated ? "The end of its" : "Its whole", Code(path));
  return out;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

std::string RenderStepSummary(const Project& project, const RunRecord& run) {
  std::vector<ReportRow> rows = ReportRows(run);
  std::string md =
      fmt::format("### {}parnox: {}\n\n", run.AllPassed() ? "✅ " : "❌ ", RunVerdict(run));
  md += "| Session | Result | Duration | Notes |\n| :-- | :-- | --: | :-- |\n";
  for (const ReportRow& row : rows) md += Row(row);
  md += "\n" + Numbers(run) + "\n";
  size_t detailed = 0, failures = 0;
  for (const ReportRow& row : rows) {
    if (!IsFailure(row.result->outcome) && row.result->outcome != Outcome::kInterrupted) continue;
    if (!row.own_process()) continue;  // its log is its host's, shown there
    if (++failures <= kMaxDetailedFailures) md += FailureDetails(project, row), ++detailed;
  }
  if (failures > detailed)
    md += fmt::format("{} more failures: see their logs in `.parnox/logs/`.\n\n",
                      failures - detailed);
  return md;
}

bool AppendStepSummary(const std::string& path, const std::string& markdown, std::string* error) {
  // O_APPEND: every write lands after whatever other steps wrote.
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && WriteAll(fd, markdown);
  if (fd >= 0 && ::close(fd) != 0) ok = false;
  if (!ok) *error = fmt::format("cannot append to {}: {}", path, std::strerror(errno));
  return ok;
}
