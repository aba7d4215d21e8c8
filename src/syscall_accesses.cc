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
  CallAccesses accesses;
  switch (call.spec->action) {
    case kList:
      accesses.Add(AccessKind::kList, call.path);
      break;
    case kBlind:
      accesses.Add(AccessKind::kBlindSpot, std::string_view(call.spec->name));
      break;
    default:
      accesses.Add(AccessKind::kProbe, call.path);
  }
  return accesses;
}

CallAccesses AccessesAtExit(const FileCall& call, bool success) {
  CallAccesses accesses;
  if (!success) {
    accesses.Add(AccessKind::kProbe, call.path);
    accesses.Add(AccessKind::kProbe, call.path2);
    return accesses;
  }
  switch (call.spec->action) {
    case kOpen:
    case kCreat:
    case kOpenat2:
      accesses.Add(OpenKind(call.flags, call.existed), call.path);
      break;
    case kRemove:
      accesses.Add(AccessKind::kDelete, call.path);
      break;
    case kMkdir:
      accesses.Add(AccessKind::kMkdir, call.path);
      break;
    case kMake:
      accesses.Add(AccessKind::kCreate, call.path);
      break;
    case kChange:
      accesses.Add(AccessKind::kWrite, call.path);
      break;
    case kLink:
      accesses.Add(AccessKind::kRead, call.path);
      accesses.Add(AccessKind::kCreate, call.path2);
      break;
    case kRename:
      if (call.flags & RENAME_EXCHANGE) {
        accesses.Add(AccessKind::kWrite, call.path);
        accesses.Add(AccessKind::kWrite, call.path2);
      } else {
        accesses.Add(AccessKind::kDelete, call.path);
        accesses.Add(call.existed ? AccessKind::kWrite : AccessKind::kCreate, call.path2);
      }
      break;
    default:
      break;  // exec succeeded: recorded at its exec event
  }
  return accesses;
}
