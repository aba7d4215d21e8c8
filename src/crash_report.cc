#include "crash_report.h"

#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <initializer_list>

namespace {

void Say(const char* text) { (void)!write(STDERR_FILENO, text, strlen(text)); }

/// Async-signal-safe: write(2), backtrace_symbols_fd and raise only; backtrace() was
/// warmed up at installation, so it does not load libgcc here.
void OnFatalSignal(int signal) {
  Say("\nparnox: fatal signal ");
  Say(sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
  Say(": this is a bug in parnox; please report it with the lines below.\nbacktrace:\n");
  void* frames[64];
  int count = backtrace(frames, 64);
  backtrace_symbols_fd(frames, count, STDERR_FILENO);
  Say("(`addr2line -f -C -e PATH/TO/parnox OFFSET` names the source line of each +0x offset.)\n"
      "To keep a core dump of the next crash: `ulimit -c unlimited` before running parnox "
      "(see /proc/sys/kernel/core_pattern for where it goes).\n");
  raise(signal);  // the handler was reset (SA_RESETHAND): the default action now
}

}  // namespace

void ReportFatalSignals() {
#if defined(__SANITIZE_ADDRESS__)
  return;  // AddressSanitizer's own report of a crash says more
#endif
  void* warm[1];
  (void)backtrace(warm, 1);
  struct sigaction action {};
  action.sa_handler = OnFatalSignal;
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) sigaction(signal, &action, nullptr);
}
