#pragma once

#include <cstdio>

#include "graph.h"
#include "scheduler.h"
#include "status.h"

/// Plain output, for any stream: a line when a session starts and ends, a failed session's
/// whole output when it ends, and the final table.
class PlainStatusPrinter : public Status {
 public:
  PlainStatusPrinter(const Graph& graph, std::FILE* out) : graph_(graph), out_(out) {}

  void SessionStarted(int node) override;
  void SessionOutput(int, std::string_view) override {}
  void SessionFinished(int node, const SessionResult& result) override;
  void RunFinished(const RunRecord& run) override;

 private:
  void PrintLog(const std::string& name, const std::string& path);

  const Graph& graph_;
  std::FILE* out_;
  Clock::time_point start_ = Clock::now();
};

/// "1.2s", "3m05s", "1h02m".
std::string FormatSeconds(double seconds);
