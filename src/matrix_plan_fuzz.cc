// libFuzzer target: a matrix plan (`parnox matrix --format json`), as `run --from-matrix`
// reads it from a file or a CI variable.

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "matrix_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  int shard = data[0] % 5;  // 0 is the final stage
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto stage = ReadMatrixStage(text, "plan.json", shard);
  if (std::holds_alternative<std::vector<std::string>>(stage)) (void)MatrixSessions(text);
  return 0;
}
