#include "spelling.h"

#include <algorithm>
#include <vector>

size_t SpellingDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<std::string> ClosestSpelling(std::string_view typed,
                                           const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_score = 3;  // ninja's spellcheck threshold: beyond this it is a guess
  for (const std::string& candidate : candidates) {
    size_t score =
        typed.size() >= 3 && candidate.starts_with(typed) ? 1 : SpellingDistance(typed, candidate);
    if (score < best_score && score < typed.size()) best = candidate, best_score = score;
  }
  return best;
}
