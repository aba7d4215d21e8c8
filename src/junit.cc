#include "junit.h"

#include <fmt/format.h>

#include "log_text.h"
#include "markup.h"
#include "run_summary.h"

namespace {

// A failure's text: enough of the log's end to see why, small enough that a CI reader
// with a few hundred sessions does not choke.
constexpr size_t kTailBytes = size_t{64} * 1024;
constexpr size_t kTailLines = 100;
constexpr size_t kMessageChars = 300;

std::string Time(double seconds) { return fmt::format("{:.3f}", seconds); }

/// A one-line message attribute: the reason's first line, shortened.
std::string Message(const SessionResult& r) {
  std::string message = ReasonOf(r);
  if (message.empty()) message = OutcomeName(r.outcome);
  message = message.substr(0, message.find('\n'));
  if (message.size() > kMessageChars) message = message.substr(0, kMessageChars) + "...";
  return XmlEscape(message, true);
}

/// What a failure or error element says: where the log is, then its last lines.
std::string LogTailText(const Project& project, const SessionResult& r) {
  if (r.log_path.empty()) return "";
  LogTail tail;
  std::string text = PlainLogTail(r.log_path, kTailBytes, kTailLines, &tail);
  std::string path = ProjectPath(project, r.log_path);
  if (tail.missing) return XmlEscape(fmt::format("log: {} (could not be read)\n", path));
  std::string heading =
      tail.truncated ? fmt::format("log: {} (its last lines)", path) : fmt::format("log: {}", path);
  if (!text.empty() && text.back() != '\n') text += '\n';
  return XmlEscape(heading) + "\n\n" + XmlEscape(text);
}

std::string TestcaseBody(const Project& project, const SessionResult& r) {
  switch (r.outcome) {
    case Outcome::kSuccess: return "";
    case Outcome::kFailed:
    case Outcome::kTimedOut:
      return fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", Message(r),
                         r.outcome == Outcome::kFailed ? "failed" : "timeout",
                         LogTailText(project, r));
    case Outcome::kInterrupted:
      return fmt::format("      <error message=\"{}\" type=\"interrupted\">{}</error>\n",
                         Message(r), LogTailText(project, r));
    case Outcome::kSkipped:
    case Outcome::kAborted:
    case Outcome::kNotStarted:
      if (ReasonOf(r).empty()) return "      <skipped/>\n";
      return fmt::format("      <skipped message=\"{}\"/>\n", Message(r));
  }
  return "";
}

std::string Testcase(const Project& project, const ReportRow& row) {
  const SessionResult& r = *row.result;
  // A notified session shares its notifier's process; its time is already counted there.
  double seconds = r.started() && row.own_process() ? r.seconds() : 0;
  // `file` points annotations (mikepenz/action-junit-report) at the noxfile rather than at
  // whatever file the classname happens to match.
  std::string head =
      fmt::format("    <testcase classname=\"parnox\" name=\"{}\" time=\"{}\" file=\"{}\"",
                  XmlEscape(row.signature, true), Time(seconds), XmlEscape(project.noxfile, true));
  std::string body = TestcaseBody(project, r);
  if (body.empty()) return head + "/>\n";
  return head + ">\n" + body + "    </testcase>\n";
}

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

Counts Count(const std::vector<ReportRow>& rows) {
  Counts c;
  for (const ReportRow& row : rows) {
    Outcome o = row.result->outcome;
    ++c.tests;
    if (IsFailure(o))
      ++c.failures;
    else if (o == Outcome::kInterrupted)
      ++c.errors;
    else if (o != Outcome::kSuccess)
      ++c.skipped;
  }
  return c;
}

std::string Property(const char* name, const std::string& value) {
  return fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, XmlEscape(value, true));
}

}  // namespace

std::string XmlEscape(std::string_view bytes, bool attribute) {
  std::string text = EscapeMarkup(StripAnsi(CleanLogText(bytes)));
  if (!attribute) return text;
  // A parser turns a raw newline or tab in an attribute into a space.
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += c == '\n' ? "&#10;" : c == '\t' ? "&#9;" : std::string(1, c);
  return out;
}

std::string RenderJunit(const Project& project, const RunRecord& run) {
  std::vector<ReportRow> rows = ReportRows(run);
  Counts c = Count(rows);
  std::string counts = fmt::format(R"(tests="{}" failures="{}" errors="{}" skipped="{}" time="{}")",
                                   c.tests, c.failures, c.errors, c.skipped, Time(run.seconds()));
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"parnox\" {}>\n", counts);
  xml += fmt::format("  <testsuite name=\"parnox\" {} timestamp=\"{}\">\n", counts,
                     WallClockUtc(run.start));
  xml += "    <properties>\n";
  xml += Property("parnox.version", PARNOX_VERSION);
  xml += Property("nox.version", project.nox_version);
  xml += Property("jobs", std::to_string(run.jobs));
  xml += Property("noxfile", project.noxfile);
  xml += "    </properties>\n";
  for (const ReportRow& row : rows) xml += Testcase(project, row);
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}
