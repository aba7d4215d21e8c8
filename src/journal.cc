#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace {

std::string Why(const std::string& what, const std::string& path) {
  return fmt::format("cannot {} {}: {}", what, path, std::strerror(errno));
}

/// Copies a regular file's bytes, mode and times: a reflink where the file system can
/// (btrfs, XFS), else copy_file_range.
bool CopyFile(const std::string& from, const std::string& to, std::string* error) {
  int in = open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return *error = Why("read", from), false;
  struct stat st;
  fstat(in, &st);
  int out = open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 07777);
  if (out < 0) {
    *error = Why("write", to);
    close(in);
    return false;
  }
  bool ok = ioctl(out, FICLONE, in) == 0;
  for (off_t left = st.st_size; !ok;) {
    ssize_t n = copy_file_range(in, nullptr, out, nullptr, static_cast<size_t>(left), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    left -= n;
    ok = left == 0;
  }
  ok = ok || st.st_size == 0;
  if (!ok) *error = Why("copy to", to);
  timespec times[2] = {st.st_atim, st.st_mtim};
  futimens(out, times);
  close(in);
  if (close(out) != 0 && ok) ok = false, *error = Why("write", to);
  return ok;
}

/// Removes whatever is at `path` now (a file, a symlink or an empty directory).
bool RemoveName(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return errno == ENOENT;
  if (!S_ISDIR(st.st_mode)) return unlink(path.c_str()) == 0;
  // A directory it made that another session also made and filled stays theirs: two
  // mkdirs of one directory are no conflict (guard.cc), so both may have put files in it.
  return rmdir(path.c_str()) == 0 || errno == ENOTEMPTY || errno == EEXIST;
}

}  // namespace

Journal::~Journal() {
  std::error_code ec;
  if (made_) std::filesystem::remove_all(dir_, ec);
}

bool Journal::Kept(int node, const std::string& path) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return e.node == node && e.path == path; });
}

std::string Journal::NewCopyPath() { return fmt::format("{}/{}", dir_, ++copies_); }

bool Journal::Keep(int node, Change change, const std::string& path, const std::string& path2,
                   std::string* error) {
  if (!made_) {
    // Whatever a run that was killed left here can no longer be undone.
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    std::filesystem::create_directories(dir_, ec);
    if (ec) return *error = fmt::format("cannot create {}: {}", dir_, ec.message()), false;
    made_ = true;
  }
  if (change != Change::kRename) return Save(node, change == Change::kInPlace, path, error);
  // Undone newest first: the target's old state comes back after the move is reversed.
  if (!Save(node, false, path2, error) || !Save(node, false, path, error)) return false;
  struct stat st;
  if (lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    entries_.push_back({node, path, Saved::kMovedTo, path2});
  return true;
}

bool Journal::Keep(int node, const AccessRequest& request, std::string* error) {
  using Op = AccessRequest::Op;
  std::string path = root_ + "/" + request.path, path2 = root_ + "/" + request.path2;
  switch (request.op) {
    case Op::kRead:
    case Op::kProbe:
    case Op::kList: return true;
    case Op::kWrite: return Keep(node, Change::kInPlace, path, "", error);
    case Op::kCreate:
    case Op::kMakeDir:
    case Op::kDelete: return Keep(node, Change::kName, path, "", error);
    case Op::kRename: return Keep(node, Change::kRename, path, path2, error);
  }
  return true;
}

bool Journal::Save(int node, bool in_place, const std::string& path, std::string* error) {
  if (Kept(node, path)) return true;
  Entry entry{node, path, Saved::kAbsent, ""};
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return *error = Why("look at", path), false;
  } else if (S_ISDIR(st.st_mode)) {
    entry.saved = Saved::kDirectory;
    entry.mode = st.st_mode & 07777;
  } else if (S_ISLNK(st.st_mode)) {
    entry.saved = Saved::kSymlink;
    std::error_code ec;
    entry.copy = std::filesystem::read_symlink(path, ec).string();
  } else {
    // A name that goes away keeps its file alive through a hard link, whatever its size;
    // a file changed in place needs a copy of its bytes.
    entry.saved = Saved::kFile;
    entry.copy = NewCopyPath();
    bool linked = !in_place && link(path.c_str(), entry.copy.c_str()) == 0;
    if (!linked && !CopyFile(path, entry.copy, error)) return false;
  }
  entries_.push_back(std::move(entry));
  return true;
}

void Journal::UndoEntry(const Entry& entry, std::vector<std::string>* problems) {
  const std::string& path = entry.path;
  switch (entry.saved) {
    case Saved::kAbsent:
      if (!RemoveName(path)) problems->push_back(Why("remove", path));
      return;
    case Saved::kFile:
      if (rename(entry.copy.c_str(), path.c_str()) != 0) problems->push_back(Why("restore", path));
      return;
    case Saved::kDirectory:
      if (mkdir(path.c_str(), entry.mode) != 0 && errno != EEXIST)
        problems->push_back(Why("make the directory", path));
      chmod(path.c_str(), entry.mode);
      return;
    case Saved::kSymlink:
      RemoveName(path);
      if (symlink(entry.copy.c_str(), path.c_str()) != 0) problems->push_back(Why("restore", path));
      return;
    case Saved::kMovedTo:
      // A directory renamed: its contents moved with it, so move it back whole.
      if (rename(entry.copy.c_str(), path.c_str()) != 0 && errno != ENOENT)
        problems->push_back(Why("move back", path));
      return;
  }
}

void Journal::Undo(const std::set<int>& nodes, std::vector<std::string>* problems) {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (nodes.count(it->node)) UndoEntry(*it, problems);
  std::erase_if(entries_, [&](const Entry& e) { return nodes.count(e.node) > 0; });
}

void Journal::Forget(int node) {
  for (const Entry& e : entries_)
    if (e.node == node && e.saved == Saved::kFile) unlink(e.copy.c_str());
  std::erase_if(entries_, [&](const Entry& e) { return e.node == node; });
}
