#pragma once

#include <optional>
#include <string>
#include <vector>

#include "environment.h"

/// How to start the project's nox: any command that runs it, taken as it is. parnox never
/// looks past it for the Python underneath: the sessions and their list both come from this
/// command (the list through parnox's helper, which it loads as its noxfile: nox_helper_file.h).
struct NoxCommand {
  std::vector<std::string> argv;  ///< e.g. {"/usr/bin/python3", "-m", "nox"}, {"/usr/bin/nox"}
  std::string origin;             ///< "--nox", "$PARNOX_NOX", "PATH" or "python3 -m nox"
  std::string helper;             ///< parnox's helper file, once written (NoxHelperFile)
};

/// Finds nox in DESIGN.md's order: `--nox CMD`, then $PARNOX_NOX, then `nox` on PATH, then
/// a python3 (on PATH, then /usr/bin/python3) that can `import nox`. Returns nullopt and
/// fills `error` with a message naming what was tried and the fix when none works.
std::optional<NoxCommand> LocateNox(const std::optional<std::string>& flag, const Environment& env,
                                    std::string* error);

/// Splits a command given as one string (`--nox "python3 -m nox"`) into words, honouring
/// single and double quotes.
std::vector<std::string> SplitCommand(const std::string& command);
