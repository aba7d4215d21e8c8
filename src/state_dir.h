#pragma once

#include <map>
#include <string>

#include "disk.h"
#include "durations.h"
#include "learned_edges.h"

/// The one owner of a project's `.parnox/` folder: its layout, its files' formats and
/// versions, and how they are written (atomically, through `disk`). Nothing else builds a
/// path in it.
///
///   .parnox/.gitignore          `*`: parnox's state never belongs in the project's history
///   .parnox/durations.json      remembered durations (DurationStore)
///   .parnox/edges.json          orderings learned from traces (LearnedEdgeStore)
///   .parnox/logs/NAME.log       a session's whole output, byte for byte
///   .parnox/logs/NAME.report.json  nox's own --report for that session
///   .parnox/traces/NAME.trace   the session's file accesses (trace_log.h)
///   .parnox/journal/            undo copies while a run lasts (journal.h)
///   .parnox/completion.json     session names for shell completion (completion_cache.h)
/// (logs and traces go under $TMPDIR for a run where `.parnox/` cannot be written)
///   parnox-learned.json         beside the noxfile: what was learned, for a team to commit
class StateDir {
 public:
  StateDir(const std::string& project_root, Disk& disk);

  const std::string& path() const { return dir_; }
  /// Where undo information is kept while a run lasts (journal.h).
  std::string JournalPath() const { return FilePath("journal"); }
  Disk& disk() { return disk_; }

  /// The folders a command needs.
  enum Parts : unsigned { kTop = 0, kLogs = 1, kTraces = 2 };
  /// Makes `.parnox/` and the `parts` asked for; a new `.parnox/` gets its `.gitignore`.
  bool Prepare(unsigned parts, std::string* error);
  /// As Prepare, for a run whose sessions must run and report their true results whatever
  /// the disk says. Where `.parnox/` cannot be written (a read-only project, a full disk, no
  /// permission), this run's session files (logs, nox's reports, traces) go to a new
  /// `$TMPDIR/parnox-NAME-XXXXXX/` instead, and `warning` names the cause, that directory
  /// and the fix; saving durations or learned orderings then fails, saying why. The journal
  /// stays in `.parnox/`: undo copies must live on the project's file system, so without
  /// it a change waits instead of being kept (journal.h). False only when neither place
  /// can be written.
  bool PrepareForRun(unsigned parts, std::string* warning, std::string* error);

  /// Where one run of a session keeps its files. Names come from the signature
  /// (`tests(kind='unit')` -> `tests_kind__unit__`), made unique within this object's life
  /// (`lint-2`) so two sessions of one run never share a log.
  struct SessionFiles {
    std::string log, nox_report, trace;
  };
  SessionFiles NewSessionFiles(const std::string& signature);

  /// The remembered durations; a corrupt or old file is a warning (with the fix) and empty,
  /// so it is rebuilt on save.
  DurationStore LoadDurations(std::string* warning);
  bool Save(const DurationStore& durations, std::string* error);

  /// What traces taught: `.parnox/edges.json` and the committed `parnox-learned.json`
  /// beside the noxfile, merged. A corrupt or old file is a warning and left out.
  LearnedEdgeStore LoadLearnedEdges(std::string* warning);
  /// Saves it to `.parnox/edges.json`; also to `parnox-learned.json` when `share` or
  /// when that file exists (the team commits it), and only when what it says changed.
  bool Save(const LearnedEdgeStore& edges, bool share, std::string* error);
  /// The committed file, as messages name it.
  std::string SharedLearnedPath() const { return root_ + "/parnox-learned.json"; }
  /// Shell completion's session names, keyed on the noxfile (completion_cache.h).
  std::string CompletionPath() const { return FilePath("completion.json"); }
  /// This checkout's own copy, `.parnox/edges.json`.
  std::string LearnedPath() const { return FilePath("edges.json"); }

 private:
  std::string FilePath(const std::string& name) const { return dir_ + "/" + name; }

  std::string root_;
  std::string dir_;
  /// False, with "PATH not saved: CAUSE": what a save says when nothing is remembered.
  bool NotRemembered(const std::string& path, std::string* error) const;

  std::string files_dir_;       ///< where session files go: dir_, unless PrepareForRun moved them
  std::string not_remembered_;  ///< why nothing is saved this run; empty when it is
  Disk& disk_;
  std::map<std::string, int> names_used_;
};

/// Reads a durations file outside the state folder strictly (merge-durations' inputs): a
/// missing or unreadable file, or anything wrong with it, is nullopt with `problem`.
std::optional<DurationStore> ReadDurationsFile(Disk& disk, const std::string& path,
                                               std::string* problem);
