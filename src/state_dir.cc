#include "state_dir.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "util.h"

namespace {

/// A file name for a signature: `tests(kind='unit')` -> `tests_kind__unit__`.
std::string SafeFileName(const std::string& signature) {
  std::string name;
  for (char c : signature)
    name += (isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return name.empty() ? "session" : name;
}

/// Reads one of the state files: its text, or "" when it is missing; `problem` says why
/// it cannot be read.
std::string ReadState(Disk& disk, const std::string& path, std::string* problem) {
  std::string text, error;
  switch (disk.ReadFile(path, &text, &error)) {
    case Disk::ReadResult::kOk: return text;
    case Disk::ReadResult::kMissing: return "";
    case Disk::ReadResult::kError: *problem = error; return "";
  }
  return "";
}

}  // namespace

StateDir::StateDir(const std::string& project_root, Disk& disk)
    : root_(project_root), dir_(project_root + "/.parnox"), files_dir_(dir_), disk_(disk) {}

bool StateDir::Prepare(unsigned parts, std::string* error) {
  bool is_new = !disk_.Exists(dir_);
  if (!disk_.MakeDirs(dir_, error)) return false;
  // A .gitignore the user already wrote is theirs to keep.
  if (is_new && !disk_.WriteFile(FilePath(".gitignore"), "*\n", error)) return false;
  if ((parts & kLogs) && !disk_.MakeDirs(FilePath("logs"), error)) return false;
  if ((parts & kTraces) && !disk_.MakeDirs(FilePath("traces"), error)) return false;
  return true;
}

bool StateDir::PrepareForRun(unsigned parts, std::string* warning, std::string* error) {
  std::string cause;
  if (Prepare(parts, &cause) && disk_.CanWrite(FilePath((parts & kLogs) ? "logs" : ""), &cause))
    return true;
  std::optional<std::string> fallback = disk_.MakeTempDir(
      fmt::format("parnox-{}-", SafeFileName(std::filesystem::path(root_).filename().string())),
      error);
  bool made = fallback.has_value();
  for (const char* part : {"logs", "traces"})
    made = made && disk_.MakeDirs(*fallback + "/" + part, error);
  if (!made) {
    *error = fmt::format("{}; and {}", cause, *error);
    return false;
  }
  files_dir_ = *fallback;
  not_remembered_ = cause;
  *warning = fmt::format(
      "{}. The sessions run all the same: this run's logs go to {}/logs, and what it learns "
      "is not remembered. To keep it, make .parnox/ writable (or give the disk room).",
      cause, files_dir_);
  return true;
}

bool StateDir::NotRemembered(const std::string& path, std::string* error) const {
  *error = fmt::format("{} not saved: {}", DisplayPath(path), not_remembered_);
  return false;
}

StateDir::SessionFiles StateDir::NewSessionFiles(const std::string& signature) {
  std::string base = SafeFileName(signature);
  int seen = names_used_[base]++;
  if (seen) base += fmt::format("-{}", seen + 1);
  std::string dir = files_dir_ + "/";
  return {dir + "logs/" + base + ".log", dir + "logs/" + base + ".report.json",
          dir + "traces/" + base + ".trace"};
}

DurationStore StateDir::LoadDurations(std::string* warning) {
  std::string path = FilePath("durations.json"), problem;
  std::string text = ReadState(disk_, path, &problem);
  if (text.empty() && problem.empty()) return DurationStore();
  std::optional<DurationStore> store;
  if (problem.empty()) store = DurationStore::Parse(text, &problem);
  if (store) return std::move(*store);
  *warning = fmt::format(
      "{}: {}; ignoring it, parnox rebuilds it from this run's durations "
      "(nothing to do)",
      path, problem);
  return DurationStore();
}

bool StateDir::Save(const DurationStore& durations, std::string* error) {
  if (!not_remembered_.empty()) return NotRemembered(FilePath("durations.json"), error);
  return disk_.WriteFile(FilePath("durations.json"), durations.Serialize(), error);
}

LearnedEdgeStore StateDir::LoadLearnedEdges(std::string* warning) {
  LearnedEdgeStore merged;
  for (const std::string& path : {LearnedPath(), SharedLearnedPath()}) {
    std::string problem;
    std::string text = ReadState(disk_, path, &problem);
    if (text.empty() && problem.empty()) continue;
    std::optional<LearnedEdgeStore> store;
    if (problem.empty()) store = LearnedEdgeStore::Parse(text, &problem);
    if (store) {
      merged.Merge(*store);
      continue;
    }
    bool shared = path == SharedLearnedPath();
    *warning +=
        fmt::format("{}{}: {}; ignoring it, {}", warning->empty() ? "" : "\n", path, problem,
                    shared ? "`parnox audit` writes it again (commit the new one)"
                           : "`parnox audit` rebuilds it (nothing else to do)");
  }
  return merged;
}

bool StateDir::Save(const LearnedEdgeStore& edges, bool share, std::string* error) {
  if (!not_remembered_.empty()) return NotRemembered(LearnedPath(), error);
  std::string text = edges.Serialize(), old, ignored;
  if (!disk_.WriteFile(LearnedPath(), text, error)) return false;
  if (!share && !disk_.Exists(SharedLearnedPath())) return true;
  // A committed file changes only with what was learned, not with every run.
  if (disk_.ReadFile(SharedLearnedPath(), &old, &ignored) == Disk::ReadResult::kOk && old == text)
    return true;
  return disk_.WriteFile(SharedLearnedPath(), text, error);
}

std::optional<DurationStore> ReadDurationsFile(Disk& disk, const std::string& path,
                                               std::string* problem) {
  std::string text, error;
  switch (disk.ReadFile(path, &text, &error)) {
    case Disk::ReadResult::kOk: return DurationStore::Parse(text, problem);
    case Disk::ReadResult::kMissing: *problem = "no such file"; return std::nullopt;
    case Disk::ReadResult::kError: *problem = "cannot read it"; return std::nullopt;
  }
  return std::nullopt;
}
