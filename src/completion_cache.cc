#include "completion_cache.h"

#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "state_dir.h"

using nlohmann::json;

namespace {

/// Bumped when the file's shape changes; a file of another version is rebuilt.
constexpr int kCacheVersion = 1;

}  // namespace

std::optional<NoxfileStamp> StampNoxfile(const std::string& noxfile) {
  struct stat info {};
  if (stat(noxfile.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(noxfile, ec);
  if (ec) return std::nullopt;
  return NoxfileStamp{
      path.lexically_normal().string(), static_cast<int64_t>(info.st_size),
      static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

std::string SerializeCompletionCache(const NoxfileStamp& stamp, const SessionNames& names) {
  // The version first, as in every state file.
  nlohmann::ordered_json document = {{"version", kCacheVersion},   {"noxfile", stamp.path},
                                     {"size", stamp.size},         {"mtime_ns", stamp.mtime_ns},
                                     {"sessions", names.sessions}, {"tags", names.tags}};
  return document.dump(2) + "\n";
}

std::optional<SessionNames> ParseCompletionCache(const std::string& text,
                                                 const NoxfileStamp& stamp) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || document.value("version", json()) != kCacheVersion)
    return std::nullopt;
  try {
    NoxfileStamp cached{document.at("noxfile").get<std::string>(),
                        document.at("size").get<int64_t>(), document.at("mtime_ns").get<int64_t>()};
    if (cached != stamp) return std::nullopt;
    return SessionNames{document.at("sessions").get<std::vector<std::string>>(),
                        document.at("tags").get<std::vector<std::string>>()};
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::optional<SessionNames> CachedSessions::Sessions(const std::string& noxfile,
                                                     const std::optional<std::string>& nox) {
  std::optional<NoxfileStamp> stamp = stamp_(noxfile);
  if (!stamp) return std::nullopt;
  StateDir state(std::filesystem::path(stamp->path).parent_path().string(), disk_);
  std::string text, error;
  if (disk_.ReadFile(state.CompletionPath(), &text, &error) == Disk::ReadResult::kOk)
    if (std::optional<SessionNames> cached = ParseCompletionCache(text, *stamp)) return cached;
  std::optional<SessionNames> names = ask_(stamp->path, nox);
  if (!names) return std::nullopt;
  // Not kept when the noxfile changed while nox read it: the names may be of either version.
  if (stamp_(noxfile) == stamp && state.Prepare(StateDir::kTop, &error))
    (void)disk_.WriteFile(state.CompletionPath(), SerializeCompletionCache(*stamp, *names), &error);
  return names;
}
