// The live board on a smart terminal: a header with done / running / queued / failed and an
// ETA, one line per running session (a spinner, its name, elapsed time and the last line of
// its output), finished sessions printed above it as they end. Each frame is one write that
// moves up over the previous board, clears to the end of the screen and draws anew, so
// nothing flickers; no board line is wider than the terminal, so the count of lines to move
// up is always right.

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <utility>

#include "log_text.h"
#include "run_summary.h"
#include "session_text.h"
#include "status_printer.h"
#include "util.h"

namespace {

constexpr auto kFrameInterval = std::chrono::milliseconds(100);
/// How much of a line without a newline is kept to show: its end.
constexpr size_t kMaxLastLine = 4096;

/// What the board shows of one running session.
struct Running {
  Clock::time_point start;
  std::string partial;    ///< output since the last newline or carriage return
  std::string last;       ///< the last complete line with something in it
  std::string waits_for;  ///< held at a call until this session ends

  void Add(std::string_view bytes) {
    for (char c : bytes) {
      if (c == '\n' || c == '\r') {
        if (partial.find_first_not_of(" \t") != std::string::npos) last = partial;
        partial.clear();
      } else if (partial.size() < kMaxLastLine) {
        partial += c;
      }
    }
  }
  std::string Shown() const {
    const std::string& raw = partial.find_first_not_of(" \t") != std::string::npos ? partial : last;
    std::string text = CleanLogText(StripAnsi(raw));
    std::replace(text.begin(), text.end(), '\t', ' ');
    return text;
  }
};

class BoardPrinter : public Status {
 public:
  BoardPrinter(const StatusContext& context, LinePrinter& printer)
      : context_(context), printer_(printer), done_(context.graph->nodes.size(), false) {
    printer_.Write("\x1b[?25l");  // hide the cursor while the board moves
  }

  ~BoardPrinter() override { EraseBoard(); }

  void SessionStarted(int node) override {
    running_[node] = Running{Clock::now(), {}, {}};
    Redraw(false);
  }

  void SessionOutput(int node, std::string_view bytes) override {
    auto it = running_.find(node);
    if (it != running_.end()) it->second.Add(bytes);
    Redraw(false);
  }

  void SessionFinished(int node, const SessionResult& result) override {
    running_.erase(node);
    done_[node] = true;
    ++finished_;
    if (IsFailure(result.outcome)) ++failed_;
    above_ += FinishedLine(*context_.graph, node, result, printer_) + "\n";
    if (IsFailure(result.outcome) && !result.log_path.empty()) PrintLogAbove(node, result);
    Redraw(true);
  }

  void SessionHeld(int node, int other, const std::string& why) override {
    auto it = running_.find(node);
    if (it != running_.end()) it->second.waits_for = context_.graph->Name(other);
    above_ += HeldLine(*context_.graph, node, other, why, printer_) + "\n";
    Redraw(true);
  }

  void SessionResumed(int node) override {
    auto it = running_.find(node);
    if (it != running_.end()) it->second.waits_for.clear();
    Redraw(false);
  }

  void SessionRestarted(int node, int other, const std::string& why) override {
    running_.erase(node);  // its attempt so far stays in its log; it is queued again
    above_ += RestartedLine(*context_.graph, node, other, why, printer_) + "\n";
    Redraw(true);
  }

  void SessionParked(int node) override {
    running_.erase(node);
    Redraw(false);
  }

  void Problem(const std::string& message) override {
    above_ += "parnox: warning: " + message + "\n";
    Redraw(true);
  }

  void Tick() override { Redraw(false); }
  std::chrono::milliseconds TickInterval() const override { return kFrameInterval; }

  void RunFinished(const RunRecord& run) override {
    EraseBoard();
    printer_.Write(RenderSummaryTable(run, printer_));
    printer_.Flush();
  }

 private:
  /// A failed session's whole log, framed, above the board: streamed line by line, as a log
  /// can be far larger than what parnox should hold; colour kept where there is colour, no
  /// other escape (a cursor move would tear the board).
  void PrintLogAbove(int node, const SessionResult& result) {
    const std::string& name = context_.graph->Name(node);
    std::string title = "---- output of " + name + " (" + DisplayPath(result.log_path) + ") ----";
    printer_.Write((erased_ ? "" : Rewind()) + std::exchange(above_, {}) +
                   printer_.Paint(title, "1") + "\n");
    board_lines_ = 0;
    std::ifstream log(result.log_path, std::ios::binary);
    for (std::string line; std::getline(log, line);)
      printer_.Write(SessionOutputLine(line, printer_.color(), context_.ci) + "\n");
    printer_.Write(printer_.Paint("---- end of " + name + " ----", "1") + "\n");
  }

  /// Moves to the board's first line and clears from there to the end of the screen. tmux
  /// turns a clear from the top-left corner into scrolling the whole screen into its history,
  /// which would keep every frame of a board drawn at the top: so the first line is cleared
  /// alone, and the rest from its second column.
  std::string Rewind() const {
    std::string out = "\r";
    if (board_lines_ > 1) out += fmt::format("\x1b[{}A", board_lines_ - 1);
    return out + "\x1b[2K\x1b[C\x1b[J\r";
  }

  void EraseBoard() {
    if (erased_) return;
    erased_ = true;
    printer_.Write((board_lines_ ? Rewind() : "") + above_ + "\x1b[?25h");
    above_.clear();
    board_lines_ = 0;
    printer_.Flush();
  }

  void Redraw(bool now) {
    if (erased_) return;
    if (!now && Clock::now() - last_frame_ < kFrameInterval) return;
    last_frame_ = Clock::now();
    std::vector<std::string> lines = BoardLines();
    std::string frame = Rewind() + std::exchange(above_, {});
    for (size_t i = 0; i < lines.size(); ++i) frame += (i ? "\n" : "") + lines[i];
    board_lines_ = static_cast<int>(lines.size());
    printer_.Write(frame);
    printer_.Flush();
    ++frame_number_;
  }

  std::vector<std::string> BoardLines() const {
    // The terminal echoes "^C" after the cursor, at the end of the last line: keeping three
    // columns free stops that echo from wrapping, which would leave the header behind.
    size_t width = static_cast<size_t>(std::max(20, printer_.Width() - 3));
    size_t room = static_cast<size_t>(std::max(3, printer_.Height() - 2));
    std::vector<std::string> lines = {Header(width)};
    size_t name_width = 0;
    for (const auto& [node, run] : running_)
      name_width = std::max(name_width, DisplayWidth(context_.graph->Name(node)));
    name_width = std::min(name_width, width / 3);
    size_t shown = 0;
    for (const auto& [node, run] : running_) {
      // On the last line that fits, say how many more there are rather than scroll.
      if (lines.size() + 1 == room && running_.size() - shown > 1) {
        lines.push_back(fmt::format("  ... and {} more", running_.size() - shown));
        break;
      }
      lines.push_back(SessionLine(node, run, name_width, width));
      ++shown;
    }
    return lines;
  }

  std::string SessionLine(int node, const Running& run, size_t name_width, size_t width) const {
    static constexpr std::string_view kSpinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼",
                                                    "⠴", "⠦", "⠧", "⠇", "⠏"};
    static constexpr std::string_view kAsciiSpinner[] = {"|", "/", "-", "\\"};
    std::string_view mark = printer_.unicode() ? kSpinner[frame_number_ % std::size(kSpinner)]
                                               : kAsciiSpinner[frame_number_ % 4];
    std::string name = ElideMiddle(context_.graph->Name(node), name_width);
    name.resize(name.size() + name_width - DisplayWidth(name), ' ');
    std::string elapsed = fmt::format("{:>6}", FormatSeconds(SecondsSince(run.start)));
    size_t used = 2 + name_width + 1 + elapsed.size() + 2;
    if (!run.waits_for.empty()) mark = printer_.unicode() ? "⏸" : "=";
    std::string what = run.waits_for.empty() ? run.Shown() : "waits for " + run.waits_for;
    std::string shown = used < width ? ElideMiddle(what, width - used) : "";
    return fmt::format("{} {} {}  {}", printer_.Paint(mark, "36"), printer_.Paint(name, "1"),
                       elapsed, printer_.Paint(shown, "2"));
  }

  std::string Header(size_t width) const {
    size_t total = done_.size();
    size_t queued = total - finished_ - running_.size();
    std::string text = fmt::format("parnox: {}/{} done, {} running, {} queued", finished_, total,
                                   running_.size(), queued);
    std::string failed = failed_ ? fmt::format(", {} failed", failed_) : "";
    std::optional<double> seconds = Eta();
    std::string eta = seconds ? fmt::format("  ETA {}", FormatSeconds(*seconds)) : "";
    if (DisplayWidth(text + failed + eta) > width) return ElideMiddle(text + failed, width);
    return text + printer_.Paint(failed, "1;31") + eta;
  }

  /// Seconds until the end, from remembered durations: the longer of the longest remaining
  /// path and the remaining work spread over the workers. None while a session still to
  /// finish was never timed: a guess would only mislead.
  std::optional<double> Eta() const {
    const Graph& graph = *context_.graph;
    std::vector<double> left(graph.nodes.size(), 0);
    double work = 0;
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
      if (done_[n]) continue;
      if (n < context_.remembered.size() && !context_.remembered[n]) return std::nullopt;
      auto it = running_.find(static_cast<int>(n));
      double elapsed = it == running_.end() ? 0 : SecondsSince(it->second.start);
      // A session past its usual time is not done: count a little more of it, not none.
      left[n] = std::max(context_.estimates[n] - elapsed, 0.5);
      work += left[n];
    }
    std::vector<double> paths = RemainingPathLengths(graph, left);
    double longest = paths.empty() ? 0 : *std::max_element(paths.begin(), paths.end());
    return std::max(longest, work / std::max(1, context_.jobs));
  }

  StatusContext context_;
  LinePrinter& printer_;
  std::vector<bool> done_;
  std::map<int, Running> running_;
  size_t finished_ = 0;
  size_t failed_ = 0;
  std::string above_;  ///< finished lines not yet printed above the board
  int board_lines_ = 0;
  bool erased_ = false;
  size_t frame_number_ = 0;
  Clock::time_point last_frame_{};
};

}  // namespace

std::unique_ptr<Status> MakeBoardPrinter(const StatusContext& context, LinePrinter& printer) {
  return std::make_unique<BoardPrinter>(context, printer);
}
