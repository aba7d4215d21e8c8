#pragma once

// Which accesses a decoded file call records: at its seccomp stop when its entry says it
// all, else at its exit, by its outcome. No I/O: the stop loop records what these return.

#include <stddef.h>
#include <stdint.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "syscall_decode.h"
#include "trace_log.h"

/// One access a call makes: its kind, and its path (a view into the FileCall, or the
/// call's name for a blind spot).
struct CallAccess {
  AccessKind kind = AccessKind::kProbe;
  std::string_view path;
};

/// The accesses one call makes, in the order they are recorded: none, one, or two (rename
/// and link name a source and a target). A path the call did not resolve is left out.
class CallAccesses {
 public:
  CallAccesses() = default;
  CallAccesses(AccessKind kind, const std::optional<std::string>& path) { Add(kind, path); }
  CallAccesses(AccessKind kind, const std::optional<std::string>& path, AccessKind kind2,
               const std::optional<std::string>& path2) {
    Add(kind, path);
    Add(kind2, path2);
  }

  void Add(AccessKind kind, const std::optional<std::string>& path) {
    if (path) Add(kind, std::string_view(*path));
  }
  void Add(AccessKind kind, std::string_view path) { items_.at(size_++) = {kind, path}; }
  const CallAccess* begin() const { return items_.data(); }
  const CallAccess* end() const { return items_.data() + size_; }
  size_t size() const { return size_; }

 private:
  std::array<CallAccess, 2> items_;
  size_t size_ = 0;
};

/// What open's flags make of an open that succeeded. O_PATH, O_DIRECTORY and O_TMPFILE
/// read and write no content: probes. O_CREAT is a create when the file did not exist
/// (O_EXCL proves it; else `existed` says); then any write mode or O_TRUNC is a write.
AccessKind OpenKind(uint64_t flags, bool existed);

/// For a call that RecordsAtEntry: what its seccomp stop records.
CallAccesses AccessesAtEntry(const FileCall& call);

/// For the other calls, at their exit: what the call did, by its outcome. A failure is a
/// probe of each path; a successful exec records nothing here (its exec event does).
CallAccesses AccessesAtExit(const FileCall& call, bool success);
