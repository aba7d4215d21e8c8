#pragma once

// A parnox that dies of a fatal signal (an abort, a bad access) says so on stderr with a
// backtrace and how to keep a core dump next time, so that a crash seen once under load can
// be diagnosed. Its sessions do not outlive it either way (src/lifetime.h).

/// Installs the report for SIGABRT, SIGSEGV, SIGBUS, SIGFPE and SIGILL. Once written, the
/// signal does what it would have done (a core dump where the limits allow one).
void ReportFatalSignals();
