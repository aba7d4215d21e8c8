// Threads: "open" has four threads each create DIR/tN and read DIR/input; "exec" has a
// second thread exec PROGRAM DIR (a non-leader thread's exec takes the process's id).
#include "prog.h"

#include <pthread.h>

static const char* program;

static void* CreateAndRead(void* arg) {
  char name[8];
  snprintf(name, sizeof(name), "t%d", (int)(long)arg);
  Touch(P(name), O_WRONLY | O_CREAT | O_TRUNC);
  Touch(P("input"), O_RDONLY);
  return NULL;
}

static void* Exec(void* arg) {
  (void)arg;
  execl(program, program, dir, (char*)NULL);
  perror("execl");
  exit(96);
}

int main(int argc, char** argv) {
  Init(argc, argv, 2);
  pthread_t threads[4];
  if (strcmp(argv[2], "exec") == 0 && argc > 3) {
    program = argv[3];
    CHECK(pthread_create(&threads[0], NULL, Exec, NULL) == 0);
    for (;;) pause();
  }
  for (long i = 0; i < 4; ++i) CHECK(pthread_create(&threads[i], NULL, CreateAndRead, (void*)i) == 0);
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  puts("four threads done");
  return 0;
}
