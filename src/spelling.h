#pragma once

// How far a misspelt word is from a known one: for "did you mean" in the command line, in
// [tool.parnox]'s keys and in its session patterns.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Edit distance counting a swap of two neighbours as one edit (`lsit` is one from `list`).
size_t SpellingDistance(std::string_view a, std::string_view b);

/// The candidate `typed` most likely meant, if one is close enough to be a typo rather than a
/// guess: at most two edits (and fewer than `typed` has letters), or, for three letters or
/// more, the start of a longer name. The first of equally close candidates wins.
std::optional<std::string> ClosestSpelling(std::string_view typed,
                                           const std::vector<std::string>& candidates);
