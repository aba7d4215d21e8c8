#include "trace_signals.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "trace_log.h"
#include "util.h"

namespace {

// Set by the handlers, read by SignalForwarder::Poll.
volatile sig_atomic_t g_signal_to_forward = 0;
volatile sig_atomic_t g_forward_alarm = 0;

/// How long the tracer waits to see whether the command received a signal itself (sent
/// to the process group) before passing it on.
constexpr unsigned kForwardDelaySeconds = 1;
/// A tracee got the signal more than this before the tracer did: that was an earlier one.
constexpr uint64_t kDeliverySlackNs = 500'000'000;
constexpr int kForwardedSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void OnForwardedSignal(int signal) {
  g_signal_to_forward = signal;
  alarm(kForwardDelaySeconds);
}

void OnForwardAlarm(int) { g_forward_alarm = 1; }

}  // namespace

SignalSetup::SignalSetup(bool forward) {
  struct sigaction chld;
  if (sigaction(SIGCHLD, nullptr, &chld) == 0 && chld.sa_handler == SIG_IGN)
    Change(SIGCHLD, SIG_DFL);
  if (!forward) return;
  for (int signal : kForwardedSignals) Change(signal, OnForwardedSignal);
  Change(SIGALRM, OnForwardAlarm);
}

void SignalSetup::Restore() const {
  for (size_t i = 0; i < count_; ++i) sigaction(signals_[i], &old_[i], nullptr);
}

void SignalSetup::Change(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;  // no SA_RESTART: waitpid must return EINTR
  sigemptyset(&action.sa_mask);
  if (sigaction(signal, &action, &old_[count_]) != 0) Fatal("sigaction: %s", strerror(errno));
  signals_[count_++] = signal;
}

void SignalForwarder::Delivered(int signal) {
  if (signal > 0 && signal < NSIG) delivered_ns_[signal] = MonotonicNs();
}

void SignalForwarder::Poll(pid_t main) {
  if (int signal = g_signal_to_forward) {
    g_signal_to_forward = 0;
    pending_ = signal;
    received_ns_ = MonotonicNs();
  }
  if (!g_forward_alarm) return;
  g_forward_alarm = 0;
  uint64_t delivered = delivered_ns_[pending_];
  if (pending_ && (delivered == 0 || delivered + kDeliverySlackNs < received_ns_))
    kill(main, pending_);
  pending_ = 0;
}
