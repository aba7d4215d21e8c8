// Signals and exit statuses, by mode (argv[2]):
//   exit N        exit with N
//   raise N       kill itself with signal N (no core dump)
//   ignore-term   ignore SIGTERM, send it to itself, carry on
//   handle-term   catch a SIGTERM sent to itself
//   stop-cont     a child stops itself; the parent sees it stopped, continues it, reaps it
//   wait-term     create DIR/ready, then count SIGTERMs: exit 10 + count after the first
//                 has had 1.5 s to be followed by duplicates
//   die-term      create DIR/ready, then wait to be killed by SIGTERM
//   sleepers N    fork N children that sleep, write all pids to DIR/pids, sleep
#include "prog.h"

#include <signal.h>
#include <sys/resource.h>
#include <time.h>

static volatile sig_atomic_t terms;
static void CountTerm(int signal) {
  (void)signal;
  ++terms;
}

static void Ready(const char* name) {
  char temp[4096];
  snprintf(temp, sizeof(temp), "%s.tmp", P(name));
  Touch(temp, O_WRONLY | O_CREAT);
  CHECK(rename(temp, P(name)) == 0);
}

static void Sleep(double seconds) {
  struct timespec ts = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static int StopCont(void) {
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    raise(SIGSTOP);
    Touch(P("after-stop"), O_WRONLY | O_CREAT);
    _exit(0);
  }
  int status;
  CHECK(waitpid(pid, &status, WUNTRACED) == pid);
  printf("stopped: %d\n", WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  CHECK(kill(pid, SIGCONT) == 0);
  Reap(pid, 0);
  puts("continued");
  return 0;
}

static int Sleepers(int count) {
  char pids[4096];
  int length = snprintf(pids, sizeof(pids), "%d\n", getpid());
  for (int i = 0; i < count; ++i) {
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
      Sleep(1000);
      _exit(0);
    }
    length += snprintf(pids + length, sizeof(pids) - length, "%d\n", pid);
  }
  int fd = open(P("pids.tmp"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, pids, length) == length);
  close(fd);
  CHECK(rename(P("pids.tmp"), P("pids")) == 0);
  Sleep(1000);
  return 0;
}

int main(int argc, char** argv) {
  Init(argc, argv, 2);
  const char* mode = argv[2];
  int number = argc > 3 ? atoi(argv[3]) : 0;
  struct sigaction action = {0};
  if (strcmp(mode, "exit") == 0) return number;
  if (strcmp(mode, "raise") == 0) {
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    raise(number);
    return 90;
  }
  if (strcmp(mode, "ignore-term") == 0) {
    signal(SIGTERM, SIG_IGN);
    kill(getpid(), SIGTERM);
    puts("survived");
    return 0;
  }
  action.sa_handler = CountTerm;
  if (strcmp(mode, "handle-term") == 0) {
    sigaction(SIGTERM, &action, NULL);
    raise(SIGTERM);
    printf("handled %d\n", (int)terms);
    return 0;
  }
  if (strcmp(mode, "stop-cont") == 0) return StopCont();
  if (strcmp(mode, "wait-term") == 0) {
    sigaction(SIGTERM, &action, NULL);
    Ready("ready");
    while (!terms) pause();
    Sleep(1.5);
    printf("terms %d\n", (int)terms);
    return 10 + terms;
  }
  if (strcmp(mode, "die-term") == 0) {
    Ready("ready");
    for (;;) pause();
  }
  if (strcmp(mode, "sleepers") == 0) return Sleepers(number);
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
