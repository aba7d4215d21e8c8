#pragma once

#include <chrono>
#include <string_view>

#include "result.h"

struct RunRecord;

/// What happens during a run, as events; printers decide what a person sees
/// (ninja's status.h). Called on the scheduler's thread.
class Status {
 public:
  virtual ~Status() = default;
  virtual void SessionStarted(int node) = 0;
  virtual void SessionOutput(int node, std::string_view bytes) = 0;
  virtual void SessionFinished(int node, const SessionResult& result) = 0;
  /// Called while waiting, at least every TickInterval(), so a printer can redraw or beat a
  /// heart.
  virtual void Tick() {}
  virtual std::chrono::milliseconds TickInterval() const { return std::chrono::seconds(1); }
  virtual void RunFinished(const RunRecord& run) = 0;
};
