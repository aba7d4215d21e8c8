// openat and openat2 relative to a directory fd, and absolute paths that ignore it. Needs
// sub/f and abs.
#include "prog.h"

#include <linux/openat2.h>

static int OpenAt2(int dfd, const char* path, unsigned long long flags) {
  struct open_how how = {.flags = flags, .mode = flags & O_CREAT ? 0644 : 0};
  return (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
}

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  int dfd = open(P("sub"), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  int fd;
  CHECK((fd = openat(dfd, "f", O_RDONLY)) >= 0);
  close(fd);
  CHECK((fd = openat(dfd, "g", O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0);
  close(fd);
  CHECK((fd = openat(dfd, P("abs"), O_RDONLY)) >= 0);
  close(fd);
  CHECK((fd = openat(dfd, "../abs", O_RDONLY)) >= 0);
  close(fd);
  CHECK((fd = OpenAt2(dfd, "f", O_RDONLY)) >= 0);
  close(fd);
  CHECK((fd = OpenAt2(dfd, "h", O_WRONLY | O_CREAT)) >= 0);
  close(fd);
  FAILS(openat(dfd, "missing", O_RDONLY), ENOENT);
  puts("opened relative to sub");
  return 0;
}
