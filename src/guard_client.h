#pragma once

// The tracer's side of the guard (guard.h): at the entry of a file call inside the project,
// before the kernel acts, the tracer asks parnox whether the call may happen now, and
// waits for the answer. While it waits, the session stands still at that call.

#include <string>
#include <unordered_set>
#include <vector>

#include "access_request.h"
#include "access_sets.h"
#include "syscall_decode.h"

/// What `call` is about to do inside `root` that the guard must allow: paths outside the
/// project, and those `ignore` makes safe to share, ask nothing.
std::vector<AccessRequest> ProjectRequests(const FileCall& call, const std::string& root,
                                           const IgnoreRules& ignore);

class GuardClient {
 public:
  /// `fd` is the channel to parnox (a SOCK_SEQPACKET socket).
  GuardClient(int fd, std::string root, IgnoreRules ignore);

  /// Returns once parnox allows every access `call` is about to make inside the project.
  /// An access allowed once is not asked about again (the guard keeps what it allowed).
  /// False when parnox is gone: the session must end with it.
  bool Allow(const FileCall& call);

 private:
  bool Ask(const AccessRequest& request);

  int fd_;
  std::string root_;
  IgnoreRules ignore_;
  std::unordered_set<std::string> granted_;  ///< encoded requests whose answer stands
};
