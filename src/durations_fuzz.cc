// libFuzzer target: .parnox/durations.json, and the files `parnox merge-durations` folds
// together from CI jobs.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "durations.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  std::optional<DurationStore> store = DurationStore::Parse(text, &problem);
  if (!store) return 0;
  // What parnox writes back, it reads again.
  std::string again_problem;
  if (!DurationStore::Parse(store->Serialize(), &again_problem)) __builtin_trap();
  return 0;
}
