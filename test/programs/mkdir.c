// mkdir, mkdirat, their failures, rmdir, mkfifo and mknod.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  CHECK(mkdir(P("d1"), 0755) == 0);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(mkdirat(dfd, "d2", 0755) == 0);
  FAILS(mkdir(P("d1"), 0755), EEXIST);
  FAILS(mkdir(P("nope/d3"), 0755), ENOENT);
  CHECK(rmdir(P("d1")) == 0);
  CHECK(mkfifo(P("fifo"), 0644) == 0);
  CHECK(mknod(P("node"), S_IFREG | 0644, 0) == 0);
  puts("made d2, fifo, node");
  return 0;
}
