// libFuzzer target: the values the command line and a CI job give parnox as text: `--shard
// K/N`, `-j N|auto`, durations such as `--heartbeat 1m30s`.

#include <cstddef>
#include <cstdint>
#include <string>

#include "config.h"
#include "options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  bool from_file = data[0] & 1;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string error;
  (void)ParseShardChoice(text, from_file, &error);
  (void)ParseCount(text, 4096);
  (void)ParseDuration(text);
  return 0;
}
