// O_CREAT of new and existing files, with and without O_EXCL; creat; fopen("w").
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  int fd = creat(P("new1"), 0644);
  CHECK(fd >= 0);
  close(fd);
  Touch(P("new2"), O_CREAT | O_EXCL | O_WRONLY);
  Touch(P("existing"), O_CREAT | O_WRONLY);
  FAILS(open(P("existing"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  Touch(P("existing"), O_CREAT | O_RDONLY);
  Touch(P("new3"), O_CREAT | O_RDONLY);
  FILE* file = fopen(P("new4"), "w");
  CHECK(file != NULL);
  fclose(file);
  Touch(P("new1"), O_CREAT | O_WRONLY | O_TRUNC);
  puts("created new1 to new4");
  return 0;
}
