// Opens of existing files for writing: O_WRONLY|O_TRUNC, O_RDWR, O_APPEND.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  int fd = open(P("out"), O_WRONLY | O_TRUNC);
  CHECK(fd >= 0);
  CHECK(write(fd, "new\n", 4) == 4);
  close(fd);
  Touch(P("rw"), O_RDWR);
  fd = open(P("append"), O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  CHECK(write(fd, "more\n", 5) == 5);
  close(fd);
  puts("wrote out, rw, append");
  return 0;
}
