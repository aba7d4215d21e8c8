// `--output stream`: every line of every session as it comes, prefixed with the session's
// name in a colour of its own, so concurrent output can still be told apart.

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <utility>

#include "session_text.h"
#include "status_printer.h"

namespace {

/// A session's lines longer than this are printed in pieces rather than held back forever.
constexpr size_t kMaxHeldLine = size_t{64} * 1024;

class StreamPrinter : public Status {
 public:
  StreamPrinter(const StatusContext& context, LinePrinter& printer)
      : context_(context), printer_(printer) {
    for (const Node& node : context.graph->nodes)
      width_ = std::max(width_, DisplayWidth(node.session->signature));
  }

  void SessionStarted(int node) override {
    Emit(fmt::format("[{:>6}] started  {}\n", FormatSeconds(SecondsSince(start_)),
                     context_.graph->Name(node)));
  }

  void SessionOutput(int node, std::string_view bytes) override {
    std::string& held = held_[node];
    for (char c : bytes) {
      if (c == '\n') {
        PrintLine(node, held);
        held.clear();
      } else {
        held += c;
        if (held.size() >= kMaxHeldLine) PrintLine(node, std::exchange(held, {}));
      }
    }
    printer_.Flush();
  }

  void SessionFinished(int node, const SessionResult& result) override {
    auto held = held_.find(node);
    if (held != held_.end() && !held->second.empty()) PrintLine(node, held->second);
    if (held != held_.end()) held_.erase(held);
    Emit(fmt::format("[{:>6}] {}\n", FormatSeconds(SecondsSince(start_)),
                     FinishedLine(*context_.graph, node, result, printer_)));
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
  void PrintLine(int node, const std::string& line) {
    const std::string& name = context_.graph->Name(node);
    std::string prefix = name + std::string(width_ - DisplayWidth(name), ' ');
    printer_.Write(printer_.Paint(prefix, Colour(name)));
    printer_.Write(" | ");
    printer_.Write(SessionOutputLine(line, printer_.color(), context_.ci));
    printer_.Write("\n");
  }

  /// The same session gets the same colour in every run and on every machine (FNV-1a).
  static std::string_view Colour(const std::string& name) {
    static constexpr std::string_view kPalette[] = {"36", "35", "34", "32", "33",
                                                    "96", "95", "94", "92", "93"};
    uint32_t hash = 2166136261u;
    for (unsigned char c : name) hash = (hash ^ c) * 16777619u;
    return kPalette[hash % std::size(kPalette)];
  }

  void Emit(const std::string& text) {
    printer_.Write(text);
    printer_.Flush();
  }

  /// A line it left unfinished goes with the attempt.
  void Restarted(int node) { held_.erase(node); }

  StatusContext context_;
  LinePrinter& printer_;
  size_t width_ = 0;
  Clock::time_point start_ = Clock::now();
  std::map<int, std::string> held_;
};

}  // namespace

std::unique_ptr<Status> MakeStreamPrinter(const StatusContext& context, LinePrinter& printer) {
  return std::make_unique<StreamPrinter>(context, printer);
}
