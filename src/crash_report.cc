#include "crash_report.h"

#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <initializer_list>

namespace {

void Say(const char* text) { (void)!write(STDERR_FILENO, text, strlen(text)); }

/// A number, for the report: async-signal-safe, unlike printf.
void SayNumber(long number) {
  char digits[24];
  int at = sizeof(digits);
  digits[--at] = '\0';
  do digits[--at] = static_cast<char>('0' + number % 10);
  while ((number /= 10) > 0 && at > 0);
  Say(digits + at);
}

/// Async-signal-safe: write(2), backtrace_symbols_fd and raise only; backtrace() was
/// warmed up at installation, so it does not load libgcc here.
void OnFatalSignal(int signal, siginfo_t* info, void*) {
  // The live board hides the cursor; a crash must not leave the terminal without one.
  if (isatty(STDOUT_FILENO)) (void)!write(STDOUT_FILENO, "\x1b[?25h\n", 7);
  Say("\nparnox: fatal signal ");
  Say(sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
  if (info->si_code == SI_USER || info->si_code == SI_TKILL) {
    // Sent by a process, not raised by a fault: no bug of parnox's as such.
    Say(", sent by process ");
    SayNumber(info->si_pid);
    Say(".\nbacktrace:\n");
  } else {
    Say(": this is a bug in parnox; please report it with the lines below.\nbacktrace:\n");
  }
  void* frames[64];
  int count = backtrace(frames, 64);
  backtrace_symbols_fd(frames, count, STDERR_FILENO);
  Say("(For a frame shown as `parnox(+0xOFFSET)`, `addr2line -f -C -e PATH/TO/parnox 0xOFFSET`\n"
      "names its source line.)\n"
      "To keep a core dump of the next crash: `ulimit -c unlimited` before running parnox "
      "(see /proc/sys/kernel/core_pattern for where it goes).\n");
  (void)raise(signal);  // the handler was reset (SA_RESETHAND): the default action now
}

}  // namespace

void ReportFatalSignals() {
#if defined(__SANITIZE_ADDRESS__)
  return;  // AddressSanitizer's own report of a crash says more
#endif
  void* warm[1];
  (void)backtrace(warm, 1);
  struct sigaction action {};
  action.sa_sigaction = OnFatalSignal;
  action.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) sigaction(signal, &action, nullptr);
}
