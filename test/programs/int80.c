// The 32-bit x86 system call ABI from a 64-bit program ("int $0x80", as a 32-bit binary
// would call it): open, creat, stat64, mkdir and unlink, with paths in the low 4 GiB.
// Prints "no ia32" and does nothing else where the kernel lacks IA32 emulation. Needs
// DIR/input.
#include "prog.h"

#include <sys/mman.h>

enum { kOpen = 5, kCreat = 8, kUnlink = 10, kMkdir = 39, kClose = 6, kStat64 = 195 };

static long Int80(long nr, long a, long b, long c) {
  long result;
  __asm__ volatile("int $0x80" : "=a"(result) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return result;
}

int main(int argc, char** argv) {
  Init(argc, argv, 1);
  char* low = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  CHECK(low != MAP_FAILED);
  char* input = low;
  char* out = low + 4096;
  char* made = low + 2 * 4096;
  char* stat_buffer = low + 3 * 4096;
  strcpy(input, P("input"));
  strcpy(out, P("out"));
  strcpy(made, P("made"));
  long fd = Int80(kOpen, (long)input, O_RDONLY, 0);
  if (fd == -ENOSYS) {
    puts("no ia32");
    return 0;
  }
  CHECK(fd >= 0);
  Int80(kClose, fd, 0, 0);
  CHECK((fd = Int80(kCreat, (long)out, 0644, 0)) >= 0);
  Int80(kClose, fd, 0, 0);
  CHECK(Int80(kStat64, (long)input, (long)stat_buffer, 0) == 0);
  CHECK(Int80(kMkdir, (long)made, 0755, 0) == 0);
  CHECK(Int80(kUnlink, (long)out, 0, 0) == 0);
  puts("ia32 calls done");
  return 0;
}
