// Relative paths after chdir and fchdir, through a symlinked directory, and ".." after a
// symlink. Needs sub/file, top, a/x, the directory a/b, and the symlinks link -> sub and
// deep -> a/b.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  CHECK(chdir(P("sub")) == 0);
  Touch("file", O_RDONLY);
  Touch("../top", O_RDONLY);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(fchdir(dfd) == 0);
  Touch("sub/file2", O_WRONLY | O_CREAT);
  CHECK(chdir("link") == 0);
  Touch("../top", O_RDONLY);       // the kernel's ".." of link is sub's parent
  Touch(P("deep/../x"), O_RDONLY);  // deep -> a/b, so this is a/x
  Touch(".//file", O_RDONLY);
  puts("walked around");
  return 0;
}
