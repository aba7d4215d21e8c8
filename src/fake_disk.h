#pragma once

// An in-memory file system for tests of what parnox reads and writes (ninja's
// VirtualFileSystem): files are strings, directories are names, and any path can be made
// to fail, as a full disk or a read-only project would.

#include <map>
#include <set>
#include <string>

#include "disk.h"

class FakeDisk : public Disk {
 public:
  std::map<std::string, std::string> files;
  std::set<std::string> dirs;
  /// Paths whose writes fail with this error text ("No space left on device").
  std::map<std::string, std::string> failing_writes;
  int writes = 0;

  ReadResult ReadFile(const std::string& path, std::string* contents, std::string* error) override {
    auto it = files.find(path);
    if (it == files.end()) return dirs.count(path) ? Unreadable(path, error) : ReadResult::kMissing;
    *contents = it->second;
    return ReadResult::kOk;
  }
  bool WriteFile(const std::string& path, const std::string& contents,
                 std::string* error) override {
    ++writes;
    if (auto it = failing_writes.find(path); it != failing_writes.end()) {
      *error = "cannot write " + path + ": " + it->second;
      return false;
    }
    files[path] = contents;
    return true;
  }
  bool MakeDirs(const std::string& dir, std::string* error) override {
    if (files.count(dir)) {
      *error = "cannot create directory " + dir + ": a file of that name is in the way";
      return false;
    }
    dirs.insert(dir);
    return true;
  }
  bool Exists(const std::string& path) override { return files.count(path) || dirs.count(path); }
  /// "/tmp/PREFIXn", n counting up.
  std::optional<std::string> MakeTempDir(const std::string& prefix, std::string*) override {
    std::string dir = "/tmp/" + prefix + std::to_string(++temp_dirs);
    dirs.insert(dir);
    return dir;
  }
  int temp_dirs = 0;
  /// A directory can be written unless a file in it is set to fail.
  bool CanWrite(const std::string& dir, std::string* error) override {
    for (const auto& [path, cause] : failing_writes)
      if (path.rfind(dir + "/", 0) == 0) {
        *error = "cannot write in " + dir + ": " + cause;
        return false;
      }
    return true;
  }

 private:
  static ReadResult Unreadable(const std::string& path, std::string* error) {
    *error = "cannot read " + path + ": Is a directory";
    return ReadResult::kError;
  }
};
