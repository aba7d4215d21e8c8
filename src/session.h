#pragma once

#include <optional>
#include <string>
#include <vector>

/// One nox session as the project's own nox describes it (see nox_helper.py).
struct Session {
  std::string signature;                ///< what `nox -s` takes: nox's friendly name
  std::string name;                     ///< the session's name (function name or name=)
  std::vector<std::string> signatures;  ///< every signature nox accepts for it
  std::vector<std::string> tags;
  std::string python;                  ///< empty when the session names no interpreter
  std::string venv_backend;            ///< "none", "virtualenv", "venv", "uv", ...
  std::string envdir;                  ///< absolute; sessions sharing one never overlap
  std::vector<std::string> requires_;  ///< signatures, from nox's `requires=`
  std::vector<std::string> notifies;   ///< signatures named by `session.notify(...)`
  std::optional<bool> allow_parallel;  ///< unset where the nox version has no such flag
  bool is_default = true;
  bool selected = false;
};

/// What discovery learned about a project: its nox and its sessions.
struct Project {
  std::string nox_version;
  std::string noxfile;                   ///< absolute path
  std::string root;                      ///< the noxfile's directory; sessions run here
  bool nox_has_requires = false;         ///< sessions may name prerequisites
  bool nox_has_no_dependencies = false;  ///< children then get --no-dependencies
  bool nox_has_parallel = false;         ///< children then get --parallel 1
  std::vector<Session> sessions;         ///< every session, in noxfile order
  std::vector<std::string> queue;        ///< signatures to run, in nox's own run order

  const Session* Find(const std::string& signature) const;
};
