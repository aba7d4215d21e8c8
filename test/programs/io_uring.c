// io_uring_setup: the process could now open and read files without system calls the
// tracer sees; the trace must say so (a blind spot), whether or not the call succeeds.
#include "prog.h"

#include <linux/io_uring.h>

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  struct io_uring_params params;
  memset(&params, 0, sizeof(params));
  long fd = syscall(SYS_io_uring_setup, 4, &params);
  if (fd >= 0) close((int)fd);
  puts("asked for an io_uring");
  return 0;
}
