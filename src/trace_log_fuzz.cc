// libFuzzer target: what the tracer hands parnox: a trace log (.parnox/traces/NAME.trace),
// and a guard request on the fd-3 channel. The first byte picks which.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "access_request.h"
#include "trace_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) {
    (void)DecodeAccessRequest(text);
    return 0;
  }
  std::vector<Access> accesses;
  std::string error;
  (void)ParseTraceLog(text, "NAME.trace", &accesses, &error);
  return 0;
}
