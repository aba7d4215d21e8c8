#pragma once

// How far a misspelt word is from a known one: for "did you mean" in the command line and
// in [tool.parnox].

#include <cstddef>
#include <string_view>

/// Edit distance counting a swap of two neighbours as one edit (`lsit` is one from `list`).
size_t SpellingDistance(std::string_view a, std::string_view b);
