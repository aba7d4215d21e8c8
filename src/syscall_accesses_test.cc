#include "syscall_accesses.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <stdio.h>
#include <sys/syscall.h>

#include <string>
#include <vector>

namespace {

FileCall CallOf(int nr, std::optional<std::string> path,
                std::optional<std::string> path2 = std::nullopt, uint64_t flags = 0,
                bool existed = false) {
  FileCall call;
  call.spec = FindSpec(AUDIT_ARCH_X86_64, nr);
  call.path = std::move(path);
  call.path2 = std::move(path2);
  call.flags = flags;
  call.existed = existed;
  return call;
}

/// "kind path" for each access, as the trace log would name them.
std::vector<std::string> Named(const CallAccesses& accesses) {
  std::vector<std::string> names;
  for (const CallAccess& access : accesses)
    names.push_back(std::string(AccessKindName(access.kind)) + " " + std::string(access.path));
  return names;
}

using Names = std::vector<std::string>;

TEST(OpenKindTest, ContentReadOrWrittenByTheFlags) {
  EXPECT_EQ(OpenKind(O_RDONLY, true), AccessKind::kRead);
  EXPECT_EQ(OpenKind(O_WRONLY, true), AccessKind::kWrite);
  EXPECT_EQ(OpenKind(O_RDWR, true), AccessKind::kWrite);
  EXPECT_EQ(OpenKind(O_RDONLY | O_TRUNC, true), AccessKind::kWrite);
  EXPECT_EQ(OpenKind(O_WRONLY | O_APPEND, true), AccessKind::kWrite);
}

TEST(OpenKindTest, CreateOnlyWhenTheFileWasNew) {
  EXPECT_EQ(OpenKind(O_CREAT | O_WRONLY, false), AccessKind::kCreate);
  EXPECT_EQ(OpenKind(O_CREAT | O_WRONLY, true), AccessKind::kWrite);
  EXPECT_EQ(OpenKind(O_CREAT | O_RDONLY, true), AccessKind::kRead);
  // O_EXCL: success proves the file was new, whatever the tracer's stat said.
  EXPECT_EQ(OpenKind(O_CREAT | O_EXCL | O_WRONLY, true), AccessKind::kCreate);
}

TEST(OpenKindTest, OpensThatReadNothingAreProbes) {
  EXPECT_EQ(OpenKind(O_PATH, true), AccessKind::kProbe);
  EXPECT_EQ(OpenKind(O_DIRECTORY | O_RDONLY, true), AccessKind::kProbe);
  EXPECT_EQ(OpenKind(O_TMPFILE | O_RDWR, false), AccessKind::kProbe);
}

TEST(SyscallAccessesTest, EntryRecordsProbesListingsAndBlindSpots) {
  EXPECT_EQ(Named(AccessesAtEntry(CallOf(SYS_newfstatat, "/a"))), Names{"probe /a"});
  EXPECT_EQ(Named(AccessesAtEntry(CallOf(SYS_getdents64, "/d"))), Names{"list /d"});
  EXPECT_EQ(Named(AccessesAtEntry(CallOf(SYS_io_uring_setup, std::nullopt))),
            Names{"blind io_uring_setup"});
}

TEST(SyscallAccessesTest, SuccessByKindOfCall) {
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_openat, "/f", {}, O_WRONLY | O_CREAT), true)),
            Names{"create /f"});
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_unlinkat, "/f"), true)), Names{"delete /f"});
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_mkdir, "/d"), true)), Names{"mkdir /d"});
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_symlink, "/s"), true)), Names{"create /s"});
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_fchmodat, "/f"), true)), Names{"write /f"});
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_link, "/a", "/b"), true)),
            (Names{"read /a", "create /b"}));
  // A successful exec is recorded at its exec event, not here.
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_execve, "/bin/sh"), true)), Names{});
}

TEST(SyscallAccessesTest, RenameIsADeleteAndAWriteOrCreate) {
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_rename, "/a", "/b", 0, false), true)),
            (Names{"delete /a", "create /b"}));
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_rename, "/a", "/b", 0, true), true)),
            (Names{"delete /a", "write /b"}));
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_renameat2, "/a", "/b", RENAME_EXCHANGE), true)),
            (Names{"write /a", "write /b"}));
}

TEST(SyscallAccessesTest, FailureIsAProbeOfEveryPath) {
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_renameat, "/a", "/b"), false)),
            (Names{"probe /a", "probe /b"}));
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_execve, "/missing"), false)), Names{"probe /missing"});
}

TEST(SyscallAccessesTest, PathsThatDidNotResolveAreLeftOut) {
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_fchmod, std::nullopt), true)), Names{});
  EXPECT_EQ(Named(AccessesAtExit(CallOf(SYS_link, std::nullopt, "/b"), true)), Names{"create /b"});
  EXPECT_EQ(Named(AccessesAtEntry(CallOf(SYS_stat, std::nullopt))), Names{});
}

}  // namespace
