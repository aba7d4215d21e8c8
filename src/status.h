#pragma once

#include <chrono>
#include <string>
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
  /// `node` waits at a call, holding no worker slot, until `other` ends; `why` says what
  /// they both touch ("both write state.db").
  virtual void SessionHeld(int /*node*/, int /*other*/, const std::string& /*why*/) {}
  /// A held session goes on.
  virtual void SessionResumed(int /*node*/) {}
  /// `node` was ended, what it changed undone, and it runs again (after `other`, unless
  /// -1); its output so far is in its log, and it is no failure.
  virtual void SessionRestarted(int /*node*/, int /*other*/, const std::string& /*why*/) {}
  /// `node`'s process ended and failed, but the verdict waits until no session before it in
  /// nox's order can still change a directory it listed (the failure may be theirs).
  virtual void SessionParked(int /*node*/) {}
  /// Something went wrong that the run survives (an undo that could not be completed).
  virtual void Problem(const std::string& /*message*/) {}
  /// Called while waiting, at least every TickInterval(), so a printer can redraw or beat a
  /// heart.
  virtual void Tick() {}
  virtual std::chrono::milliseconds TickInterval() const { return std::chrono::seconds(1); }
  virtual void RunFinished(const RunRecord& run) = 0;
};
