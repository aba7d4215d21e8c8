#pragma once

// A session's output as parnox passes it on among its own lines: in blocks, in the stream,
// above the board. The session must not be able to break what parnox draws around it: a
// cursor move would tear the board, a `::endgroup::` would close parnox's group on GitHub
// early, a `section_end` would close its section on GitLab. What a project means for its CI
// still gets there: `::error`, `::warning` and `::notice` annotations, and every other
// workflow command, pass through unchanged (docs/ci.md, "A session's own markup").

#include <string>
#include <string_view>

#include "status_printer.h"

/// One line of a session's output (no newline) ready to print: colour codes kept when
/// `color` (all escapes dropped otherwise), every other escape sequence dropped; for `ci`,
/// the markup that opens or closes groups or sections, or stops command processing, made
/// inert by a zero-width space where the CI looks for it (the text reads the same).
std::string SessionOutputLine(std::string_view line, bool color, CiSystem ci);
