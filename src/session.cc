#include "session.h"

const Session* Project::Find(const std::string& signature) const {
  for (const Session& session : sessions) {
    if (session.signature == signature) return &session;
  }
  return nullptr;
}
