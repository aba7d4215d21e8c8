// Opens for reading: open(O_RDONLY) and fopen("r") of DIR/input.
#include "prog.h"

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  char buffer[64] = {0};
  int fd = open(P("input"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK(read(fd, buffer, sizeof(buffer) - 1) >= 0);
  close(fd);
  FILE* file = fopen(P("input"), "r");
  CHECK(file != NULL);
  fclose(file);
  printf("input: %s", buffer);
  return 0;
}
