#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph.h"
#include "line_printer.h"
#include "options.h"
#include "run_record.h"
#include "session.h"
#include "status.h"

/// The CI system whose log format blocks use: collapsible groups and error annotations.
enum class CiSystem { kNone, kGitHub, kGitLab };
CiSystem DetectCiSystem(const Environment& env);

/// What every printer knows before the run starts.
struct StatusContext {
  const Project* project = nullptr;
  const Graph* graph = nullptr;
  std::vector<double> estimates;  ///< per node, seconds, for the ETA
  int jobs = 1;
  std::chrono::milliseconds heartbeat{60000};  ///< blocks: say what runs after this silence
  CiSystem ci = CiSystem::kNone;
  std::vector<bool> remembered;  ///< per node: estimate from an earlier run (empty: all)
};

/// The printer for `mode` (already resolved from kAuto by the caller or here).
std::unique_ptr<Status> MakeStatusPrinter(OutputMode mode, const StatusContext& context,
                                          LinePrinter& printer);

std::unique_ptr<Status> MakeBoardPrinter(const StatusContext& context, LinePrinter& printer);
std::unique_ptr<Status> MakeBlockPrinter(const StatusContext& context, LinePrinter& printer);
std::unique_ptr<Status> MakeStreamPrinter(const StatusContext& context, LinePrinter& printer);

/// The table every mode ends with: session, result, duration, why, the log of a failure;
/// then the wall time beside the sequential sum, the lower bound and the speedup.
std::string RenderSummaryTable(const RunRecord& run, const LinePrinter& printer);

/// One finished session in one line: "passed   lint (2.3s)".
std::string FinishedLine(const Graph& graph, int node, const SessionResult& result,
                         const LinePrinter& printer);

/// A session held at a call: "waits    integration for unit: both write state.db".
std::string HeldLine(const Graph& graph, int node, int other, const std::string& why,
                     const LinePrinter& printer);

/// A session ended to run again: "again    coverage after tests: ...". Its output so far
/// is in its log; it is no failure.
std::string RestartedLine(const Graph& graph, int node, int other, const std::string& why,
                          const LinePrinter& printer);

/// The word for an outcome in the lines and the table, coloured when colour is on.
std::string OutcomeLabel(Outcome outcome, const LinePrinter& printer);

/// "1.2s", "3m05s", "1h02m".
std::string FormatSeconds(double seconds);

/// Seconds since `since`.
double SecondsSince(Clock::time_point since);
