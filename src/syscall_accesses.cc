#include "syscall_accesses.h"

#include <fcntl.h>
#include <stdio.h>

using enum SyscallAction;

AccessKind OpenKind(uint64_t flags, bool existed) {
  if ((flags & O_PATH) || (flags & O_TMPFILE) == O_TMPFILE || (flags & O_DIRECTORY))
    return AccessKind::kProbe;
  if ((flags & O_CREAT) && ((flags & O_EXCL) || !existed)) return AccessKind::kCreate;
  bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
  return writes ? AccessKind::kWrite : AccessKind::kRead;
}

CallAccesses AccessesAtEntry(const FileCall& call) {
  switch (call.spec->action) {
    case kList: return {AccessKind::kList, call.path};
    case kBlind: {
      CallAccesses blind;
      blind.Add(AccessKind::kBlindSpot, std::string_view(call.spec->name));
      return blind;
    }
    default: return {AccessKind::kProbe, call.path};
  }
}

CallAccesses AccessesAtExit(const FileCall& call, bool success) {
  const std::optional<std::string>& path = call.path;
  const std::optional<std::string>& path2 = call.path2;
  if (!success) return {AccessKind::kProbe, path, AccessKind::kProbe, path2};
  switch (call.spec->action) {
    case kOpen:
    case kCreat:
    case kOpenat2: return {OpenKind(call.flags, call.existed), path};
    case kRemove: return {AccessKind::kDelete, path};
    case kMkdir: return {AccessKind::kMkdir, path};
    case kMake: return {AccessKind::kCreate, path};
    case kChange: return {AccessKind::kWrite, path};
    case kLink: return {AccessKind::kRead, path, AccessKind::kCreate, path2};
    case kRename:
      if (call.flags & RENAME_EXCHANGE)
        return {AccessKind::kWrite, path, AccessKind::kWrite, path2};
      return {AccessKind::kDelete, path, call.existed ? AccessKind::kWrite : AccessKind::kCreate,
              path2};
    default: return {};  // exec succeeded: recorded at its exec event
  }
}
