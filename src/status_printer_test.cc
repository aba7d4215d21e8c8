#include "status_printer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>

#include "log_text.h"

namespace {

/// Two sessions, `lint` and `tests(a='1', b='2')`, and a printer writing to memory without
/// colour (a memory stream is no terminal: 80 columns).
class PrinterTest : public testing::Test {
 protected:
  void SetUp() override {
    project_.sessions = {Session{"lint"}, Session{"tests(a='1', b='2')"}};
    for (int i = 0; i < 2; ++i) graph_.nodes.push_back(Node{&project_.sessions[i], i});
    context_ = StatusContext{&project_, &graph_, {1, 1}, 2};
    stream_ = open_memstream(&buffer_, &size_);
    printer_ = std::make_unique<LinePrinter>(stream_, Environment({"NO_COLOR=1"}));
  }
  void TearDown() override {
    std::fclose(stream_);
    std::free(buffer_);
    for (const std::string& log : logs_) std::remove(log.c_str());
  }

  std::string Output() {
    std::fflush(stream_);
    return std::string(buffer_, size_);
  }

  /// A finished result that ran on a worker, with a log holding `text`.
  SessionResult Finished(Outcome outcome, const std::string& text) {
    char path[] = "/tmp/parnox-status-printer-test.XXXXXX";
    close(mkstemp(path));
    logs_.push_back(path);
    std::ofstream(path, std::ios::binary) << text;
    SessionResult result;
    result.outcome = outcome;
    result.reason = outcome == Outcome::kSuccess ? "" : "nox exited with status 1";
    result.worker = 0;
    result.start = Clock::now() - std::chrono::milliseconds(1500);
    result.end = Clock::now();
    result.log_path = path;
    return result;
  }

  Project project_;
  Graph graph_;
  StatusContext context_;
  char* buffer_ = nullptr;
  size_t size_ = 0;
  std::FILE* stream_ = nullptr;
  std::unique_ptr<LinePrinter> printer_;
  std::vector<std::string> logs_;
};

TEST_F(PrinterTest, BoardLinesLeaveRoomForTheEchoOfCtrlC) {
  auto board = MakeBoardPrinter(context_, *printer_);
  board->SessionStarted(0);
  board->SessionStarted(1);
  board->SessionOutput(1, std::string(300, '=') + " the end\n");
  board->SessionFinished(0, Finished(Outcome::kSuccess, "ok\n"));  // draws at once
  std::string out = Output();
  std::string frame = StripAnsi(out.substr(out.rfind("\x1b[J")));
  frame = frame.substr(frame.find('\r') + 1);
  size_t lines = 0;
  for (size_t at = 0, end; at < frame.size(); at = end + 1, ++lines) {
    end = std::min(frame.find('\n', at), frame.size());
    std::string line = frame.substr(at, end - at);
    EXPECT_LE(DisplayWidth(line), 77u) << line;  // 80 columns, "^C" and the cursor
  }
  EXPECT_EQ(lines, 3u) << frame;  // the finished line, the header, tests' line
  EXPECT_TRUE(std::regex_search(frame, std::regex("=\\.\\.\\.=+ the end$"))) << frame;
}

TEST_F(PrinterTest, BoardShowsAnEtaOnlyFromRememberedDurations) {
  auto header_after_a_finish = [&](std::vector<bool> remembered) {
    context_.estimates = {10, 10};
    context_.remembered = std::move(remembered);
    auto board = MakeBoardPrinter(context_, *printer_);
    board->SessionStarted(0);
    board->SessionStarted(1);
    board->SessionFinished(0, Finished(Outcome::kSuccess, "ok\n"));  // draws at once
    std::string out = StripAnsi(Output());
    return out.substr(out.rfind("parnox: "));
  };
  // tests (10 s remembered) has just started: about 10 s to go.
  EXPECT_TRUE(
      std::regex_search(header_after_a_finish({true, true}),
                        std::regex("^parnox: 1/2 done, 1 running, 0 queued  ETA (9|10)\\.\\ds")));
  EXPECT_EQ(header_after_a_finish({true, false}).find("ETA"), std::string::npos);
}

TEST_F(PrinterTest, BoardNeverClearsTheScreenFromItsFirstColumn) {
  // tmux makes a clear from the top-left corner scroll the screen into its history.
  auto board = MakeBoardPrinter(context_, *printer_);
  board->SessionStarted(0);
  board->SessionFinished(0, Finished(Outcome::kSuccess, "ok\n"));
  board->SessionStarted(1);
  board->SessionFinished(1, Finished(Outcome::kSuccess, "ok\n"));
  board.reset();
  std::string out = Output();
  size_t clears = 0;
  for (size_t at = out.find("\x1b[J"); at != std::string::npos; at = out.find("\x1b[J", at + 1)) {
    ++clears;
    EXPECT_EQ(out.substr(at - 7, 7), "\x1b[2K\x1b[C") << "clear #" << clears;
  }
  EXPECT_GE(clears, 3u);
  EXPECT_EQ(out.substr(out.size() - 6), "\x1b[?25h");  // the cursor is shown again
}

TEST_F(PrinterTest, BoardPrintsAFailedSessionsWholeLogAboveItself) {
  auto board = MakeBoardPrinter(context_, *printer_);
  board->SessionStarted(0);
  board->SessionStarted(1);
  board->SessionFinished(1, Finished(Outcome::kFailed, "one\n\x1b[31mred\x1b[0m\nno newline"));
  std::string out = Output();
  std::string framed =
      "FAILED   tests(a='1', b='2') (1.5s): nox exited with status 1\n"
      "---- output of tests(a='1', b='2') (" +
      logs_.back() +
      ") ----\n"
      "one\nred\nno newline\n---- end of tests(a='1', b='2') ----\n";
  size_t at = out.find(framed);
  ASSERT_NE(at, std::string::npos) << out;
  EXPECT_NE(out.find("parnox: 1/2 done, 1 running, 0 queued, 1 failed", at), std::string::npos)
      << out;
}

TEST_F(PrinterTest, GitHubErrorTitleEscapesColonsAndCommas) {
  context_.ci = CiSystem::kGitHub;
  auto blocks = MakeBlockPrinter(context_, *printer_);
  blocks->SessionStarted(1);
  blocks->SessionFinished(1, Finished(Outcome::kFailed, "boom\n"));
  std::string out = Output();
  size_t error = out.find("::error ");
  ASSERT_NE(error, std::string::npos) << out;
  std::string line = out.substr(error, out.find('\n', error) - error);
  // The runner splits properties at ',' and ends them at "::": the title holds neither.
  std::string properties = line.substr(8, line.find("::", 8) - 8);
  EXPECT_EQ(properties, "title=parnox%3A tests(a='1'%2C b='2') failed") << line;
  EXPECT_NE(line.find("::tests(a='1', b='2') failed: nox exited with status 1. Log: "),
            std::string::npos)
      << line;
  EXPECT_NE(out.find("::group::"), std::string::npos);
  EXPECT_NE(out.find("boom\n::endgroup::\n"), std::string::npos) << out;
}

TEST_F(PrinterTest, GitLabSectionsOpenAndCloseUnderOneName) {
  context_.ci = CiSystem::kGitLab;
  auto blocks = MakeBlockPrinter(context_, *printer_);
  blocks->SessionStarted(1);
  blocks->SessionFinished(1, Finished(Outcome::kFailed, "boom\n"));
  std::string out = Output();
  std::smatch start, end;
  ASSERT_TRUE(std::regex_search(out, start,
                                std::regex("\x1b\\[0Ksection_start:[0-9]+:([A-Za-z0-9_.-]+)"
                                           "\\[collapsed=false\\]\r\x1b\\[0K")))
      << out;
  ASSERT_TRUE(
      std::regex_search(out, end, std::regex("\x1b\\[0Ksection_end:[0-9]+:([A-Za-z0-9_.-]+)\r")))
      << out;
  EXPECT_EQ(start[1], end[1]);
  EXPECT_LT(out.find("boom"), out.find("section_end"));
}

TEST_F(PrinterTest, SummaryTableNamesEachSessionResultAndTheFailuresLog) {
  RunRecord run;
  run.graph = &graph_;
  run.jobs = 2;
  run.results = {Finished(Outcome::kSuccess, "ok\n"), Finished(Outcome::kFailed, "boom\n")};
  run.start = run.results[0].start;
  run.end = run.results[0].end;
  run.lower_bound_seconds = 1.5;
  std::string table = RenderSummaryTable(run, *printer_);
  EXPECT_NE(table.find("\nSession              Result       Duration\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("\nlint                 success          1.5s\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("\ntests(a='1', b='2')  failed           1.5s  nox exited with status 1;"
                       " log: "),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("Wall time 1.5s on 2 workers; sequential nox at most 3.0s (2 of 2 "
                       "sessions timed only beside others); lower bound 1.5s; up to 2.00x "
                       "faster.\n"),
            std::string::npos)
      << table;
}

TEST_F(PrinterTest, QuietPrintsTheTableAlone) {
  auto quiet = MakeStatusPrinter(OutputMode::kQuiet, context_, *printer_);
  quiet->SessionStarted(0);
  quiet->SessionOutput(0, "chatter\n");
  quiet->SessionFinished(0, Finished(Outcome::kSuccess, "chatter\n"));
  EXPECT_EQ(Output(), "");
}

TEST(FormatSeconds, TenthsThenMinutesThenHours) {
  EXPECT_EQ(FormatSeconds(0), "0.0s");
  EXPECT_EQ(FormatSeconds(2.34), "2.3s");
  EXPECT_EQ(FormatSeconds(190), "3m10s");
  EXPECT_EQ(FormatSeconds(3725), "1h02m");
}

}  // namespace

namespace {

TEST_F(PrinterTest, AConflictIsOneLineAndARestartedAttemptNoBlock) {
  auto blocks = MakeStatusPrinter(OutputMode::kBlocks, context_, *printer_);
  blocks->SessionStarted(0);
  blocks->SessionStarted(1);
  blocks->SessionHeld(1, 0, "both write state.db");
  blocks->SessionOutput(1, "Traceback (most recent call last):\n");
  blocks->SessionRestarted(1, 0, "lint reads state.db, which tests writes");
  std::string out = Output();
  EXPECT_NE(out.find("waits    tests(a='1', b='2') for lint: both write state.db\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("again    tests(a='1', b='2') after lint: lint reads state.db"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("Traceback"), std::string::npos) << out;
}

TEST_F(PrinterTest, TheBoardShowsAHeldSessionWaiting) {
  auto board = MakeStatusPrinter(OutputMode::kBoard, context_, *printer_);
  board->SessionStarted(0);
  board->SessionStarted(1);
  board->SessionHeld(1, 0, "both write state.db");
  board->Tick();
  std::string out = Output();
  EXPECT_NE(out.find("waits for lint"), std::string::npos) << out;
  EXPECT_NE(out.find("both write state.db"), std::string::npos) << out;
}

}  // namespace
