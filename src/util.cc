#include "util.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

void Fatal(const char* format, ...) {
  va_list args;
  va_start(args, format);
  // On the way to abort(): a message stderr does not take has nowhere else to go.
  (void)std::fputs("parnox: fatal: ", stderr);
  (void)std::vfprintf(stderr, format, args);
  (void)std::fputc('\n', stderr);
  va_end(args);
  // abort() rather than exit(): a core dump or debugger stop is what an impossible
  // failure deserves, and atexit handlers could touch half-torn-down state.
  std::abort();
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string TempBase() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir && *tmpdir ? tmpdir : "/tmp";
}

std::string DisplayPath(const std::string& path) {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  if (ec || path.empty()) return path;
  if (path == cwd) return ".";
  std::string prefix = cwd == "/" ? cwd : cwd + "/";
  return path.starts_with(prefix) ? path.substr(prefix.size()) : path;
}

int Fail(int code, const std::string& message) {
  fmt::print(stderr, "parnox: error: {}\n", message);
  return code;
}

void Warn(const std::string& message) {
  if (!message.empty()) fmt::print(stderr, "parnox: warning: {}\n", message);
}

void Note(const std::string& message) { fmt::print(stderr, "parnox: {}\n", message); }

bool PrintResult(std::string_view text, std::string* error) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0)
    return true;
  // A reader that stopped reading (`| head`, SIGPIPE ignored) wanted no more: no failure.
  if (errno == EPIPE) return true;
  *error = fmt::format("cannot write to stdout: {}", std::strerror(errno));
  return false;
}
