// Opens that read no content: failures, O_DIRECTORY, O_PATH, O_TMPFILE. Needs DIR/input
// and the directory DIR/sub.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  FAILS(open(P("missing"), O_RDONLY), ENOENT);
  FAILS(open(P("nodir/x"), O_WRONLY | O_CREAT, 0644), ENOENT);
  FAILS(open(P("input/x"), O_RDONLY), ENOTDIR);
  Touch(P("sub"), O_RDONLY | O_DIRECTORY);
  Touch(P("input"), O_PATH);
  FAILS(open(P("sub"), O_WRONLY), EISDIR);
  int fd = open(P("sub"), O_TMPFILE | O_WRONLY, 0600);  // may be unsupported: a probe anyway
  if (fd >= 0) close(fd);
  puts("nothing read");
  return 0;
}
