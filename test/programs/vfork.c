// vfork + exec, and posix_spawn (a clone with CLONE_VM|CLONE_VFORK), each running
// PROGRAM DIR. Needs DIR/input (for PROGRAM).
#include "prog.h"

#include <spawn.h>

extern char** environ;

int main(int argc, char** argv) {
  Init(argc, argv, 2);
  char* program = argv[2];
  pid_t pid = vfork();
  CHECK(pid >= 0);
  if (pid == 0) {
    execl(program, program, dir, (char*)NULL);
    _exit(95);
  }
  Reap(pid, 0);
  char* args[] = {program, (char*)dir, NULL};
  CHECK(posix_spawn(&pid, program, NULL, NULL, args, environ) == 0);
  Reap(pid, 0);
  Touch(P("after"), O_WRONLY | O_CREAT);
  puts("spawned twice");
  return 0;
}
