#include "reap_main.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <initializer_list>

#include "lifetime.h"

namespace {

int ReapUsage(const char* problem) {
  (void)fprintf(stderr,
                "parnox __reap: %s\nusage: parnox __reap --parent PID -- COMMAND [ARGS...]\n",
                problem);
  return 2;
}

/// Kills what the session left and then this process; parnox is gone.
[[noreturn]] void EndEverything() {
  KillDescendants();
  _exit(128 + SIGKILL);
}

}  // namespace

int ReapMain(int argc, char** argv) {
  if (argc < 6 || strcmp(argv[2], "--parent") != 0 || strcmp(argv[4], "--") != 0)
    return ReapUsage("expected --parent PID -- COMMAND");
  pid_t parent = static_cast<pid_t>(atoi(argv[3]));
  if (parent <= 0) return ReapUsage("--parent takes a process id");
  char** command = argv + 5;

  // Everything this process waits for arrives as a signal, taken with sigwaitinfo: the
  // command's children, parnox's death, and the signals parnox sends the whole process
  // group (the command got those itself; this process only waits on).
  const int parent_died = SIGRTMIN + 1;
  sigset_t wait_for, original;
  sigemptyset(&wait_for);
  for (int signal : {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, parent_died})
    sigaddset(&wait_for, signal);
  sigprocmask(SIG_BLOCK, &wait_for, &original);
  // Orphans of the session (a daemon whose parent exited) become this process's children,
  // so that they stay within reach.
  (void)prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (!DieWithParent(parent, parent_died)) EndEverything();

  pid_t child = fork();
  if (child < 0) {
    (void)fprintf(stderr, "parnox: cannot start %s: %s\n", command[0], strerror(errno));
    return 2;
  }
  if (child == 0) {
    sigprocmask(SIG_SETMASK, &original, nullptr);
    execvp(command[0], command);
    (void)fprintf(stderr, "parnox: cannot run %s: %s\n", command[0], strerror(errno));
    _exit(127);
  }

  for (;;) {
    siginfo_t info;
    int signal = sigwaitinfo(&wait_for, &info);
    if (signal == parent_died) EndEverything();
    if (signal != SIGCHLD) continue;
    int status = 0;
    for (pid_t done; (done = waitpid(-1, &status, WNOHANG)) > 0;) {
      if (done != child) continue;  // an orphan of the session, reaped
      if (WIFSIGNALED(status)) return DieLike(WTERMSIG(status));
      return WEXITSTATUS(status);
    }
  }
}
