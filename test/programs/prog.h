// Shared helpers of the tracer's test programs (test/programs/*.c). Each program takes the
// test's scratch directory as argv[1], makes a fixed sequence of file system calls there
// that src/tracer_test.cc expects to see recorded exactly, and prints what it did.
#ifndef PARNOX_TEST_PROGRAMS_PROG_H
#define PARNOX_TEST_PROGRAMS_PROG_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char* dir;

/// dir/name, in one of a few rotating buffers.
static inline const char* P(const char* name) {
  static char buffers[8][4096];
  static int next;
  char* buffer = buffers[next++ % 8];
  snprintf(buffer, sizeof(buffers[0]), "%s/%s", dir, name);
  return buffer;
}

/// A call that must succeed.
#define CHECK(call)                                                                   \
  do {                                                                                \
    if (!(call)) {                                                                    \
      fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #call, strerror(errno)); \
      exit(99);                                                                       \
    }                                                                                 \
  } while (0)

/// A call that must fail with `err`.
#define FAILS(call, err)                                                                   \
  do {                                                                                     \
    errno = 0;                                                                             \
    if ((call) != -1 || errno != (err)) {                                                  \
      fprintf(stderr, "%s:%d: %s should fail with %s, got %s\n", __FILE__, __LINE__, #call, \
              strerror(err), strerror(errno));                                             \
      exit(98);                                                                            \
    }                                                                                      \
  } while (0)

static inline void Init(int argc, char** argv, int needed) {
  if (argc < needed + 1) {
    fprintf(stderr, "usage: %s DIR ...\n", argv[0]);
    exit(2);
  }
  dir = argv[1];
  setvbuf(stdout, NULL, _IOLBF, 0);
}

/// Opens, and closes at once.
static inline void Touch(const char* path, int flags) {
  int fd = open(path, flags, 0644);
  CHECK(fd >= 0);
  close(fd);
}

/// Waits for a child and fails unless it exited with 0.
static inline void Reap(pid_t pid, int options) {
  int status;
  CHECK(waitpid(pid, &status, options) == pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "child %d failed (status %#x)\n", pid, status);
    exit(97);
  }
}

#endif
