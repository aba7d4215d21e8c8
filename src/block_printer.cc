// Output for CI logs and pipes: a line when a session starts, and each session's whole
// output as one block when it ends, never interleaved with another's. Under GitHub Actions
// and GitLab CI the blocks fold, and a heartbeat says what still runs during long silences.

#include <fmt/format.h>

#include <fstream>
#include <map>

#include "run_summary.h"
#include "session_text.h"
#include "status_printer.h"
#include "util.h"

namespace {

/// GitHub's workflow commands end their data at a newline and decode %-escapes.
std::string GitHubEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

/// A workflow command's property value (`title=...`) also ends at ',' and '::'.
std::string GitHubProperty(std::string_view text) {
  std::string out;
  for (char c : GitHubEscape(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

/// GitLab section names take letters, digits, `_`, `.` and `-`.
std::string SectionName(const std::string& signature, int node) {
  std::string name = fmt::format("parnox_{}_", node);
  for (char c : signature) name += isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

long UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class BlockPrinter : public Status {
 public:
  BlockPrinter(const StatusContext& context, LinePrinter& printer)
      : context_(context), printer_(printer) {}

  void SessionStarted(int node) override {
    running_[node] = Clock::now();
    Emit(fmt::format("[{:>6}] started  {}\n", FormatSeconds(SecondsSince(start_)),
                     context_.graph->Name(node)));
  }

  void SessionOutput(int, std::string_view) override {}  // the log keeps it for the block

  void SessionFinished(int node, const SessionResult& result) override {
    running_.erase(node);
    std::string line = fmt::format("[{:>6}] {}", FormatSeconds(SecondsSince(start_)),
                                   FinishedLine(*context_.graph, node, result, printer_));
    if (!result.started() || result.log_path.empty()) return Emit(line + "\n");
    bool failed = IsFailure(result.outcome);
    switch (context_.ci) {
      case CiSystem::kGitHub: return GitHubBlock(node, line, result, failed);
      case CiSystem::kGitLab: return GitLabBlock(node, line, result, failed);
      case CiSystem::kNone: return PlainBlock(node, line, result);
    }
  }

  void Tick() override {
    if (running_.empty() || Clock::now() - last_print_ < context_.heartbeat) return;
    std::string still;
    for (const auto& [node, since] : running_)
      still += fmt::format("{}{} ({})", still.empty() ? "" : ", ", context_.graph->Name(node),
                           FormatSeconds(SecondsSince(since)));
    Emit(fmt::format("[{:>6}] still running: {}\n", FormatSeconds(SecondsSince(start_)), still));
  }

  void SessionHeld(int node, int other, const std::string& why) override {
    Emit(fmt::format("[{:>6}] {}\n", FormatSeconds(SecondsSince(start_)),
                     HeldLine(*context_.graph, node, other, why, printer_)));
  }

  void SessionRestarted(int node, int other, const std::string& why) override {
    Restarted(node);
    Emit(fmt::format("[{:>6}] {}\n", FormatSeconds(SecondsSince(start_)),
                     RestartedLine(*context_.graph, node, other, why, printer_)));
  }

  void Problem(const std::string& message) override {
    Emit(
        fmt::format("[{:>6}] parnox: warning: {}\n", FormatSeconds(SecondsSince(start_)), message));
  }

  void RunFinished(const RunRecord& run) override { Emit(RenderSummaryTable(run, printer_)); }

 private:
  void GitHubBlock(int node, const std::string& line, const SessionResult& result, bool failed) {
    const std::string& name = context_.graph->Name(node);
    if (failed) {
      std::string_view outcome = OutcomeName(result.outcome);
      Emit(fmt::format("::error title={}::{}\n",
                       GitHubProperty(fmt::format("parnox: {} {}", name, outcome)),
                       GitHubEscape(fmt::format("{} {}: {}. Log: {}", name, outcome,
                                                ReasonOf(result), DisplayPath(result.log_path)))));
    }
    Emit("::group::" + line + "\n");
    EmitLog(result.log_path);
    Emit("::endgroup::\n");
  }

  void GitLabBlock(int node, const std::string& line, const SessionResult& result, bool failed) {
    std::string section = SectionName(context_.graph->Name(node), node);
    Emit(fmt::format("\x1b[0Ksection_start:{}:{}[collapsed={}]\r\x1b[0K{}\n", UnixSeconds(),
                     section, failed ? "false" : "true", line));
    EmitLog(result.log_path);
    Emit(fmt::format("\x1b[0Ksection_end:{}:{}\r\x1b[0K\n", UnixSeconds(), section));
  }

  void PlainBlock(int node, const std::string& line, const SessionResult& result) {
    Emit(line + "\n");
    EmitLog(result.log_path);
    Emit(fmt::format("[{:>6}] end of {}\n", FormatSeconds(SecondsSince(start_)),
                     context_.graph->Name(node)));
  }

  /// The log, line by line (escape sequences never span lines), as SessionOutputLine passes it on,
  /// and ending in a newline whatever the session left.
  void EmitLog(const std::string& path) {
    std::ifstream log(path, std::ios::binary);
    std::string line;
    while (std::getline(log, line)) {
      printer_.Write(SessionOutputLine(line, printer_.color(), context_.ci));
      printer_.Write("\n");
    }
    Emit("");
  }

  void Emit(const std::string& text) {
    printer_.Write(text);
    printer_.Flush();
    last_print_ = Clock::now();
  }

  /// Its attempt so far is no block of its own: its output stays in its log.
  void Restarted(int node) { running_.erase(node); }

  StatusContext context_;
  LinePrinter& printer_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_print_ = Clock::now();
  std::map<int, Clock::time_point> running_;
};

}  // namespace

std::unique_ptr<Status> MakeBlockPrinter(const StatusContext& context, LinePrinter& printer) {
  return std::make_unique<BlockPrinter>(context, printer);
}
