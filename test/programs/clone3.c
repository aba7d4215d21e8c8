// Processes made by raw clone3 (with SIGCHLD, and with no exit signal, which ptrace
// reports as a clone rather than a fork) and by raw clone. Each child creates one file.
#include "prog.h"

#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>

static void Child(const char* name) {
  int fd = open(P(name), O_WRONLY | O_CREAT, 0644);
  _exit(fd >= 0 ? 0 : 1);
}

static pid_t Clone3(int exit_signal) {
  struct clone_args args;
  memset(&args, 0, sizeof(args));
  args.exit_signal = (uint64_t)exit_signal;
  return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  pid_t pid = Clone3(SIGCHLD);
  CHECK(pid >= 0);
  if (pid == 0) Child("c1");
  Reap(pid, 0);
  pid = Clone3(0);
  CHECK(pid >= 0);
  if (pid == 0) Child("c2");
  Reap(pid, __WALL);
  pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  CHECK(pid >= 0);
  if (pid == 0) Child("c3");
  Reap(pid, 0);
  puts("three clones");
  return 0;
}
