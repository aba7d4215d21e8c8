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

/// The length of the white space `text` starts with, as .NET's TrimStart (GitHub's runner)
/// takes it: ASCII white space and the UTF-8 of Unicode's other White_Space characters.
size_t LeadingWhiteSpace(std::string_view text) {
  static constexpr std::string_view kWide[] = {"\xc2\x85",     "\xc2\xa0",     "\xe1\x9a\x80",
                                               "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf",
                                               "\xe2\x81\x9f", "\xe3\x80\x80"};
  size_t at = 0;
  while (at < text.size()) {
    std::string_view rest = text.substr(at);
    if (std::string_view(" \t\n\v\f\r").find(rest[0]) != std::string_view::npos) {
      ++at;
    } else if (rest.starts_with("\xe2\x80") && rest.size() > 2 &&
               static_cast<unsigned char>(rest[2]) >= 0x80 &&
               static_cast<unsigned char>(rest[2]) <= 0x8a) {
      at += 3;  // U+2000 to U+200A
    } else if (auto wide = std::find_if(std::begin(kWide), std::end(kWide),
                                        [&](std::string_view w) { return rest.starts_with(w); });
               wide != std::end(kWide)) {
      at += wide->size();
    } else {
      break;
    }
  }
  return at;
}

/// GitHub runs a workflow command from a line that starts with it, leading white space
/// aside, in its `::` form or the older `##[` one; command names ignore case.
void DisarmGitHub(std::string* line) {
  size_t start = LeadingWhiteSpace(*line);
  if (start == line->size()) return;
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
