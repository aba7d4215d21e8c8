// Directory listings: opendir/readdir (getdents64) and the old getdents. Needs the
// directory listed with files x and y.
#include "prog.h"

#include <dirent.h>

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  DIR* listing = opendir(P("listed"));
  CHECK(listing != NULL);
  int names = 0;
  for (struct dirent* entry; (entry = readdir(listing)) != NULL;) names += entry->d_name[0] != '.';
  closedir(listing);
  Touch(P("listed/x"), O_RDONLY);
  int fd = open(P("listed"), O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  char buffer[4096];
  CHECK(syscall(SYS_getdents, fd, buffer, sizeof(buffer)) > 0);
  printf("%d names\n", names);
  return 0;
}
