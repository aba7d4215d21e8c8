#pragma once

// The system calls the tracer stops, one row each, and where each keeps its operands.
// docs/tracer.md's "What is recorded" is this table in prose. x86_64 hosts only, with the
// two other ABIs a process there can use: i386 (32-bit programs, or `int $0x80`) and x32.

#include <stddef.h>
#include <stdint.h>

#include <span>

/// How a call is recorded. Calls whose success decides what they did are recorded at
/// syscall exit; the rest at the seccomp stop, without a second stop.
enum class SyscallAction : uint8_t {
  kOpen,     ///< open, openat: O_* flags in `flags`; exit
  kCreat,    ///< creat: open(O_CREAT|O_WRONLY|O_TRUNC); exit
  kOpenat2,  ///< `flags` points to a struct open_how; exit
  kExec,     ///< exec event on success, probe on failure
  kRemove,   ///< unlink, unlinkat, rmdir: delete; exit
  kRename,   ///< delete of path, write or create of path2; exit
  kMkdir,    ///< mkdir; exit
  kMake,     ///< mknod, symlink: create; exit
  kLink,     ///< read of path, create of path2; exit
  kChange,   ///< truncate and metadata: write; exit
  kProbe,    ///< stat, access, readlink, chdir: probe at entry
  kList,     ///< getdents: list at entry
  kBlind,    ///< io_uring_setup: the process can do file I/O we cannot see
};

/// An operand the call does not have.
constexpr int8_t kNoArg = -1;

/// One covered call: its numbers, and where its operands are (argument indexes, or kNoArg).
struct SyscallSpec {
  const char* name;
  int x86_64;  ///< number on x86_64 (x32 uses it too, with kX32Bit), or -1
  int i386;    ///< number for 32-bit x86 processes, or -1
  SyscallAction action;
  int8_t dirfd = kNoArg;  ///< the directory fd (AT_FDCWD when absent); with no path: the fd
  int8_t path = kNoArg;
  int8_t dirfd2 = kNoArg;  ///< the second path's directory fd (rename, link)
  int8_t path2 = kNoArg;
  int8_t flags = kNoArg;  ///< O_* flags for opens, AT_*/RENAME_* flags for the rest
  int8_t argv = kNoArg;   ///< exec: the argument vector
};

/// x32 processes share x86_64's arch value and set this bit in the call number.
constexpr uint32_t kX32Bit = 0x40000000;
/// x32's own numbers for execve and execveat (the rest share x86_64's numbers).
constexpr int kX32Execve = 520, kX32Execveat = 545;

/// Every covered call, in the table's order.
std::span<const SyscallSpec> AllSyscallSpecs();

/// The row for a call as seccomp_data or PTRACE_GET_SYSCALL_INFO give it (the arch value
/// and the number, x32's bit included), or null when it is not one we trace.
const SyscallSpec* FindSpec(uint32_t arch, uint64_t nr);

/// The size of a pointer in the caller's argv array: 32-bit ABIs pass 4-byte pointers.
size_t PointerSize(uint32_t arch, uint64_t nr);

/// Probes with AT_EMPTY_PATH in their flags are fstat(fd) in disguise (glibc 2.33+ makes
/// every fstat a newfstatat(fd, "", AT_EMPTY_PATH)): the filter lets them run unstopped.
bool SkipsEmptyPath(const SyscallSpec& spec);

/// True when the call's entry says all there is to record (probes, listings, blind spots);
/// false when its success decides, so it is recorded at its exit (or exec event).
bool RecordsAtEntry(SyscallAction action);

/// open, openat, openat2, creat: their flags are O_* flags.
bool IsOpen(SyscallAction action);
