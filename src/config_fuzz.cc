// libFuzzer target: [tool.parnox] in pyproject.toml and a parnox.toml's top level, as
// LoadConfig reads them, and the durations they hold ("1h30m"). The first byte picks the file.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  bool pyproject = data[0] & 1;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> errors;
  Config config =
      ParseConfig(text, pyproject ? "pyproject.toml" : "parnox.toml", pyproject, &errors);
  // Every problem names the file.
  for (const std::string& error : errors)
    if (error.rfind(pyproject ? "pyproject.toml" : "parnox.toml", 0) != 0) __builtin_trap();
  (void)ParseDuration(text);
  return 0;
}
