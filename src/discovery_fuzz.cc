// libFuzzer target: the discovery helper's JSON document (src/discovery.h), as nox's helper
// could write it under a noxfile that prints to the wrong place or a nox that changed.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    Project project = ParseDiscovery(text);
    // What was accepted holds together: every queued signature names a session.
    for (const std::string& signature : project.queue)
      if (!project.Find(signature)) __builtin_trap();
  } catch (const std::runtime_error&) {
    // A malformed document is said, not crashed on.
  }
  return 0;
}
