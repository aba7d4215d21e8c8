// Linked statically (the seccomp filter does not depend on a dynamic loader): reads
// input, creates out, deletes gone, makes d, forks a child that creates child-out, and
// execs itself ("exec" mode), which creates exec-out. Needs DIR/input and DIR/gone.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  if (argc > 2 && strcmp(argv[2], "exec") == 0) {
    Touch(P("exec-out"), O_WRONLY | O_CREAT);
    return 0;
  }
  Touch(P("input"), O_RDONLY);
  Touch(P("out"), O_WRONLY | O_CREAT | O_TRUNC);
  CHECK(unlink(P("gone")) == 0);
  CHECK(mkdir(P("d"), 0755) == 0);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    Touch(P("child-out"), O_WRONLY | O_CREAT);
    _exit(0);
  }
  Reap(pid, 0);
  pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    execl("/proc/self/exe", "static_files", dir, "exec", (char*)NULL);
    _exit(95);
  }
  Reap(pid, 0);
  puts("static done");
  return 0;
}
