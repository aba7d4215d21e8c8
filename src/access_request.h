#pragma once

// What a traced session asks parnox at the entry of a file call inside the project, and how
// the question travels: one SOCK_SEQPACKET message per question from the session's tracer
// (guard_client.h), one one-byte answer back when the call may go on. A question that is
// not answered yet holds the session at that call.

#include <optional>
#include <string>
#include <string_view>

struct AccessRequest {
  enum class Op : char {
    kRead = 'o',     ///< read or execute: the content
    kProbe = 'p',    ///< stat, access, readlink, an O_PATH or directory open: the metadata,
                     ///< or whether the name exists
    kList = 'l',     ///< read a directory's entries
    kWrite = 'w',    ///< change a file in place: write, truncate, metadata
    kCreate = 'c',   ///< make a name: a new file, a node, a (sym)link
    kMakeDir = 'm',  ///< make a directory, or find it made (mkdir fails, changing nothing)
    kDelete = 'd',   ///< remove a name: unlink, rmdir
    kRename = 'r',   ///< `path` becomes `path2`, replacing what was there
  };
  Op op = Op::kRead;
  std::string path;   ///< relative to the project root; "." is the root
  std::string path2;  ///< kRename: the new name

  bool operator==(const AccessRequest&) const = default;
};

/// The answer that lets the call go on.
constexpr char kAccessGranted = 'g';

/// The message for `request`: its op, the path, and for a rename a NUL and the new name.
std::string EncodeAccessRequest(const AccessRequest& request);
/// The inverse; nullopt for a message that is not one.
std::optional<AccessRequest> DecodeAccessRequest(std::string_view message);

/// "reads", "lists", "writes", ...: the verb for messages.
const char* AccessVerb(AccessRequest::Op op);
