#pragma once

#include <string>
#include <variant>
#include <vector>

#include "nox_locator.h"
#include "session.h"

/// A discovery that nox itself refused: its own message is already on stderr.
/// exit_code is nox's own: 2 for bad arguments or a missing noxfile, 3 for a selection
/// that names nothing nox knows, 1 (Python's code for an uncaught exception) for a noxfile
/// that raises, or what the noxfile passed to sys.exit. 0 means nox did what was asked
/// (printed its help or version) and there is nothing to run.
struct DiscoveryFailure {
  int exit_code;        ///< nox's exit code (3 for an unknown session, as nox)
  std::string message;  ///< parnox's one-paragraph explanation, naming the fix
};

/// Asks the project's nox for its sessions through parnox's helper (`nox.helper`, loaded by
/// the nox command itself: nox_helper_file.h), passing the user's nox arguments (selection
/// and options) so that nox's own parser and loader decide.
std::variant<Project, DiscoveryFailure> Discover(const NoxCommand& nox,
                                                 const std::vector<std::string>& nox_args);

/// Parses the helper's JSON document. Throws std::runtime_error on a malformed one.
///
/// The document (written by src/nox_helper.py):
///   {"nox_version": str, "noxfile": abs path, "root": abs dir,
///    "nox_has_requires": bool, "nox_has_no_dependencies": bool, "nox_has_parallel": bool,
///    "sessions": [{"signature": str, "name": str, "signatures": [str], "tags": [str],
///                  "python": str|null, "venv_backend": str, "envdir": abs path,
///                  "requires": [signature], "notifies": [signature],
///                  "allow_parallel": bool|null, "default": bool, "selected": bool}],
///    "queue": [signature]}
/// Every signature in "queue", "requires" and "notifies" names a session of "sessions".
Project ParseDiscovery(const std::string& json);
