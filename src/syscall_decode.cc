#include "syscall_decode.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "trace_paths.h"
#include "tracee_read.h"

namespace {

using enum SyscallAction;

/// Whether `path` exists now, as open(O_CREAT) or rename would find it. An error other
/// than "missing" counts as existing, so the access is a write, never a false create.
bool Exists(const std::string& path, bool follow) {
  struct stat st;
  int result = follow ? stat(path.c_str(), &st) : lstat(path.c_str(), &st);
  return result == 0 || errno != ENOENT;
}

/// The call's flags: an argument, or implied (creat), or in memory (openat2's open_how).
uint64_t Flags(pid_t tid, const SyscallSpec& spec, const uint64_t* args) {
  if (spec.action == kCreat) return O_CREAT | O_WRONLY | O_TRUNC;
  if (spec.flags == kNoArg) return 0;
  if (spec.action != kOpenat2) return args[spec.flags];
  uint64_t flags = 0;  // struct open_how starts with its u64 flags
  size_t got = 0;
  if (!ReadMemory(tid, args[spec.flags], &flags, sizeof(flags), &got) || got != sizeof(flags))
    return 0;
  return flags;
}

/// One path operand, absolute: the path argument resolved against its dirfd (AT_FDCWD
/// when the call has none), or the dirfd itself when there is no path argument.
std::optional<std::string> PathOperand(pid_t tid, pid_t tgid, const uint64_t* args,
                                       int8_t dirfd_index, int8_t path_index, bool empty_means_fd) {
  int dirfd = dirfd_index == kNoArg ? AT_FDCWD : static_cast<int>(args[dirfd_index]);
  if (path_index == kNoArg) return FdPath(tid, dirfd);
  uint64_t address = args[path_index];
  // utimensat(fd, NULL, ...) is futimens(fd).
  if (address == 0) return dirfd_index == kNoArg ? std::nullopt : FdPath(tid, dirfd);
  std::string raw;
  if (!ReadString(tid, address, &raw)) return std::nullopt;
  if (raw.empty()) return empty_means_fd ? FdPath(tid, dirfd) : std::nullopt;
  if (raw[0] == '/') return NormalizeForTracee(raw, tgid, tid);
  std::optional<std::string> base = FdPath(tid, dirfd);
  if (!base) return std::nullopt;
  return NormalizeForTracee(*base + "/" + raw, tgid, tid);
}

/// Whether the name the call would make exists, where the record depends on it.
bool NameExists(const FileCall& call) {
  uint64_t flags = call.flags;
  if (IsOpen(call.spec->action) && call.path && (flags & O_CREAT) && !(flags & O_EXCL))
    return Exists(*call.path, !(flags & O_NOFOLLOW));
  if (call.spec->action == kRename && call.path2) return Exists(*call.path2, false);
  return false;
}

/// exec's argv[0], from the tracee's argv array of `pointer_size`-byte pointers. Left
/// empty, or partly read, when the tracee's memory does not allow more.
void ReadArgv0(pid_t tid, uint64_t argv, size_t pointer_size, std::string* argv0) {
  uint64_t address = 0;  // a 4-byte pointer fills its low half (x86 is little-endian)
  size_t got = 0;
  if (ReadMemory(tid, argv, &address, pointer_size, &got) && got == pointer_size && address)
    ReadString(tid, address, argv0);
}

}  // namespace

FileCall DecodeFileCall(pid_t tid, pid_t tgid, const SyscallSpec& spec,
                        const __ptrace_syscall_info& info) {
  const uint64_t* args = info.seccomp.args;
  FileCall call;
  call.spec = &spec;
  call.flags = Flags(tid, spec, args);
  // AT_EMPTY_PATH with "" means the dirfd itself; not for opens, where that bit is O_DSYNC.
  bool empty_means_fd = !IsOpen(spec.action) && (call.flags & AT_EMPTY_PATH);
  call.path = PathOperand(tid, tgid, args, spec.dirfd, spec.path, empty_means_fd);
  if (spec.path2 != kNoArg)
    call.path2 = PathOperand(tid, tgid, args, spec.dirfd2, spec.path2, false);
  call.existed = NameExists(call);
  if (spec.action == kExec)
    ReadArgv0(tid, args[spec.argv], PointerSize(info.arch, info.seccomp.nr), &call.argv0);
  return call;
}
