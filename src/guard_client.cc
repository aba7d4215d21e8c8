#include "guard_client.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using Op = AccessRequest::Op;
using enum SyscallAction;

namespace {

/// What the call does to its paths if it succeeds, as the guard reads it.
std::vector<std::pair<Op, const std::optional<std::string>*>> Intended(const FileCall& call) {
  const auto& path = call.path;
  const auto& path2 = call.path2;
  uint64_t flags = call.flags;
  switch (call.spec->action) {
    case kOpen:
    case kCreat:
    case kOpenat2: {
      if ((flags & O_PATH) || (flags & O_TMPFILE) == O_TMPFILE || (flags & O_DIRECTORY))
        return {{Op::kProbe, &path}};
      if ((flags & O_CREAT) && ((flags & O_EXCL) || !call.existed)) return {{Op::kCreate, &path}};
      bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
      return {{writes ? Op::kWrite : Op::kRead, &path}};
    }
    case kExec: return {{Op::kRead, &path}};
    case kProbe: return {{Op::kProbe, &path}};
    case kList: return {{Op::kList, &path}};
    case kRemove: return {{Op::kDelete, &path}};
    case kMkdir: return {{Op::kMakeDir, &path}};
    case kMake: return {{Op::kCreate, &path}};
    case kLink: return {{Op::kRead, &path}, {Op::kCreate, &path2}};
    case kChange: return {{Op::kWrite, &path}};
    case kRename: return {{Op::kRename, &path}};  // both names; see ProjectRequests
    case kBlind: return {};
  }
  return {};
}

}  // namespace

std::vector<AccessRequest> ProjectRequests(const FileCall& call, const std::string& root,
                                           const IgnoreRules& ignore) {
  // A path the guard must hear about: inside the project and not safe to share.
  auto guarded = [&](const std::optional<std::string>& path) -> std::string {
    if (!path) return "";
    std::string relative = RelativeToRoot(*path, root);
    return relative.empty() || ignore.Ignored(relative) ? "" : relative;
  };
  std::vector<AccessRequest> requests;
  for (auto [op, path] : Intended(call)) {
    if (op != Op::kRename) {
      std::string relative = guarded(*path);
      if (relative.empty()) continue;
      // Reading, writing or removing a name that is not there does nothing to it: the call
      // fails and only finds out the name is missing (coverage removes its data file before
      // it writes one). The tracer looks now, with the caller stopped at the call.
      struct stat st;
      bool acts = op == Op::kRead || op == Op::kWrite || op == Op::kDelete;
      if (acts && lstat((*path)->c_str(), &st) != 0 && errno == ENOENT) op = Op::kProbe;
      requests.push_back({op, relative, ""});
      continue;
    }
    std::string from = guarded(call.path), to = guarded(call.path2);
    // A rename across the project's edge is a delete, or a create, inside it.
    if (!from.empty() && !to.empty())
      requests.push_back({Op::kRename, from, to});
    else if (!from.empty())
      requests.push_back({Op::kDelete, from, ""});
    else if (!to.empty())
      requests.push_back({call.existed ? Op::kWrite : Op::kCreate, to, ""});
  }
  return requests;
}

GuardClient::GuardClient(int fd, std::string root, IgnoreRules ignore)
    : fd_(fd), root_(std::move(root)), ignore_(std::move(ignore)) {}

bool GuardClient::Allow(const FileCall& call) {
  for (const AccessRequest& request : ProjectRequests(call, root_, ignore_))
    if (!Ask(request)) return false;
  return true;
}

bool GuardClient::Ask(const AccessRequest& request) {
  std::string message = EncodeAccessRequest(request);
  // The guard keeps every access it allowed: reading or writing the same path again
  // changes nothing it decides on. A name made or removed again does.
  bool standing = request.op == Op::kRead || request.op == Op::kProbe || request.op == Op::kList ||
                  request.op == Op::kWrite;
  if (standing && granted_.count(message)) return true;
  ssize_t sent;
  while ((sent = send(fd_, message.data(), message.size(), MSG_NOSIGNAL)) < 0 && errno == EINTR) {
  }
  if (sent != static_cast<ssize_t>(message.size())) return false;
  char answer = 0;
  ssize_t got;
  while ((got = recv(fd_, &answer, 1, 0)) < 0 && errno == EINTR) {
  }
  if (got != 1 || answer != kAccessGranted) return false;
  if (standing) granted_.insert(std::move(message));
  return true;
}
