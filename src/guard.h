#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "conflicts.h"

// The guard decides, at the entry of each file call a traced session makes inside the
// project, whether the call may happen now. Its rule is the contract's: every session must
// see the project as it would under sequential nox, where each session runs alone, in nox's
// order. So a session never sees what a session after it (in nox's order) did, and never
// sees what a session before it is still doing. docs/audit.md ("During a run") has the rule
// in prose, where it can still be wrong, and what a conflict costs.
//
// The guard is pure bookkeeping: it is told which sessions start and end, asked about each
// access, and answers with a verdict that the scheduler carries out (holding a session,
// ending one to run it again, keeping undo information first). It reads no files and
// forks nothing, so its tests state every interleaving they mean.

/// What a call is about to do to one path, as the tracer sees it at the call's entry.
enum class Intent {
  kObserve,  ///< read, execute, stat, access, readlink: the path's content or metadata
  kList,     ///< read a directory's entries
  kModify,   ///< write, truncate, set metadata, create, delete, rename to or from
};

struct AccessIntent {
  Intent intent = Intent::kObserve;
  std::string path;            ///< relative to the project root; "." is the root itself
  bool changes_entry = false;  ///< kModify that makes or removes the name (a directory's
                               ///< listing changes): creat, mkdir, unlink, rename
  bool creates = false;        ///< kModify that makes the name: it is the session's own
  bool content = false;        ///< kObserve of the content (a read), not only metadata: a
                               ///< probe is no use of a directory's entries
  bool makes_dir = false;      ///< kModify by mkdir: makes the directory, or finds it made
};

/// Two sessions found in conflict as it happened: `first` runs first in nox's order.
struct LiveConflict {
  int first = -1;
  int second = -1;
  Evidence evidence;  ///< the path, and how the two collide on it
};

/// What the scheduler must do before the call may proceed.
struct GuardVerdict {
  /// Later sessions that already touched what this call changes or reads: each is ended,
  /// what it changed is undone, and it runs again after the requester (with whatever
  /// depends on it; see Guard::Dependents).
  std::vector<int> abort;
  /// An earlier session that is still running and touched the path: the requester waits,
  /// holding no worker slot, until it ends; the call is then asked about again.
  int wait_for = -1;
  /// The requester itself saw a state it must not see (a listing that showed another
  /// session's unfinished or out-of-turn entries, and it now uses that family): it is
  /// ended and runs again, after `wait_for` when that is set, and after every other
  /// earlier session in `also_after` that is still changing entries of that family there.
  bool restart = false;
  std::vector<int> also_after;
  /// The change must be undoable: an earlier session has not finished, and must never
  /// see it. Keep undo information (Journal) before letting the call proceed.
  bool journal = false;
  /// Why, for the message and the learned ordering; one per session involved.
  std::vector<LiveConflict> conflicts;
  /// Later sessions that listed the directory this call changes an entry of: their
  /// listing is stale from now on (a failed one may have failed for lack of the entry).
  std::vector<int> stale_listers;

  bool proceeds() const { return wait_for < 0 && !restart; }
  bool holds() const { return wait_for >= 0 && !restart; }
};

class Guard {
 public:
  /// `rank[node]` is the node's position in nox's order.
  explicit Guard(std::vector<int> rank);

  /// A new attempt of `node` begins: what an earlier attempt did is forgotten.
  void Started(int node);
  /// `node` ended; what it did is kept while an earlier session may still run.
  void Finished(int node);
  /// `node`'s attempt was ended and undone: it touched nothing.
  void Discard(int node);

  /// The verdict on `node` doing `intent`; when it proceeds, the access is recorded.
  GuardVerdict Check(int node, const AccessIntent& intent);

  /// Sessions whose current attempt touched a path `node` changed, after `node` did
  /// (they read its output, or changed it further): undoing `node` undoes their premise.
  std::vector<int> Dependents(int node) const;

  /// Whether `node`'s attempt listed any directory.
  bool Listed(int node) const { return !records_[node].listed.empty(); }

  /// For a session that failed: an earlier session that changed entries of a directory
  /// it had already listed, so it may have failed for lack of them (a `coverage combine`
  /// that found no data yet); the evidence names the entry and the directory.
  std::optional<LiveConflict> ListedTooEarly(int node) const;

 private:
  struct Record {
    bool active = false;  ///< started in this run and not discarded
    bool done = false;
    std::set<std::string> observed, modified, created, listed;
    /// Directories it changed only by making them (mkdir): another session's mkdir of one
    /// is no conflict (MakesSameDir).
    std::set<std::string> made_dirs;
    std::set<std::string> read;  ///< observed for their content
    /// Per listed directory: name families of entries that another session changed there
    /// and that this one's listing did not show as sequential nox would (an earlier
    /// session's made after the listing or while it still ran, a later session's made out
    /// of turn), with that session. Using one later means the listing was stale.
    struct Change {
      int by = -1;
      std::string path;
    };
    std::map<std::string, std::map<std::string, Change>> stale;
  };

  bool Earlier(int a, int b) const { return rank_[a] < rank_[b]; }
  bool Consumes(const Record& r, const std::string& dir, const std::string& family) const;
  void CheckAgainst(int node, int other, const AccessIntent& intent, GuardVerdict* verdict);
  std::optional<Evidence> Collision(int node, int other, const AccessIntent& intent);
  std::optional<Evidence> ListingCollision(int node, int other, const AccessIntent& intent);
  std::vector<int> MarkStaleListings(int node, const AccessIntent& intent);
  bool StaleListingUsed(int node, const AccessIntent& intent, GuardVerdict* verdict) const;
  void RecordAccess(int node, const AccessIntent& intent);
  bool EarlierUnfinished(int node) const;

  std::vector<int> rank_;
  std::vector<Record> records_;
  /// Stale-listing marks a listing being checked would leave, kept only if it proceeds.
  std::vector<std::tuple<std::string, std::string, int, std::string>> pending_stale_;
};

/// The directory part of a project-relative path ("." for a name in the root).
std::string ParentOf(const std::string& path);
/// The last component of a path.
std::string BaseNameOf(const std::string& path);
