#include "guard.h"

#include <algorithm>

std::string ParentOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

namespace {

bool Has(const std::set<std::string>& set, const std::string& path) { return set.count(path); }

/// The conflict's kind in nox's order, from which of the two changes the path.
ConflictKind KindOf(bool first_changes, bool second_changes) {
  if (first_changes && second_changes) return ConflictKind::kWriteWrite;
  return first_changes ? ConflictKind::kWriteRead : ConflictKind::kReadWrite;
}

}  // namespace

Guard::Guard(std::vector<int> rank) : rank_(std::move(rank)), records_(rank_.size()) {}

void Guard::Started(int node) {
  records_[node] = Record();
  records_[node].active = true;
}

void Guard::Finished(int node) { records_[node].done = true; }

void Guard::Discard(int node) { records_[node] = Record(); }

bool Guard::Consumes(const Record& r, const std::string& dir, const std::string& family) const {
  // As the audit's listing rule (conflicts.cc): using an entry of the family that the
  // session did not make itself. Names it made are its own output; probes are not use.
  auto in_family = [&](const std::string& path) {
    return !Has(r.created, path) && ParentOf(path) == dir && NameFamily(BaseNameOf(path)) == family;
  };
  return std::any_of(r.read.begin(), r.read.end(), in_family) ||
         std::any_of(r.modified.begin(), r.modified.end(), in_family);
}

bool Guard::EarlierUnfinished(int node) const {
  for (size_t n = 0; n < records_.size(); ++n)
    if (Earlier(static_cast<int>(n), node) && !records_[n].done) return true;
  return false;
}

GuardVerdict Guard::Check(int node, const AccessIntent& intent) {
  GuardVerdict verdict;
  if (StaleListingUsed(node, intent, &verdict)) return verdict;
  pending_stale_.clear();
  for (size_t other = 0; other < records_.size(); ++other)
    if (static_cast<int>(other) != node && records_[other].active)
      CheckAgainst(node, static_cast<int>(other), intent, &verdict);
  if (!verdict.proceeds()) return verdict;
  for (const auto& [dir, family, other, changed] : pending_stale_)
    records_[node].stale[dir].try_emplace(family, Record::Change{other, changed});
  verdict.stale_listers = MarkStaleListings(node, intent);
  verdict.journal = intent.intent == Intent::kModify && EarlierUnfinished(node);
  RecordAccess(node, intent);
  return verdict;
}

std::optional<Evidence> Guard::Collision(int node, int other, const AccessIntent& intent) {
  const Record& them = records_[other];
  const std::string& path = intent.path;
  bool other_first = Earlier(other, node);
  bool modifies = intent.intent == Intent::kModify;
  auto evidence = [&](bool other_changes, bool node_changes, std::string listed = "") {
    return Evidence{
        path,
        other_first ? KindOf(other_changes, node_changes) : KindOf(node_changes, other_changes),
        std::move(listed)};
  };
  if (intent.intent == Intent::kList) return ListingCollision(node, other, intent);
  // Two sessions that each make one directory (mkdir -p, os.makedirs(exist_ok=True)) do
  // not collide on it, nor on a look at it (makedirs checks that it is a directory):
  // whichever comes second finds it made, as on any run after the first, since the
  // directory stays between runs. What they put in it collides as usual.
  bool both_make_it = Has(them.made_dirs, path) &&
                      (intent.makes_dir || (intent.intent == Intent::kObserve && !intent.content &&
                                            Has(records_[node].made_dirs, path)));
  if (!both_make_it && Has(them.modified, path)) return evidence(true, modifies);
  if (!both_make_it && modifies && Has(them.observed, path)) return evidence(false, true);
  // A name made or removed in a directory the other listed, in a family it uses there.
  std::string dir = ParentOf(path);
  if (modifies && intent.changes_entry && Has(them.listed, dir) &&
      Consumes(them, dir, NameFamily(BaseNameOf(path))))
    return evidence(false, true, dir);
  return std::nullopt;
}

std::optional<Evidence> Guard::ListingCollision(int node, int other, const AccessIntent& intent) {
  // A listing collides only through entries of a family the lister uses; the import
  // system lists every directory on sys.path and uses none of a stranger's files.
  // Entries of other families are remembered: using one later means the listing was
  // stale (StaleListingUsed).
  const std::string& dir = intent.path;
  bool other_first = Earlier(other, node);
  std::optional<Evidence> found;
  for (const std::string& changed : records_[other].modified) {
    if (changed == "." || ParentOf(changed) != dir) continue;
    std::string family = NameFamily(BaseNameOf(changed));
    if (Consumes(records_[node], dir, family)) {
      if (!found) found = Evidence{changed, KindOf(other_first, !other_first), dir};
    } else {
      pending_stale_.push_back({dir, family, other, changed});
    }
  }
  return found;
}

void Guard::CheckAgainst(int node, int other, const AccessIntent& intent, GuardVerdict* verdict) {
  // An earlier session that ended left the state sequential nox shows the requester.
  bool earlier = Earlier(other, node);
  if (earlier && records_[other].done) return;
  std::optional<Evidence> evidence = Collision(node, other, intent);
  if (!evidence) return;
  if (earlier) {
    // Still running: what it touched is not final yet. Wait for the first such session.
    if (verdict->wait_for < 0 || Earlier(other, verdict->wait_for)) verdict->wait_for = other;
    verdict->conflicts.push_back({other, node, *evidence});
  } else {
    // It went ahead of its turn: undo it, and run it again after the requester.
    verdict->abort.push_back(other);
    verdict->conflicts.push_back({node, other, *evidence});
  }
}

bool Guard::StaleListingUsed(int node, const AccessIntent& intent, GuardVerdict* verdict) const {
  // Only reading an entry counts: what it read follows from the listing. Looking at
  // whether a name exists (SQLite's -journal beside every file) does not, and a change to
  // an entry collides on the entry itself (Collision), listing or not.
  if (intent.intent != Intent::kObserve || !intent.content) return false;
  const Record& mine = records_[node];
  auto dir = mine.stale.find(ParentOf(intent.path));
  // What it made or rewrote itself it reads as its own output, listing or not.
  if (dir == mine.stale.end() || Has(mine.modified, intent.path)) return false;
  auto family = dir->second.find(NameFamily(BaseNameOf(intent.path)));
  if (family == dir->second.end()) return false;
  // It listed the directory while another session's entries of this family there were
  // not what sequential nox would show it, and now uses one: what it decided from that
  // listing cannot be trusted. It starts again, once the other has ended (an earlier
  // one) or has been undone (a later one).
  int other = family->second.by;
  Evidence evidence{intent.path, ConflictKind::kWriteRead, dir->first};
  verdict->restart = true;
  if (Earlier(other, node)) {
    verdict->wait_for = other;
    verdict->conflicts.push_back({other, node, evidence});
    // It consumes what others leave in that directory (a `coverage combine`): running
    // again after only the one seen so far would list too early once more, since the
    // others may write theirs at their very end. It runs after every earlier session.
    for (size_t n = 0; n < records_.size(); ++n)
      if (static_cast<int>(n) != other && !records_[n].done && Earlier(static_cast<int>(n), node))
        verdict->also_after.push_back(static_cast<int>(n));
  } else {
    evidence.kind = ConflictKind::kReadWrite;
    verdict->abort.push_back(other);
    verdict->conflicts.push_back({node, other, evidence});
  }
  return true;
}

std::vector<int> Guard::MarkStaleListings(int node, const AccessIntent& intent) {
  std::vector<int> listers;
  if (intent.intent != Intent::kModify || !intent.changes_entry) return listers;
  std::string dir = ParentOf(intent.path), family = NameFamily(BaseNameOf(intent.path));
  for (size_t other = 0; other < records_.size(); ++other) {
    Record& them = records_[other];
    if (!them.active || !Earlier(node, static_cast<int>(other)) || !Has(them.listed, dir)) continue;
    // A later session listed it before this change; should it use the family, its
    // listing was stale. The earliest such change is the one to wait for.
    them.stale[dir].try_emplace(family, Record::Change{node, intent.path});
    listers.push_back(static_cast<int>(other));
  }
  return listers;
}

void Guard::RecordAccess(int node, const AccessIntent& intent) {
  Record& mine = records_[node];
  switch (intent.intent) {
    case Intent::kObserve:
      mine.observed.insert(intent.path);
      if (intent.content) mine.read.insert(intent.path);
      break;
    case Intent::kList: mine.listed.insert(intent.path); break;
    case Intent::kModify:
      if (!intent.makes_dir)
        mine.made_dirs.erase(intent.path);
      else if (!Has(mine.modified, intent.path))
        mine.made_dirs.insert(intent.path);
      mine.modified.insert(intent.path);
      if (intent.creates) mine.created.insert(intent.path);
      break;
  }
}

std::vector<int> Guard::Dependents(int node) const {
  std::vector<int> dependents;
  const Record& changed = records_[node];
  for (size_t other = 0; other < records_.size(); ++other) {
    const Record& them = records_[other];
    if (static_cast<int>(other) == node || !them.active || !Earlier(node, static_cast<int>(other)))
      continue;
    bool touched =
        std::any_of(changed.modified.begin(), changed.modified.end(), [&](const std::string& path) {
          return Has(them.observed, path) || Has(them.modified, path);
        });
    if (touched) dependents.push_back(static_cast<int>(other));
  }
  return dependents;
}

std::optional<LiveConflict> Guard::ListedTooEarly(int node) const {
  // Only a family it looked for there counts: `coverage combine` looks for `.coverage`
  // beside the `.coverage.*` data files it lists for; a stranger's new file in a
  // directory the import system listed is nothing it looked for.
  const Record& mine = records_[node];
  auto looked_for = [&](const std::string& dir, const std::string& family) {
    return std::any_of(mine.observed.begin(), mine.observed.end(), [&](const std::string& p) {
      return ParentOf(p) == dir && NameFamily(BaseNameOf(p)) == family;
    });
  };
  std::optional<LiveConflict> earliest;
  for (const auto& [dir, families] : mine.stale)
    for (const auto& [family, change] : families)
      if (Earlier(change.by, node) && looked_for(dir, family) &&
          (!earliest || Earlier(change.by, earliest->first)))
        earliest =
            LiveConflict{change.by, node, Evidence{change.path, ConflictKind::kWriteRead, dir}};
  return earliest;
}
