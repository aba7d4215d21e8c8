#include "state.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string ErrnoText(std::string_view path, std::string_view call) {
  return fmt::format("cannot write {}: {}: {}", path, call, std::strerror(errno));
}

/// The mode a plain new file would get (0666 minus the umask). umask(2) cannot be read
/// without setting it, which would race with threads that create files, so ask /proc.
mode_t NewFileMode() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    unsigned mask = 0;
    if (std::sscanf(line.c_str(), "Umask: %o", &mask) == 1) return 0666 & ~mask;
  }
  return 0644;
}

/// The replaced file keeps its permissions; a new one gets what open(2) would give it.
mode_t TargetMode(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
  return NewFileMode();
}

bool WriteAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t written = write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return false;
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

/// Fills the open temp file and closes it; on failure `error` names the call that failed.
bool FillTempFile(int fd, const std::string& path, const std::string& content,
                  std::string* error) {
  const char* failed = nullptr;
  if (fchmod(fd, TargetMode(path)) != 0)
    failed = "fchmod";
  else if (!WriteAll(fd, content))
    failed = "write";
  else if (fsync(fd) != 0)
    failed = "fsync";
  if (failed) *error = ErrnoText(path, failed);
  // close() can report a delayed write error (NFS); it counts as a failed write.
  if (close(fd) != 0 && !failed) {
    *error = ErrnoText(path, "close");
    failed = "close";
  }
  return failed == nullptr;
}

std::optional<std::string> ReadWholeFile(const std::string& path, bool* missing) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  *missing = !in && !fs::exists(path, ec) && !ec;
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

struct StoredDuration {
  std::string signature;
  double seconds;
  int runs;
};

/// Reads the durations file's JSON; returns what is wrong with it, or "" when it is sound.
std::string ReadDurations(const nlohmann::json& json, std::vector<StoredDuration>* durations) {
  auto version = json.is_object() ? json.find("version") : json.end();
  if (version == json.end() || !version->is_number_integer())
    return "no format version (not a parnox durations file)";
  if (*version != DurationStore::kFormatVersion)
    return fmt::format("format version {}, this parnox reads version {}", version->dump(),
                       DurationStore::kFormatVersion);
  auto sessions = json.find("sessions");
  if (sessions == json.end() || !sessions->is_object()) return "no \"sessions\" object";
  for (const auto& [signature, entry] : sessions->items()) {
    auto seconds = entry.is_object() ? entry.find("seconds") : entry.end();
    auto runs = entry.is_object() ? entry.find("runs") : entry.end();
    if (seconds == entry.end() || !seconds->is_number() || runs == entry.end() ||
        !runs->is_number_integer())
      return fmt::format("session \"{}\" lacks a number \"seconds\" and an integer \"runs\"",
                         signature);
    double value = seconds->get<double>();
    int64_t count = runs->get<int64_t>();
    // A year bounds any real session; beyond it, sums of durations would lose meaning.
    if (!std::isfinite(value) || value < 0 || value > 366.0 * 24 * 3600 || count < 1 ||
        count > INT32_MAX)
      return fmt::format("session \"{}\" has an impossible duration or run count", signature);
    durations->push_back({signature, value, static_cast<int>(count)});
  }
  return "";
}

std::string RebuildWarning(const std::string& path, std::string_view problem) {
  return fmt::format("{}: {}; ignoring it, parnox rebuilds it from this run's durations "
                     "(nothing to do)",
                     path, problem);
}

}  // namespace

bool WriteFileAtomically(const std::string& path, const std::string& content,
                         std::string* error) {
  // The temp file sits beside the target, so rename(2) stays on one file system and readers
  // see either the old file or the new one, never a half-written one.
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    *error = ErrnoText(path, fmt::format("mkstemp in {}", dir.string()));
    return false;
  }
  bool ok = FillTempFile(fd, path, content, error);
  if (ok && rename(temp.c_str(), path.c_str()) != 0) {
    *error = ErrnoText(path, "rename");
    ok = false;
  }
  if (!ok) unlink(temp.c_str());
  return ok;
}

bool EnsureStateDir(const std::string& dir, std::string* error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    *error = fmt::format("cannot create directory {}: {}", dir,
                         ec ? ec.message() : "a file of that name is in the way");
    return false;
  }
  // parnox's own state never belongs in the project's history, so its directory ignores
  // itself; a .gitignore the user already wrote is theirs to keep.
  fs::path path = fs::path(dir).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  if (path.filename() != ".parnox") return true;
  fs::path gitignore = path / ".gitignore";
  if (fs::exists(gitignore, ec)) return true;
  return WriteFileAtomically(gitignore.string(), "*\n", error);
}

std::optional<DurationStore> DurationStore::Read(const std::string& path, std::string* problem) {
  DurationStore store;
  store.path_ = path;
  bool missing = false;
  std::optional<std::string> text = ReadWholeFile(path, &missing);
  if (!text) {
    if (missing) return store;
    *problem = "cannot read it";
    return std::nullopt;
  }
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    *problem = "not valid JSON (corrupt)";
    return std::nullopt;
  }
  std::vector<StoredDuration> durations;
  *problem = ReadDurations(json, &durations);
  if (!problem->empty()) return std::nullopt;
  for (const StoredDuration& d : durations) store.entries_[d.signature] = {d.seconds, d.runs};
  return store;
}

DurationStore DurationStore::Load(const std::string& path, std::string* warning) {
  std::string problem;
  std::optional<DurationStore> store = Read(path, &problem);
  if (store) return std::move(*store);
  *warning = RebuildWarning(path, problem);
  DurationStore empty;
  empty.path_ = path;
  return empty;
}

std::optional<double> DurationStore::Get(const std::string& signature) const {
  auto it = entries_.find(signature);
  if (it == entries_.end()) return std::nullopt;
  return it->second.seconds;
}

void DurationStore::Record(const std::string& signature, double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return;
  Entry& entry = entries_[signature];
  // Half the weight on the newest run: it follows a session that got slower or faster
  // within a few runs, yet one odd run (a cold cache) moves the estimate only halfway.
  entry.seconds = entry.runs == 0 ? seconds : 0.5 * entry.seconds + 0.5 * seconds;
  if (entry.runs < std::numeric_limits<int>::max()) ++entry.runs;
}

void DurationStore::Merge(const DurationStore& other) {
  for (const auto& [signature, entry] : other.entries_) {
    auto it = entries_.find(signature);
    if (it == entries_.end() || entry.runs > it->second.runs) entries_[signature] = entry;
  }
}

bool DurationStore::Save(std::string* error) const {
  nlohmann::ordered_json json;  // ordered, so the format version comes first in the file
  json["version"] = kFormatVersion;
  json["sessions"] = nlohmann::ordered_json::object();
  for (const auto& [signature, entry] : entries_)
    json["sessions"][signature] = {{"seconds", entry.seconds}, {"runs", entry.runs}};
  // A signature that is not UTF-8 must not make dump() throw; a replaced byte only costs
  // that session its remembered duration.
  std::string text = json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return WriteFileAtomically(path_, text + "\n", error);
}
