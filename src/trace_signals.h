#pragma once

// The tracer's own signals. While it traces, SIGCHLD must not be ignored. `parnox __trace`
// also catches INT, TERM, HUP and QUIT: sent to the tracer alone, they are passed on to the
// command; sent to the whole process group, the command got them already.

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <array>

/// Signal dispositions the tracer changes, and what they were: the command gets the
/// originals back before exec.
class SignalSetup {
 public:
  /// An ignored SIGCHLD must become default while tracing (ignored, children are reaped
  /// before waitpid sees them); any other disposition, such as the executor's handler, is
  /// left alone. With `forward`, INT, TERM, HUP and QUIT are caught for SignalForwarder.
  explicit SignalSetup(bool forward);
  ~SignalSetup() { Restore(); }
  SignalSetup(const SignalSetup&) = delete;
  SignalSetup& operator=(const SignalSetup&) = delete;

  /// Puts the original dispositions back (async-signal-safe: used in the forked child).
  void Restore() const;

 private:
  void Change(int signal, void (*handler)(int));
  int signals_[8] = {};
  struct sigaction old_[8];
  size_t count_ = 0;
};

/// Passes a signal caught by SignalSetup(forward) on to the command's first process, one
/// second later, unless by then a tracee has received the same signal: sent to the whole
/// process group, the command got it too, and sending it again could make a program that
/// counts interrupts quit. The stop loop feeds it every signal-delivery stop and polls it
/// after every wait (a caught signal interrupts the wait).
class SignalForwarder {
 public:
  /// A tracee is about to receive `signal`.
  void Delivered(int signal);
  /// Notes a newly caught signal; once its delay is over, sends it to `main` unless a
  /// tracee received it meanwhile.
  void Poll(pid_t main);

 private:
  int pending_ = 0;
  uint64_t received_ns_ = 0;
  std::array<uint64_t, NSIG> delivered_ns_{};  ///< when a tracee last got each signal
};
