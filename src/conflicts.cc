#include "conflicts.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace {

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// True when `sets` read, changed or deleted an entry of `dir` in `family` that it did not
/// create itself: the lister consumed entries like the one the other session made or
/// removed. Making its own `.coverage.HOST.PID` is not consuming the directory, nor is
/// probing for names (SQLite looks for its own `-journal` and `-wal` beside every file).
bool UsesFamily(const AccessSets& sets, const std::string& dir, const std::string& family) {
  auto in_family = [&](const std::string& path) {
    return !sets.create.count(path) && Parent(path) == dir && NameFamily(BaseName(path)) == family;
  };
  for (const auto* set : {&sets.read, &sets.write, &sets.remove})
    if (std::any_of(set->begin(), set->end(), in_family)) return true;
  return false;
}

/// Entries `changer` created or deleted in a directory `lister` listed, where the lister
/// also used entries of the same family there (docs/audit.md, "Directory listings").
void ListingConflicts(const AccessSets& changer, const AccessSets& lister, ConflictKind kind,
                      std::vector<Evidence>* found) {
  for (const auto* set : {&changer.create, &changer.remove}) {
    for (const std::string& entry : *set) {
      std::string dir = Parent(entry);
      if (entry == "." || !lister.list.count(dir)) continue;
      if (UsesFamily(lister, dir, NameFamily(BaseName(entry))))
        found->push_back(Evidence{entry, kind, dir});
    }
  }
}

}  // namespace

const char* ConflictKindName(ConflictKind kind) {
  switch (kind) {
    case ConflictKind::kWriteRead: return "write-read";
    case ConflictKind::kWriteWrite: return "write-write";
    case ConflictKind::kReadWrite: return "read-write";
  }
  return "?";
}

std::string EvidencePattern(const std::string& path) {
  std::string name = BaseName(path);
  std::string dir = path.substr(0, path.size() - name.size());
  std::string family = NameFamily(name);
  std::string rest = name.substr(family.size());
  bool varies = std::any_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  return varies ? dir + family + ".*" : path;
}

std::string NameFamily(const std::string& name) {
  size_t dot = name.find('.', 1);
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::vector<Evidence> FindConflicts(const AccessSets& first, const AccessSets& second) {
  std::vector<Evidence> found;
  std::set<std::string> changed_by_first;
  for (const auto* set : {&first.write, &first.create, &first.remove})
    changed_by_first.insert(set->begin(), set->end());
  // A directory a session only makes (mkdir -p, os.makedirs(exist_ok=True)) stays between
  // runs: from the second run on, another session that makes it too, or only looks at it,
  // finds it made whoever comes first (docs/audit.md). What they put in it counts as usual.
  auto made_for_both = [](const AccessSets& maker, const AccessSets& other,
                          const std::string& path) {
    return maker.made_dirs.count(path) &&
           (other.made_dirs.count(path) || (!other.read.count(path) && !other.Changes(path)));
  };
  for (const std::string& path : changed_by_first) {
    if (made_for_both(first, second, path)) continue;
    if (second.Changes(path))
      found.push_back(Evidence{path, ConflictKind::kWriteWrite, ""});
    else if (second.read.count(path) || second.probe.count(path))
      found.push_back(Evidence{path, ConflictKind::kWriteRead, ""});
  }
  // Looking at a path is using it, as the guard has it: a warm type checker or a make-like
  // tool decides from a stat alone, and a failed open depends on the name's absence.
  for (const auto* set : {&second.write, &second.create, &second.remove})
    for (const std::string& path : *set)
      if ((first.read.count(path) || first.probe.count(path)) && !changed_by_first.count(path) &&
          !made_for_both(second, first, path))
        found.push_back(Evidence{path, ConflictKind::kReadWrite, ""});
  ListingConflicts(first, second, ConflictKind::kWriteRead, &found);
  ListingConflicts(second, first, ConflictKind::kReadWrite, &found);
  std::sort(found.begin(), found.end(), [](const Evidence& a, const Evidence& b) {
    return std::make_tuple(a.path, !a.listed.empty(), a.kind) <
           std::make_tuple(b.path, !b.listed.empty(), b.kind);
  });
  // A path found both directly and through a listing keeps its direct evidence; names of
  // one family made of varying parts are one pattern.
  std::vector<Evidence> unique;
  for (Evidence& e : found) {
    e.path = EvidencePattern(e.path);
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const Evidence& u) { return u.path == e.path; }))
      unique.push_back(e);
  }
  return unique;
}
