#pragma once

#include <optional>
#include <string>

/// The file system as parnox's own files use it: its state folder, its reports, the
/// configuration and plans it reads (ninja's DiskInterface). RealDisk is the machine's;
/// tests use an in-memory one (fake_disk.h). Messages name the path and the cause.
class Disk {
 public:
  virtual ~Disk() = default;

  enum class ReadResult { kOk, kMissing, kError };
  /// Reads `path` whole. kMissing when it does not exist; kError (with `error`) when it
  /// cannot be read.
  virtual ReadResult ReadFile(const std::string& path, std::string* contents,
                              std::string* error) = 0;
  /// Writes `contents` to `path` atomically: readers see the old file or the new one, never
  /// half of one, and a failure leaves the old one as it was.
  virtual bool WriteFile(const std::string& path, const std::string& contents,
                         std::string* error) = 0;
  /// Creates the directory `dir` and its parents; true when it exists afterwards.
  virtual bool MakeDirs(const std::string& dir, std::string* error) = 0;
  /// Whether anything exists at `path`.
  virtual bool Exists(const std::string& path) = 0;
  /// Whether a file can be made and written in the directory `dir` now (a read-only file
  /// system, a full disk or a missing permission says no, with the cause in `error`).
  virtual bool CanWrite(const std::string& dir, std::string* error) = 0;
  /// A new directory of this process's own under TempBase() (util.h), named `prefix` and a
  /// random part; nullopt with the cause in `error`.
  virtual std::optional<std::string> MakeTempDir(const std::string& prefix, std::string* error) = 0;
};

/// The machine's file system.
class RealDisk : public Disk {
 public:
  ReadResult ReadFile(const std::string& path, std::string* contents, std::string* error) override;
  /// A temp file in the same directory, fsync, rename (ninja's build_log.cc, mold's
  /// output-file-unix.cc); the replaced file keeps its permissions, a new one gets what
  /// open(2) would give it.
  bool WriteFile(const std::string& path, const std::string& contents, std::string* error) override;
  bool MakeDirs(const std::string& dir, std::string* error) override;
  bool Exists(const std::string& path) override;
  /// Makes, fills with a page and removes a temp file there.
  bool CanWrite(const std::string& dir, std::string* error) override;
  /// mkdtemp(3): made with mode 0700, never an existing directory.
  std::optional<std::string> MakeTempDir(const std::string& prefix, std::string* error) override;
};
