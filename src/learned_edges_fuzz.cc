// libFuzzer target: the learned orderings, .parnox/edges.json and the committed
// parnox-learned.json, which a merge or a hand may have changed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "learned_edges.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string problem;
  std::optional<LearnedEdgeStore> store = LearnedEdgeStore::Parse(text, &problem);
  if (!store) return 0;
  std::string again_problem;
  if (!LearnedEdgeStore::Parse(store->Serialize(), &again_problem)) __builtin_trap();
  return 0;
}
