#include "trace_paths.h"

#include <limits.h>
#include <stdlib.h>

#include <vector>

#include "tracer.h"

namespace {

/// Splits a path into its components, dropping empty ones and ".".
std::vector<std::string_view> Components(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty() && part != ".") parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

/// The components joined, each ".." removing the one before it once the symlinks of the
/// path so far are resolved (as the kernel does: "a/link/.." is the parent of link's
/// target); lexically where that path does not exist.
std::string Join(const std::vector<std::string_view>& parts) {
  std::string out;
  bool real = true;  // `out` has no symlinks: the root, or realpath's answer
  for (std::string_view part : parts) {
    if (part != "..") {
      out.append("/").append(part);
      real = false;
      continue;
    }
    if (!real) {
      char resolved[PATH_MAX];
      if (realpath(out.c_str(), resolved)) out = resolved;
      real = true;
    }
    out.resize(out.rfind('/') == std::string::npos ? 0 : out.rfind('/'));
  }
  return out.empty() ? "/" : out;
}

}  // namespace

std::string NormalizeForTracee(std::string_view absolute_path, pid_t tgid, pid_t tid) {
  std::vector<std::string_view> parts = Components(absolute_path);
  std::string self, thread_self;  // own the names that replace "self" in `parts`
  if (tgid && parts.size() >= 2 && parts[0] == "proc" &&
      (parts[1] == "self" || parts[1] == "thread-self")) {
    self = std::to_string(tgid);
    thread_self = std::to_string(tid);
    bool thread = parts[1] == "thread-self";
    parts[1] = self;
    if (thread) parts.insert(parts.begin() + 2, {"task", thread_self});
  }
  return Join(parts);
}

std::string NormalizePath(std::string_view absolute_path) {
  return NormalizeForTracee(absolute_path, 0, 0);
}
