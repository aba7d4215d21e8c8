#include "environment.h"

#include <cstring>

extern char** environ;

Environment Environment::OfProcess() {
  std::vector<std::string> entries;
  for (char** e = environ; e && *e; ++e) entries.emplace_back(*e);
  return Environment(std::move(entries));
}

const char* Environment::Get(std::string_view name) const {
  for (const std::string& entry : entries_)
    if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
        entry[name.size()] == '=')
      return entry.c_str() + name.size() + 1;
  return nullptr;
}

bool Environment::IsTrue(std::string_view name) const {
  const char* value = Get(name);
  return value && std::strcmp(value, "true") == 0;
}
