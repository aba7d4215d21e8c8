#pragma once

#include <string>
#include <vector>

#include "access_sets.h"

/// How two sessions' accesses collide; `first` is the session nox runs first.
enum class ConflictKind {
  kWriteRead,   ///< first changes what second reads (lists, or looks at)
  kWriteWrite,  ///< both change it
  kReadWrite,   ///< second changes what first reads (lists, or looks at): run first, it
                ///< would change first's input
};

const char* ConflictKindName(ConflictKind kind);

/// One reason two sessions must not overlap. A listing conflict names the entry and says
/// which directory was listed.
struct Evidence {
  std::string path;
  ConflictKind kind = ConflictKind::kWriteRead;
  std::string listed;  ///< the directory whose listing made it a conflict, else empty

  bool operator==(const Evidence&) const = default;
};

/// Every conflict between two sessions, `first` before `second` in nox's order, sorted by
/// path. Empty when they are parallel-safe. Directory listings count only under the rule
/// in docs/audit.md (ListingConflicts).
std::vector<Evidence> FindConflicts(const AccessSets& first, const AccessSets& second);

/// The path a person reads as evidence: names made of varying parts (a host, a process id:
/// `.coverage.host.1234.5678`) become their name family's pattern (`.coverage.*`), which
/// stays the same from run to run; other paths stay as they are.
std::string EvidencePattern(const std::string& path);

/// The name family of a directory entry: the name up to its first '.' after the first
/// character (".coverage.host.1.2" -> ".coverage", "test_a.py" -> "test_a"). Files one
/// program makes with varying suffixes share a family.
std::string NameFamily(const std::string& name);
