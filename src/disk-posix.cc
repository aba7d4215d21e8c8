#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "disk.h"
#include "util.h"

namespace {

namespace fs = std::filesystem;

std::string ErrnoText(std::string_view path, std::string_view call) {
  return fmt::format("cannot write {}: {}: {}", path, call, std::strerror(errno));
}

/// The mode a plain new file would get (0666 minus the umask). umask(2) cannot be read
/// without setting it, which would race with threads that create files, so ask /proc.
mode_t NewFileMode() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    unsigned mask = 0;
    if (std::sscanf(line.c_str(), "Umask: %o", &mask) == 1) return 0666 & ~mask;
  }
  return 0644;
}

/// The replaced file keeps its permissions; a new one gets what open(2) would give it.
mode_t TargetMode(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return st.st_mode & 07777;
  return NewFileMode();
}

bool WriteAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t written = write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return false;
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

/// Fills the open temp file and closes it; on failure `error` names the call that failed.
bool FillTempFile(int fd, const std::string& path, const std::string& content, std::string* error) {
  const char* failed = nullptr;
  if (fchmod(fd, TargetMode(path)) != 0)
    failed = "fchmod";
  else if (!WriteAll(fd, content))
    failed = "write";
  else if (fsync(fd) != 0)
    failed = "fsync";
  if (failed) *error = ErrnoText(path, failed);
  // close() can report a delayed write error (NFS); it counts as a failed write.
  if (close(fd) != 0 && !failed) {
    *error = ErrnoText(path, "close");
    failed = "close";
  }
  return failed == nullptr;
}

}  // namespace

Disk::ReadResult RealDisk::ReadFile(const std::string& path, std::string* contents,
                                    std::string* error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) return ReadResult::kMissing;
  std::string text;
  char buffer[64 << 10];
  ssize_t got = fd < 0 ? -1 : 0;
  while (fd >= 0 && (got = read(fd, buffer, sizeof(buffer))) != 0) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  int read_errno = errno;
  if (fd >= 0) close(fd);
  if (got < 0) {
    *error = fmt::format("cannot read {}: {}", path, std::strerror(read_errno));
    return ReadResult::kError;
  }
  *contents = std::move(text);
  return ReadResult::kOk;
}

bool RealDisk::WriteFile(const std::string& path, const std::string& content, std::string* error) {
  // The temp file sits beside the target, so rename(2) stays on one file system and readers
  // see either the old file or the new one, never a half-written one.
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    *error = ErrnoText(path, fmt::format("mkstemp in {}", dir.string()));
    return false;
  }
  bool ok = FillTempFile(fd, path, content, error);
  if (ok && rename(temp.c_str(), path.c_str()) != 0) {
    *error = ErrnoText(path, "rename");
    ok = false;
  }
  if (!ok) unlink(temp.c_str());
  return ok;
}

bool RealDisk::MakeDirs(const std::string& dir, std::string* error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!ec && fs::is_directory(dir, ec)) return true;
  *error = fmt::format("cannot create directory {}: {}", dir,
                       ec ? ec.message() : "a file of that name is in the way");
  return false;
}

bool RealDisk::CanWrite(const std::string& dir, std::string* error) {
  std::string probe = dir + "/.parnox-probe.XXXXXX";
  int fd = mkstemp(probe.data());
  if (fd < 0) {
    *error = ErrnoText(dir, "mkstemp");
    return false;
  }
  // A page, as a log's first write needs: a full disk may still have room for a name.
  bool ok = FillTempFile(fd, dir, std::string(4096, '\n'), error);
  unlink(probe.c_str());
  return ok;
}

std::optional<std::string> RealDisk::MakeTempDir(const std::string& prefix, std::string* error) {
  std::string dir = TempBase() + "/" + prefix + "XXXXXX";
  if (mkdtemp(dir.data())) return dir;
  *error = ErrnoText(TempBase(), "mkdtemp");
  return std::nullopt;
}

bool RealDisk::Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}
