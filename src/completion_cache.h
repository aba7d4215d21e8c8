#pragma once

// Session names for shell completion without starting nox on every Tab: kept in
// `.parnox/completion.json` beside the noxfile (state_dir.h), valid while the noxfile's
// path, size and modification time stay as they were, and asked of nox again when not.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "completion.h"
#include "disk.h"

/// A noxfile as the cache knows it: any change to its size or time makes the cache stale.
struct NoxfileStamp {
  std::string path;  ///< absolute
  int64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const NoxfileStamp&) const = default;
};

/// The stamp of `noxfile` (relative to the working directory) now; nullopt when there is
/// no such file.
std::optional<NoxfileStamp> StampNoxfile(const std::string& noxfile);

/// The cache file's text:
///   {"version": 1, "noxfile": abs path, "size": bytes, "mtime_ns": int,
///    "sessions": [name or signature], "tags": [tag]}
std::string SerializeCompletionCache(const NoxfileStamp& stamp, const SessionNames& names);
/// The names a cache file holds for `stamp`; nullopt when it is corrupt, of another format
/// version, or of another noxfile or an older version of it (stale).
std::optional<SessionNames> ParseCompletionCache(const std::string& text,
                                                 const NoxfileStamp& stamp);

/// Asks nox for a noxfile's sessions: `noxfile` absolute, `nox` as --nox typed on the line.
using AskNoxForNames = std::function<std::optional<SessionNames>(
    const std::string& noxfile, const std::optional<std::string>& nox)>;
/// Stamps a noxfile (StampNoxfile, or a test's own).
using StampFunction = std::function<std::optional<NoxfileStamp>(const std::string& noxfile)>;

/// Session names from the cache while it is fresh; else from `ask`, saved for the next Tab
/// (atomically, through `disk`; a project that cannot be written just is not cached).
class CachedSessions : public SessionSource {
 public:
  CachedSessions(Disk& disk, AskNoxForNames ask, StampFunction stamp = StampNoxfile)
      : disk_(disk), ask_(std::move(ask)), stamp_(std::move(stamp)) {}

  std::optional<SessionNames> Sessions(const std::string& noxfile,
                                       const std::optional<std::string>& nox) override;

 private:
  Disk& disk_;
  AskNoxForNames ask_;
  StampFunction stamp_;
};
