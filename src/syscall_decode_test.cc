#include "syscall_decode.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

template <typename T>
uint64_t Arg(T* pointer) {
  return reinterpret_cast<uint64_t>(pointer);
}
uint64_t Arg(int64_t number) { return static_cast<uint64_t>(number); }

/// Decodes a call as if this process were the tracee stopped at it: the tracer reads a
/// tracee's memory and /proc entries the same way it reads its own.
class SyscallDecodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char root[] = "/tmp/parnox-decode-XXXXXX";
    ASSERT_NE(mkdtemp(root), nullptr);
    dir_ = fs::canonical(root).string();
    std::ofstream(dir_ + "/existing") << "x";
    dirfd_ = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(dirfd_, 0);
  }
  void TearDown() override {
    if (dirfd_ >= 0) close(dirfd_);
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  FileCall Decode(int nr, std::initializer_list<uint64_t> args, pid_t tgid = getpid()) const {
    __ptrace_syscall_info info{};
    info.op = PTRACE_SYSCALL_INFO_SECCOMP;
    info.arch = AUDIT_ARCH_X86_64;
    info.seccomp.nr = nr;
    std::copy(args.begin(), args.end(), info.seccomp.args);
    return DecodeFileCall(getpid(), tgid, *FindSpec(info.arch, nr), info);
  }

  std::string dir_;
  int dirfd_ = -1;
};

TEST_F(SyscallDecodeTest, RelativePathsResolveAgainstTheDirfdOrTheWorkingDirectory) {
  FileCall call = Decode(SYS_openat, {Arg(dirfd_), Arg("sub/./f"), Arg(O_RDONLY)});
  EXPECT_EQ(call.path, dir_ + "/sub/f");
  EXPECT_EQ(call.flags, uint64_t{O_RDONLY});
  call = Decode(SYS_openat, {Arg(AT_FDCWD), Arg("f"), Arg(O_RDONLY)});
  EXPECT_EQ(call.path, fs::current_path().string() + "/f");
  call = Decode(SYS_unlink, {Arg("/abs//f")});
  EXPECT_EQ(call.path, "/abs/f");
}

TEST_F(SyscallDecodeTest, AnFdStandsForItsPath) {
  EXPECT_EQ(Decode(SYS_fchmod, {Arg(dirfd_), Arg(0644)}).path, dir_);
  EXPECT_EQ(Decode(SYS_newfstatat, {Arg(dirfd_), Arg(""), 0, Arg(AT_EMPTY_PATH)}).path, dir_);
  EXPECT_EQ(Decode(SYS_newfstatat, {Arg(dirfd_), Arg(""), 0, 0}).path, std::nullopt);
  EXPECT_EQ(Decode(SYS_utimensat, {Arg(dirfd_), 0, 0, 0}).path, dir_);  // futimens
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  EXPECT_EQ(Decode(SYS_fchmod, {Arg(pipe_fds[0]), Arg(0644)}).path, std::nullopt);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

TEST_F(SyscallDecodeTest, ProcSelfIsTheTracee) {
  EXPECT_EQ(Decode(SYS_stat, {Arg("/proc/self/cwd")}, 4711).path, "/proc/4711/cwd");
}

TEST_F(SyscallDecodeTest, CreatingCallsAskWhetherTheNameExisted) {
  EXPECT_TRUE(Decode(SYS_creat, {Arg((dir_ + "/existing").c_str())}).existed);
  FileCall fresh = Decode(SYS_creat, {Arg((dir_ + "/new").c_str())});
  EXPECT_FALSE(fresh.existed);
  EXPECT_EQ(fresh.flags, uint64_t{O_CREAT | O_WRONLY | O_TRUNC});
  // With O_EXCL, success proves it was new: no stat.
  EXPECT_FALSE(
      Decode(SYS_openat, {Arg(dirfd_), Arg("existing"), Arg(O_CREAT | O_EXCL | O_WRONLY)}).existed);
  EXPECT_TRUE(Decode(SYS_renameat, {Arg(dirfd_), Arg("a"), Arg(dirfd_), Arg("existing")}).existed);
  EXPECT_FALSE(Decode(SYS_renameat, {Arg(dirfd_), Arg("existing"), Arg(dirfd_), Arg("b")}).existed);
}

TEST_F(SyscallDecodeTest, Openat2sFlagsAreInItsOpenHow) {
  open_how how{};
  how.flags = O_WRONLY | O_TRUNC;
  FileCall call = Decode(SYS_openat2, {Arg(dirfd_), Arg("existing"), Arg(&how), sizeof(how)});
  EXPECT_EQ(call.flags, uint64_t{O_WRONLY | O_TRUNC});
  EXPECT_EQ(call.path, dir_ + "/existing");
}

TEST_F(SyscallDecodeTest, ExecKeepsArgv0) {
  const char* argv[] = {"renamed", "x", nullptr};
  FileCall call = Decode(SYS_execve, {Arg("/bin/true"), Arg(argv), 0});
  EXPECT_EQ(call.path, "/bin/true");
  EXPECT_EQ(call.argv0, "renamed");
  const char* empty[] = {nullptr};
  EXPECT_EQ(Decode(SYS_execve, {Arg("/bin/true"), Arg(empty), 0}).argv0, "");
}

}  // namespace
