#include "session_text.h"

#include <algorithm>
#include <cctype>

#include "log_text.h"

namespace {

/// U+200B ZERO WIDTH SPACE: invisible, and no whitespace to the CIs' parsers, which trim
/// whitespace before looking for a command.
constexpr std::string_view kZeroWidthSpace = "\xe2\x80\x8b";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
           return std::tolower(static_cast<unsigned char>(c)) == lower;
         });
}

/// GitHub runs a workflow command from a line that starts with it, leading whitespace
/// aside, in its `::` form or the older `##[` one; command names ignore case.
void DisarmGitHub(std::string* line) {
  size_t start = line->find_first_not_of(" \t\v\f");
  if (start == std::string::npos) return;
  std::string_view rest = std::string_view(*line).substr(start);
  for (std::string_view command :
       {"::group::", "::endgroup::", "::stop-commands::", "##[group]", "##[endgroup]"}) {
    if (StartsWithNoCase(rest, command)) {
      line->insert(start, kZeroWidthSpace);
      return;
    }
  }
}

/// GitLab opens and closes a section wherever `section_start:` or `section_end:` appears
/// in a line.
void DisarmGitLab(std::string* line) {
  for (std::string_view marker : {"section_start:", "section_end:"}) {
    for (size_t at = line->find(marker); at != std::string::npos;
         at = line->find(marker, at + marker.size() + kZeroWidthSpace.size()))
      line->insert(at + std::string_view("section").size(), kZeroWidthSpace);
  }
}

}  // namespace

std::string SessionOutputLine(std::string_view line, bool color, CiSystem ci) {
  std::string out;
  out.reserve(line.size());
  ForEachAnsiPiece(
      line, [&](std::string_view text) { out += text; },
      [&](std::string_view sgr) {
        if (color) out.append("\x1b[").append(sgr).append("m");
      });
  if (ci == CiSystem::kGitHub) DisarmGitHub(&out);
  if (ci == CiSystem::kGitLab) DisarmGitLab(&out);
  return out;
}
