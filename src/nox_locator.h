#pragma once

#include <optional>
#include <string>
#include <vector>

/// How to start the project's nox, and the Python that runs it.
struct NoxCommand {
  std::vector<std::string> argv;    ///< e.g. {"/usr/bin/python3", "-m", "nox"} or {"/usr/bin/nox"}
  std::vector<std::string> python;  ///< the interpreter nox runs on, for the discovery helper
  std::string origin;               ///< "--nox", "$PARNOX_NOX", "PATH" or "python3 -m nox"
};

/// Finds nox in DESIGN.md's order: `--nox CMD`, then $PARNOX_NOX, then `nox` on PATH, then
/// a python3 (on PATH, then /usr/bin/python3) that can `import nox`. Returns nullopt and
/// fills `error` with a message naming what was tried and the fix when none works.
std::optional<NoxCommand> LocateNox(const std::optional<std::string>& flag, std::string* error);

/// Splits a command given as one string (`--nox "python3 -m nox"`) into words, honouring
/// single and double quotes.
std::vector<std::string> SplitCommand(const std::string& command);
