// fork, then exec in the child: first a missing program (a probe), then PROGRAM DIR; then
// a second child execs the script DIR/script.sh (its interpreter is read too). Needs DIR/input
// (for PROGRAM) and DIR/script.sh.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 2);
  const char* program = argv[2];
  Touch(P("before"), O_WRONLY | O_CREAT);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    Touch(P("child"), O_WRONLY | O_CREAT);
    execl(P("missing-program"), "missing-program", (char*)NULL);
    execl(program, "renamed-argv0", dir, (char*)NULL);
    _exit(95);
  }
  Reap(pid, 0);
  pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    execl(P("script.sh"), "script.sh", dir, (char*)NULL);
    _exit(95);
  }
  Reap(pid, 0);
  Touch(P("after"), O_WRONLY | O_CREAT);
  puts("children done");
  return 0;
}
