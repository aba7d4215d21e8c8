#include "tracee_read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

bool ReadMemory(pid_t tid, uint64_t address, void* buffer, size_t size, size_t* got) {
  iovec local{buffer, size};
  // NOLINTNEXTLINE(performance-no-int-to-ptr): an address in the tracee; only the kernel reads it
  iovec remote{reinterpret_cast<void*>(address), size};
  ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
  if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
    char mem[64];  // holds any /proc/PID/mem: snprintf cannot truncate
    (void)snprintf(mem, sizeof(mem), "/proc/%d/mem", tid);
    int fd = open(mem, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    n = pread(fd, buffer, size, static_cast<off_t>(address));
    close(fd);
  }
  if (n <= 0) return false;
  *got = static_cast<size_t>(n);
  return true;
}

bool ReadString(pid_t tid, uint64_t address, std::string* out) {
  constexpr size_t kPage = 4096;
  out->clear();
  char buffer[kPage];
  while (out->size() <= PATH_MAX) {
    size_t got = 0;
    if (!ReadMemory(tid, address, buffer, kPage - address % kPage, &got)) return false;
    if (const void* nul = memchr(buffer, 0, got)) {
      out->append(buffer, static_cast<const char*>(nul) - buffer);
      return true;
    }
    out->append(buffer, got);
    address += got;
  }
  return false;  // longer than any path the kernel accepts
}

std::optional<std::string> ProcLink(const char* link) {
  char target[PATH_MAX + 1];
  ssize_t n = readlink(link, target, PATH_MAX);
  if (n <= 0 || target[0] != '/') return std::nullopt;
  std::string path(target, static_cast<size_t>(n));
  if (path.ends_with(" (deleted)")) return std::nullopt;
  return path;
}

std::optional<std::string> FdPath(pid_t tid, int fd) {
  char link[64];  // holds any /proc/PID/fd/FD: snprintf cannot truncate
  if (fd == AT_FDCWD)
    (void)snprintf(link, sizeof(link), "/proc/%d/cwd", tid);
  else
    (void)snprintf(link, sizeof(link), "/proc/%d/fd/%d", tid, fd);
  return ProcLink(link);
}

std::optional<std::string> ExePath(pid_t pid) {
  char link[64];  // holds any /proc/PID/exe: snprintf cannot truncate
  (void)snprintf(link, sizeof(link), "/proc/%d/exe", pid);
  return ProcLink(link);
}

ProcStatus ReadProcStatus(pid_t tid) {
  ProcStatus status;
  char name[64];  // holds any /proc/PID/status: snprintf cannot truncate
  (void)snprintf(name, sizeof(name), "/proc/%d/status", tid);
  FILE* file = fopen(name, "re");
  if (!file) return status;
  char line[256];
  while (fgets(line, sizeof(line), file) && (!status.tgid || !status.ppid)) {
    // A line that is neither leaves both fields as they were.
    (void)sscanf(line, "Tgid: %d", &status.tgid);
    (void)sscanf(line, "PPid: %d", &status.ppid);
  }
  (void)fclose(file);  // read only: nothing to lose
  return status;
}
