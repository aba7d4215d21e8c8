// Metadata changes, each a write: chmod, chown, utime and xattr calls by path, by dirfd
// and by fd; truncate; and a failed chmod. Needs the file f and the symlink l -> f.
// Prints whether user xattrs work here (the test expects writes or probes accordingly).
#include "prog.h"

#include <sys/time.h>
#include <sys/xattr.h>

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  CHECK(chmod(P("f"), 0600) == 0);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(fchmodat(dfd, "f", 0644, 0) == 0);
  CHECK(chown(P("f"), getuid(), getgid()) == 0);
  CHECK(lchown(P("l"), getuid(), getgid()) == 0);
  CHECK(fchownat(dfd, "f", getuid(), getgid(), 0) == 0);
  CHECK(utimensat(AT_FDCWD, P("f"), NULL, 0) == 0);
  CHECK(utimes(P("f"), NULL) == 0);
  int fd = open(P("f"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK(futimens(fd, NULL) == 0);
  CHECK(fchmod(fd, 0644) == 0);
  CHECK(fchown(fd, getuid(), getgid()) == 0);
  CHECK(truncate(P("f"), 3) == 0);
  int xattr = setxattr(P("f"), "user.parnox", "1", 1, 0) == 0;
  if (xattr) CHECK(removexattr(P("f"), "user.parnox") == 0);
  FAILS(chmod(P("missing"), 0644), ENOENT);
  printf("xattr %s\n", xattr ? "ok" : "unsupported");
  return 0;
}
