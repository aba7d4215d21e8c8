#pragma once

#include <set>
#include <string>
#include <vector>

#include "access_request.h"

// Undo information for the changes sessions make inside the project while a session before
// them in nox's order has not finished (the guard's `journal` verdict). It is taken at the
// entry of the call, before the kernel acts, so that a session that went ahead of its turn
// can be undone as if it had never run, and the earlier session then sees the project as
// sequential nox would show it. The files live in `.parnox/journal/`, which the tracer
// ignores; a run removes the folder when it ends.

/// Undo information for changes made out of turn: the scheduler's seam to the file system
/// (Journal is the real one; its tests use a fake).
class ChangeKeeper {
 public:
  virtual ~ChangeKeeper() = default;
  /// Keeps what undoing `node`'s request needs; false when it cannot (`error` says why).
  virtual bool Keep(int node, const AccessRequest& request, std::string* error) = 0;
  /// Undoes every kept change of `nodes`, newest first; problems are appended.
  virtual void Undo(const std::set<int>& nodes, std::vector<std::string>* problems) = 0;
};

/// How a call changes the path (or paths) the journal must be able to restore.
enum class Change {
  kInPlace,  ///< the file itself changes: opened for writing or truncation, truncate,
             ///< metadata (chmod, chown, utime, xattr)
  kName,     ///< the name changes: created, deleted (unlink, rmdir), replaced by a rename
  kRename,   ///< `path` is renamed to `path2`
};

class Journal : public ChangeKeeper {
 public:
  /// `dir` is where undo copies go (`.parnox/journal`); it is made when first needed.
  /// Requests name paths relative to `root`, the project.
  explicit Journal(std::string dir, std::string root = "")
      : dir_(std::move(dir)), root_(std::move(root)) {}
  ~Journal() override;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Keeps what undoing `node`'s `change` of `path` (and `path2` for a rename) needs,
  /// once per node and path: a copy of a file changed in place, a hard link to one whose
  /// name goes away, the mode of a directory, a symlink's target, or that the name did
  /// not exist. Absolute paths. False, with `error`, when the undo information cannot be
  /// kept (the disk is full): the change must then not happen beside earlier sessions.
  bool Keep(int node, Change change, const std::string& path, const std::string& path2,
            std::string* error);

  /// Keep for a guard request: a write changes its file in place, a create or delete its
  /// name, a rename both names; reads keep nothing.
  bool Keep(int node, const AccessRequest& request, std::string* error) override;

  /// Puts back what `nodes` changed, newest change first, and forgets it. Problems (a
  /// directory another session has since filled) are appended to `problems`; the rest is
  /// still undone.
  void Undo(const std::set<int>& nodes, std::vector<std::string>* problems) override;

  /// `node`'s changes are final: its undo information is dropped.
  void Forget(int node);

  /// How many changes are kept; for tests and the summary.
  size_t size() const { return entries_.size(); }

 private:
  enum class Saved { kAbsent, kFile, kDirectory, kSymlink, kMovedTo };
  struct Entry {
    int node;
    std::string path;
    Saved saved;
    std::string copy;   ///< kFile: the saved file; kSymlink: the target; kMovedTo: the new name
    unsigned mode = 0;  ///< kDirectory
  };

  bool Save(int node, bool in_place, const std::string& path, std::string* error);
  bool Kept(int node, const std::string& path) const;
  std::string NewCopyPath();
  void UndoEntry(const Entry& entry, std::vector<std::string>* problems);

  std::string dir_;
  std::string root_;
  bool made_ = false;
  int copies_ = 0;
  std::vector<Entry> entries_;
};
