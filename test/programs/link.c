// link, linkat, symlink, symlinkat, a failed link, and an O_TMPFILE file given a name
// through linkat. Needs the file a.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  CHECK(link(P("a"), P("b")) == 0);
  FAILS(link(P("a"), P("b")), EEXIST);
  CHECK(symlink("a", P("s")) == 0);
  CHECK(symlink("does/not/exist", P("s2")) == 0);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(linkat(dfd, "a", dfd, "c", 0) == 0);
  CHECK(symlinkat("a", dfd, "s3") == 0);
  int fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
  CHECK(fd >= 0);
  CHECK(write(fd, "tmp\n", 4) == 4);
  char proc_path[64];
  snprintf(proc_path, sizeof(proc_path), "/proc/self/fd/%d", fd);
  CHECK(linkat(AT_FDCWD, proc_path, AT_FDCWD, P("t"), AT_SYMLINK_FOLLOW) == 0);
  puts("linked b, c, s, s2, s3, t");
  return 0;
}
