// Probes: the stat family, access, readlink, through glibc and as raw system calls, and
// fstat, which must not be recorded at all. Needs the file f and the symlink l -> f.
#include "prog.h"

#include <sys/stat.h>

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  struct stat st;
  struct statx stx;
  char target[64];
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK(stat(P("f"), &st) == 0);
  CHECK(lstat(P("l"), &st) == 0);
  CHECK(fstatat(dfd, "f", &st, 0) == 0);
  CHECK(statx(AT_FDCWD, P("f"), 0, STATX_SIZE, &stx) == 0);
  CHECK(access(P("f"), R_OK) == 0);
  CHECK(faccessat(dfd, "f", R_OK, 0) == 0);
  CHECK(readlink(P("l"), target, sizeof(target)) > 0);
  CHECK(readlinkat(dfd, "l", target, sizeof(target)) > 0);
  FAILS(stat(P("missing"), &st), ENOENT);
  CHECK(syscall(SYS_stat, P("f"), &st) == 0);
  CHECK(syscall(SYS_lstat, P("l"), &st) == 0);
  CHECK(syscall(SYS_access, P("f"), R_OK) == 0);
  CHECK(syscall(SYS_readlink, P("l"), target, sizeof(target)) > 0);
  CHECK(syscall(SYS_faccessat2, dfd, "f", R_OK, AT_SYMLINK_NOFOLLOW) == 0);
  int fd = open(P("f"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK(fstat(fd, &st) == 0);
  CHECK(statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx) == 0);
  printf("f has %lld bytes\n", (long long)st.st_size);
  return 0;
}
