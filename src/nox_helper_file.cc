#include "nox_helper_file.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "embedded_python.h"
#include "util.h"

std::optional<NoxHelperFile> NoxHelperFile::Write(std::string* error) {
  std::string base = TempBase();
  std::string dir = base + "/parnox-XXXXXX";
  if (!mkdtemp(dir.data())) {
    *error = fmt::format(
        "cannot make a temporary directory in {} for parnox's nox helper: {}. Point TMPDIR "
        "at a writable directory.",
        base, std::strerror(errno));
    return std::nullopt;
  }
  NoxHelperFile file(dir);
  std::ofstream out(file.path());
  out << kNoxHelperSource;
  out.close();
  if (!out) {
    *error = fmt::format(
        "cannot write parnox's nox helper to {} (is the disk full?). Point TMPDIR at a "
        "directory with room.",
        file.path());
    return std::nullopt;
  }
  return file;
}

NoxHelperFile::~NoxHelperFile() {
  if (dir_.empty()) return;
  std::error_code ignored;  // a leftover directory in $TMPDIR harms no one
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<std::string> HelperCommand(const NoxCommand& nox) {
  std::vector<std::string> argv = nox.argv;
  argv.insert(argv.end(), {"--noxfile", nox.helper});
  return argv;
}

std::string HelperOrder(nlohmann::json order) {
  std::error_code ec;
  order["cwd"] = std::filesystem::current_path(ec).string();
  return "PARNOX_HELPER=" + order.dump();
}
