#include "syscall_table.h"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <sys/syscall.h>

#include <set>
#include <string>

namespace {

std::string NameOf(uint32_t arch, uint64_t nr) {
  const SyscallSpec* spec = FindSpec(arch, nr);
  return spec ? spec->name : "";
}

TEST(SyscallTableTest, FindsEachAbisOwnNumbers) {
  EXPECT_EQ(NameOf(AUDIT_ARCH_X86_64, SYS_openat), "openat");
  EXPECT_EQ(NameOf(AUDIT_ARCH_I386, 295), "openat");
  EXPECT_EQ(NameOf(AUDIT_ARCH_I386, 5), "open");
  EXPECT_EQ(NameOf(AUDIT_ARCH_X86_64, 5), "");  // fstat on x86_64: not traced
  EXPECT_EQ(NameOf(AUDIT_ARCH_I386, 193), "truncate64");
}

TEST(SyscallTableTest, X32SharesX86_64sNumbersExceptForExec) {
  EXPECT_EQ(NameOf(AUDIT_ARCH_X86_64, kX32Bit | SYS_openat), "openat");
  EXPECT_EQ(NameOf(AUDIT_ARCH_X86_64, kX32Bit | kX32Execve), "execve");
  EXPECT_EQ(NameOf(AUDIT_ARCH_X86_64, kX32Bit | kX32Execveat), "execveat");
  EXPECT_EQ(PointerSize(AUDIT_ARCH_X86_64, kX32Bit | kX32Execve), 4u);
  EXPECT_EQ(PointerSize(AUDIT_ARCH_I386, 11), 4u);
  EXPECT_EQ(PointerSize(AUDIT_ARCH_X86_64, SYS_execve), 8u);
}

TEST(SyscallTableTest, UntracedCallsAndOtherAbisHaveNoRow) {
  EXPECT_EQ(FindSpec(AUDIT_ARCH_X86_64, SYS_read), nullptr);
  EXPECT_EQ(FindSpec(AUDIT_ARCH_X86_64, 100000), nullptr);
  EXPECT_EQ(FindSpec(AUDIT_ARCH_I386, 100000), nullptr);
  EXPECT_EQ(FindSpec(AUDIT_ARCH_AARCH64, SYS_openat), nullptr);
}

TEST(SyscallTableTest, EveryRowIsWellFormed) {
  std::set<int> x86_64, i386;
  for (const SyscallSpec& spec : AllSyscallSpecs()) {
    SCOPED_TRACE(spec.name);
    EXPECT_TRUE(spec.x86_64 >= 0 || spec.i386 >= 0);
    EXPECT_TRUE(spec.x86_64 < 0 || x86_64.insert(spec.x86_64).second) << "number used twice";
    EXPECT_TRUE(spec.i386 < 0 || i386.insert(spec.i386).second) << "number used twice";
    for (int8_t arg : {spec.dirfd, spec.path, spec.dirfd2, spec.path2, spec.flags, spec.argv})
      EXPECT_TRUE(arg >= kNoArg && arg < 6) << int{arg};
    EXPECT_EQ(spec.argv != kNoArg, spec.action == SyscallAction::kExec);
    EXPECT_EQ(spec.path2 != kNoArg,
              spec.action == SyscallAction::kRename || spec.action == SyscallAction::kLink);
  }
}

TEST(SyscallTableTest, WhenEachCallIsRecorded) {
  EXPECT_TRUE(RecordsAtEntry(FindSpec(AUDIT_ARCH_X86_64, SYS_newfstatat)->action));
  EXPECT_TRUE(RecordsAtEntry(FindSpec(AUDIT_ARCH_X86_64, SYS_getdents64)->action));
  EXPECT_TRUE(RecordsAtEntry(FindSpec(AUDIT_ARCH_X86_64, SYS_io_uring_setup)->action));
  EXPECT_FALSE(RecordsAtEntry(FindSpec(AUDIT_ARCH_X86_64, SYS_openat)->action));
  EXPECT_FALSE(RecordsAtEntry(FindSpec(AUDIT_ARCH_X86_64, SYS_execve)->action));
  EXPECT_TRUE(SkipsEmptyPath(*FindSpec(AUDIT_ARCH_X86_64, SYS_statx)));
  EXPECT_FALSE(SkipsEmptyPath(*FindSpec(AUDIT_ARCH_X86_64, SYS_stat)));
  EXPECT_FALSE(SkipsEmptyPath(*FindSpec(AUDIT_ARCH_X86_64, SYS_unlinkat)));
}

}  // namespace
