#pragma once

// parnox's helper (src/nox_helper.py) runs inside the project's own nox: parnox writes it to
// a private temporary directory and runs the user's nox command with `--noxfile HELPER`, so
// the helper lists the sessions (discovery) or starts one (a session whose notifies parnox
// keeps) with the interpreter and the nox the sessions run with, whatever the command is: a
// `nox` script, `python3 -m nox`, a wrapper script, a pipx shim.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nox_locator.h"

/// The helper written out; the directory goes with the object.
class NoxHelperFile {
 public:
  /// Writes the helper into a new directory under $TMPDIR (or /tmp). nullopt, with a message
  /// naming the directory, its cause and the fix in `error`, when it cannot.
  static std::optional<NoxHelperFile> Write(std::string* error);

  NoxHelperFile(NoxHelperFile&& other) noexcept { std::swap(dir_, other.dir_); }
  NoxHelperFile& operator=(NoxHelperFile&& other) noexcept {
    std::swap(dir_, other.dir_);
    return *this;
  }
  NoxHelperFile(const NoxHelperFile&) = delete;
  NoxHelperFile& operator=(const NoxHelperFile&) = delete;
  ~NoxHelperFile();

  /// The helper; files it writes back for parnox go beside it.
  std::string path() const { return dir_ + "/parnox_helper.py"; }

 private:
  explicit NoxHelperFile(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

/// `nox` + `--noxfile HELPER`: the helper loaded by the user's own nox command.
std::vector<std::string> HelperCommand(const NoxCommand& nox);

/// The environment entry that tells the helper what to do: PARNOX_HELPER=<order as JSON>,
/// the order's "cwd" being the directory the command starts in (parnox's own).
std::string HelperOrder(nlohmann::json order);
