#include "syscall_table.h"

#include <linux/audit.h>
#include <sys/syscall.h>

#include <array>

namespace {

using enum SyscallAction;
constexpr int8_t N = kNoArg;  // for the table below

// clang-format off
constexpr SyscallSpec kSpecs[] = {
    // name              x86_64  i386  action     dirfd path dirfd2 path2 flags argv
    {"open",                2,    5,  kOpen,     N,   0,   N,     N,    1,    N},
    {"openat",            257,  295,  kOpen,     0,   1,   N,     N,    2,    N},
    {"openat2",           437,  437,  kOpenat2,  0,   1,   N,     N,    2,    N},
    {"creat",              85,    8,  kCreat,    N,   0,   N,     N,    N,    N},
    {"execve",             59,   11,  kExec,     N,   0,   N,     N,    N,    1},
    {"execveat",          322,  358,  kExec,     0,   1,   N,     N,    4,    2},
    {"unlink",             87,   10,  kRemove,   N,   0,   N,     N,    N,    N},
    {"unlinkat",          263,  301,  kRemove,   0,   1,   N,     N,    2,    N},
    {"rmdir",              84,   40,  kRemove,   N,   0,   N,     N,    N,    N},
    {"rename",             82,   38,  kRename,   N,   0,   N,     1,    N,    N},
    {"renameat",          264,  302,  kRename,   0,   1,   2,     3,    N,    N},
    {"renameat2",         316,  353,  kRename,   0,   1,   2,     3,    4,    N},
    {"mkdir",              83,   39,  kMkdir,    N,   0,   N,     N,    N,    N},
    {"mkdirat",           258,  296,  kMkdir,    0,   1,   N,     N,    N,    N},
    {"mknod",             133,   14,  kMake,     N,   0,   N,     N,    N,    N},
    {"mknodat",           259,  297,  kMake,     0,   1,   N,     N,    N,    N},
    {"symlink",            88,   83,  kMake,     N,   1,   N,     N,    N,    N},
    {"symlinkat",         266,  304,  kMake,     1,   2,   N,     N,    N,    N},
    {"link",               86,    9,  kLink,     N,   0,   N,     1,    N,    N},
    {"linkat",            265,  303,  kLink,     0,   1,   2,     3,    4,    N},
    {"truncate",           76,   92,  kChange,   N,   0,   N,     N,    N,    N},
    {"truncate64",         -1,  193,  kChange,   N,   0,   N,     N,    N,    N},
    {"chmod",              90,   15,  kChange,   N,   0,   N,     N,    N,    N},
    {"fchmod",             91,   94,  kChange,   0,   N,   N,     N,    N,    N},
    {"fchmodat",          268,  306,  kChange,   0,   1,   N,     N,    N,    N},
    {"fchmodat2",         452,  452,  kChange,   0,   1,   N,     N,    3,    N},
    {"chown",              92,  182,  kChange,   N,   0,   N,     N,    N,    N},
    {"lchown",             94,   16,  kChange,   N,   0,   N,     N,    N,    N},
    {"chown32",            -1,  212,  kChange,   N,   0,   N,     N,    N,    N},
    {"lchown32",           -1,  198,  kChange,   N,   0,   N,     N,    N,    N},
    {"fchown",             93,   95,  kChange,   0,   N,   N,     N,    N,    N},
    {"fchown32",           -1,  207,  kChange,   0,   N,   N,     N,    N,    N},
    {"fchownat",          260,  298,  kChange,   0,   1,   N,     N,    4,    N},
    {"utime",             132,   30,  kChange,   N,   0,   N,     N,    N,    N},
    {"utimes",            235,  271,  kChange,   N,   0,   N,     N,    N,    N},
    {"futimesat",         261,  299,  kChange,   0,   1,   N,     N,    N,    N},
    {"utimensat",         280,  320,  kChange,   0,   1,   N,     N,    3,    N},
    {"utimensat_time64",   -1,  412,  kChange,   0,   1,   N,     N,    3,    N},
    {"setxattr",          188,  226,  kChange,   N,   0,   N,     N,    N,    N},
    {"lsetxattr",         189,  227,  kChange,   N,   0,   N,     N,    N,    N},
    {"fsetxattr",         190,  228,  kChange,   0,   N,   N,     N,    N,    N},
    {"removexattr",       197,  235,  kChange,   N,   0,   N,     N,    N,    N},
    {"lremovexattr",      198,  236,  kChange,   N,   0,   N,     N,    N,    N},
    {"fremovexattr",      199,  237,  kChange,   0,   N,   N,     N,    N,    N},
    {"setxattrat",        463,  463,  kChange,   0,   1,   N,     N,    2,    N},
    {"removexattrat",     466,  466,  kChange,   0,   1,   N,     N,    2,    N},
    {"stat",                4,  106,  kProbe,    N,   0,   N,     N,    N,    N},
    {"lstat",               6,  107,  kProbe,    N,   0,   N,     N,    N,    N},
    {"oldstat",            -1,   18,  kProbe,    N,   0,   N,     N,    N,    N},
    {"oldlstat",           -1,   84,  kProbe,    N,   0,   N,     N,    N,    N},
    {"stat64",             -1,  195,  kProbe,    N,   0,   N,     N,    N,    N},
    {"lstat64",            -1,  196,  kProbe,    N,   0,   N,     N,    N,    N},
    {"newfstatat",        262,   -1,  kProbe,    0,   1,   N,     N,    3,    N},
    {"fstatat64",          -1,  300,  kProbe,    0,   1,   N,     N,    3,    N},
    {"statx",             332,  383,  kProbe,    0,   1,   N,     N,    2,    N},
    {"access",             21,   33,  kProbe,    N,   0,   N,     N,    N,    N},
    {"faccessat",         269,  307,  kProbe,    0,   1,   N,     N,    N,    N},
    {"faccessat2",        439,  439,  kProbe,    0,   1,   N,     N,    3,    N},
    {"readlink",           89,   85,  kProbe,    N,   0,   N,     N,    N,    N},
    {"readlinkat",        267,  305,  kProbe,    0,   1,   N,     N,    N,    N},
    {"chdir",              80,   12,  kProbe,    N,   0,   N,     N,    N,    N},
    {"fchdir",             81,  133,  kProbe,    0,   N,   N,     N,    N,    N},
    {"getdents",           78,  141,  kList,     0,   N,   N,     N,    N,    N},
    {"getdents64",        217,  220,  kList,     0,   N,   N,     N,    N,    N},
    {"io_uring_setup",    425,  425,  kBlind,    N,   N,   N,     N,    N,    N},
};
// clang-format on

constexpr size_t kMaxSyscall = 1024;

/// kSpecs indexed by syscall number, one table per ABI: a lookup per stop, not a search.
struct SpecIndex {
  std::array<const SyscallSpec*, kMaxSyscall> x86_64{}, i386{};
  SpecIndex() {
    for (const SyscallSpec& spec : kSpecs) {
      if (spec.x86_64 >= 0) x86_64[spec.x86_64] = &spec;
      if (spec.i386 >= 0) i386[spec.i386] = &spec;
    }
  }
};

const SpecIndex& Specs() {
  static const SpecIndex index;
  return index;
}

}  // namespace

std::span<const SyscallSpec> AllSyscallSpecs() { return kSpecs; }

const SyscallSpec* FindSpec(uint32_t arch, uint64_t nr) {
  if (arch == AUDIT_ARCH_I386) return nr < kMaxSyscall ? Specs().i386[nr] : nullptr;
  if (arch != AUDIT_ARCH_X86_64) return nullptr;
  if (nr & kX32Bit) {
    nr &= ~uint64_t{kX32Bit};
    if (nr == kX32Execve) nr = SYS_execve;
    if (nr == kX32Execveat) nr = SYS_execveat;
  }
  return nr < kMaxSyscall ? Specs().x86_64[nr] : nullptr;
}

size_t PointerSize(uint32_t arch, uint64_t nr) {
  return arch == AUDIT_ARCH_I386 || (nr & kX32Bit) ? 4 : 8;
}

bool SkipsEmptyPath(const SyscallSpec& spec) {
  return spec.action == kProbe && spec.flags != kNoArg;
}

bool RecordsAtEntry(SyscallAction action) {
  return action == kProbe || action == kList || action == kBlind;
}

bool IsOpen(SyscallAction action) {
  return action == kOpen || action == kCreat || action == kOpenat2;
}
