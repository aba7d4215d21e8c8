// rename to a new name and over an existing file, renameat, renameat2 with NOREPLACE and
// EXCHANGE, and a failed rename. Needs files a, c, d, e, g, i, j.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  CHECK(rename(P("a"), P("b")) == 0);
  CHECK(rename(P("c"), P("d")) == 0);
  int dfd = open(dir, O_PATH | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(renameat(dfd, "e", dfd, "f") == 0);
  CHECK(renameat2(AT_FDCWD, P("g"), AT_FDCWD, P("h"), RENAME_NOREPLACE) == 0);
  CHECK(renameat2(AT_FDCWD, P("i"), AT_FDCWD, P("j"), RENAME_EXCHANGE) == 0);
  FAILS(rename(P("missing"), P("x")), ENOENT);
  puts("renamed");
  return 0;
}
