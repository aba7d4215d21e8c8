#pragma once

#include <string>
#include <string_view>

#include "run_record.h"
#include "session.h"

/// The run as JUnit XML for CI test views (GitHub test reporters, GitLab): one testsuite
/// "parnox", one testcase per session (classname "parnox", name = its signature, time = its
/// duration in seconds). A failed or timed-out session is a <failure> whose text is the
/// tail of its log; an interrupted one, which never finished, an <error> with its tail;
/// one that did not run (aborted, not started) or that nox skipped is <skipped>.
std::string RenderJunit(const Project& project, const RunRecord& run);

/// Any bytes as XML 1.0 character data (or, with `attribute`, an attribute value):
/// escaped, valid UTF-8, without ANSI codes and without the characters XML 1.0 cannot
/// carry even escaped.
std::string XmlEscape(std::string_view bytes, bool attribute = false);
