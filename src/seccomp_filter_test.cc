#include "seccomp_filter.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>

#include <algorithm>
#include <array>

#include "syscall_table.h"

namespace {

/// What the kernel would decide for one call, and how many instructions that took. Knows
/// only the instructions BuildFilter uses; anything else fails the test.
struct Verdict {
  uint32_t action = 0;
  int steps = 0;
};

Verdict RunFilter(const BpfProgram& filter, const seccomp_data& data) {
  Verdict verdict;
  uint32_t a = 0;
  for (size_t pc = 0; pc < filter.size(); ++pc, ++verdict.steps) {
    const sock_filter& insn = filter[pc];
    switch (insn.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        if (insn.k + sizeof(a) > sizeof(data)) break;
        memcpy(&a, reinterpret_cast<const char*>(&data) + insn.k, sizeof(a));
        continue;
      case BPF_ALU | BPF_AND | BPF_K: a &= insn.k; continue;
      case BPF_JMP | BPF_JA: pc += insn.k; continue;
      case BPF_JMP | BPF_JEQ | BPF_K: pc += a == insn.k ? insn.jt : insn.jf; continue;
      case BPF_JMP | BPF_JGE | BPF_K: pc += a >= insn.k ? insn.jt : insn.jf; continue;
      case BPF_JMP | BPF_JSET | BPF_K: pc += (a & insn.k) ? insn.jt : insn.jf; continue;
      case BPF_RET | BPF_K: verdict.action = insn.k; return verdict;
    }
    ADD_FAILURE() << "instruction " << pc << " (code " << insn.code << ") is not understood";
    return verdict;
  }
  ADD_FAILURE() << "the filter ran past its end";
  return verdict;
}

uint32_t Decide(uint32_t arch, uint32_t nr, int flags_arg = -1, uint64_t flags = 0) {
  seccomp_data data{};
  data.arch = arch;
  data.nr = static_cast<int>(nr);
  if (flags_arg >= 0) data.args[flags_arg] = flags;
  return RunFilter(BuildFilter(), data).action;
}

TEST(SeccompFilterTest, FitsTheKernelsLimit) {
  EXPECT_LE(BuildFilter().size(), size_t{BPF_MAXINSNS});
}

TEST(SeccompFilterTest, TracesExactlyTheTablesCalls) {
  BpfProgram filter = BuildFilter();
  int most_steps = 0;
  for (uint32_t arch : std::array<uint32_t, 2>{AUDIT_ARCH_X86_64, AUDIT_ARCH_I386}) {
    for (uint32_t nr = 0; nr < 1100; ++nr) {
      seccomp_data data{};
      data.arch = arch;
      data.nr = static_cast<int>(nr);
      Verdict verdict = RunFilter(filter, data);
      // x32's own execve numbers are traced for x86_64 too, where they do not exist.
      bool x32_exec = arch == AUDIT_ARCH_X86_64 && (nr == kX32Execve || nr == kX32Execveat);
      bool traced = FindSpec(arch, nr) || x32_exec;
      EXPECT_EQ(verdict.action, traced ? SECCOMP_RET_TRACE : SECCOMP_RET_ALLOW)
          << "arch " << arch << " nr " << nr;
      most_steps = std::max(most_steps, verdict.steps);
    }
  }
  EXPECT_LE(most_steps, 24);  // a search tree, not a scan of some eighty numbers
}

TEST(SeccompFilterTest, X32NumbersAreX86_64sWithABit) {
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, kX32Bit | SYS_openat), SECCOMP_RET_TRACE);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, kX32Bit | kX32Execve), SECCOMP_RET_TRACE);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, kX32Bit | kX32Execveat), SECCOMP_RET_TRACE);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, kX32Bit | SYS_read), SECCOMP_RET_ALLOW);
}

TEST(SeccompFilterTest, FstatInDisguiseRunsUnstopped) {
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, SYS_newfstatat, 3, AT_EMPTY_PATH), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, SYS_newfstatat, 3, AT_SYMLINK_NOFOLLOW), SECCOMP_RET_TRACE);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, SYS_statx, 2, AT_EMPTY_PATH), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, SYS_faccessat2, 3, AT_EMPTY_PATH), SECCOMP_RET_ALLOW);
  EXPECT_EQ(Decide(AUDIT_ARCH_I386, 300, 3, AT_EMPTY_PATH), SECCOMP_RET_ALLOW);  // fstatat64
  // Other calls that take AT_EMPTY_PATH are recorded: an fd's name is what they change.
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, SYS_linkat, 4, AT_EMPTY_PATH), SECCOMP_RET_TRACE);
  EXPECT_EQ(Decide(AUDIT_ARCH_X86_64, SYS_fchownat, 4, AT_EMPTY_PATH), SECCOMP_RET_TRACE);
}

TEST(SeccompFilterTest, AnUnknownAbiIsTracedNotAllowed) {
  EXPECT_EQ(Decide(AUDIT_ARCH_AARCH64, 63), SECCOMP_RET_TRACE);  // read on arm64
}

}  // namespace
