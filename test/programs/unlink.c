// unlink, unlinkat (with and without AT_REMOVEDIR), rmdir, and their failures. Needs files
// a and b, empty directories d and e, and full/x.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  CHECK(unlink(P("a")) == 0);
  FAILS(unlink(P("a")), ENOENT);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(unlinkat(dfd, "b", 0) == 0);
  CHECK(unlinkat(AT_FDCWD, P("d"), AT_REMOVEDIR) == 0);
  CHECK(rmdir(P("e")) == 0);
  FAILS(rmdir(P("full")), ENOTEMPTY);
  puts("removed a, b, d, e");
  return 0;
}
