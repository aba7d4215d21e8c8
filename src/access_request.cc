#include "access_request.h"

std::string EncodeAccessRequest(const AccessRequest& request) {
  std::string message(1, static_cast<char>(request.op));
  message += request.path;
  if (request.op == AccessRequest::Op::kRename) {
    message += '\0';
    message += request.path2;
  }
  return message;
}

std::optional<AccessRequest> DecodeAccessRequest(std::string_view message) {
  if (message.size() < 2) return std::nullopt;
  AccessRequest request;
  request.op = static_cast<AccessRequest::Op>(message[0]);
  std::string_view rest = message.substr(1);
  switch (request.op) {
    case AccessRequest::Op::kRead:
    case AccessRequest::Op::kProbe:
    case AccessRequest::Op::kList:
    case AccessRequest::Op::kWrite:
    case AccessRequest::Op::kCreate:
    case AccessRequest::Op::kMakeDir:
    case AccessRequest::Op::kDelete:
      if (rest.find('\0') != std::string_view::npos) return std::nullopt;
      request.path = rest;
      return request;
    case AccessRequest::Op::kRename: {
      size_t nul = rest.find('\0');
      if (nul == 0 || nul == std::string_view::npos || nul + 1 == rest.size()) return std::nullopt;
      request.path = rest.substr(0, nul);
      request.path2 = rest.substr(nul + 1);
      if (request.path2.find('\0') != std::string::npos) return std::nullopt;
      return request;
    }
  }
  return std::nullopt;
}

const char* AccessVerb(AccessRequest::Op op) {
  switch (op) {
    case AccessRequest::Op::kRead: return "reads";
    case AccessRequest::Op::kProbe: return "looks at";
    case AccessRequest::Op::kList: return "lists";
    case AccessRequest::Op::kWrite: return "writes";
    case AccessRequest::Op::kCreate: return "creates";
    case AccessRequest::Op::kMakeDir: return "makes the directory";
    case AccessRequest::Op::kDelete: return "deletes";
    case AccessRequest::Op::kRename: return "renames";
  }
  return "touches";
}
