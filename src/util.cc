#include "util.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>

void Fatal(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::fputs("parnox: fatal: ", stderr);
  std::vfprintf(stderr, format, args);
  std::fputc('\n', stderr);
  va_end(args);
  // abort() rather than exit(): a core dump or debugger stop is what an impossible
  // failure deserves, and atexit handlers could touch half-torn-down state.
  std::abort();
}
