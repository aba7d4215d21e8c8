#include "trace_start.h"

#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "tracer.h"
#include "tracer_fixture.h"

namespace {

using tracer_test::WhyNoPtrace;

TEST(PtraceAvailableTest, AnswersConsistently) {
  std::string why;
  bool available = PtraceAvailable(&why);
  EXPECT_EQ(available, why.empty()) << why;
}

/// PtraceAvailable's answer in a child where `denied` system calls fail with EPERM, as in
/// a container whose seccomp profile forbids them.
std::string WhyWith(std::initializer_list<int> denied) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<sock_filter> filter = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr))};
    for (int nr : denied) {
      filter.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(nr), 0, 1));
      filter.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
    }
    filter.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    sock_fprog program{static_cast<unsigned short>(filter.size()), filter.data()};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0)
      _exit(1);
    std::string why;
    bool available = PtraceAvailable(&why);
    if (available) why = "available";
    ssize_t written = write(fds[1], why.data(), why.size());
    _exit(written == static_cast<ssize_t>(why.size()) ? 0 : 1);
  }
  close(fds[1]);
  std::string why;
  char buffer[512];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;) why.append(buffer, n);
  close(fds[0]);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return why;
}

TEST(PtraceAvailableTest, NamesTheFixWhenPtraceIsForbidden) {
  if (!WhyNoPtrace().empty()) GTEST_SKIP() << WhyNoPtrace();
  std::string why = WhyWith({SYS_ptrace});
  EXPECT_TRUE(
      why.starts_with("ptrace is not permitted here (PTRACE_SEIZE: Operation not "
                      "permitted): "))
      << why;
  EXPECT_NE(why.find("--cap-add=SYS_PTRACE"), std::string::npos) << why;
}

TEST(PtraceAvailableTest, NamesTheFixWhenSeccompIsForbidden) {
  if (!WhyNoPtrace().empty()) GTEST_SKIP() << WhyNoPtrace();
  std::string why = WhyWith({SYS_seccomp, SYS_prctl});
  EXPECT_TRUE(why.starts_with("cannot install the seccomp filter: Operation not permitted")) << why;
  EXPECT_NE(why.find("seccomp=unconfined"), std::string::npos) << why;
}

}  // namespace
