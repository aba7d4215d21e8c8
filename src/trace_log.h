#pragma once

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

/// What a traced process did to a path. docs/tracer.md has the table of which system call
/// records which kind, and when.
enum class AccessKind : uint8_t {
  kRead,       ///< content read: opened for reading, or the source of a hard link
  kWrite,      ///< an existing file changed: opened for writing or truncation, truncate,
               ///< renamed over, or its metadata set (chmod, chown, utime, xattr)
  kCreate,     ///< a name that did not exist made: O_CREAT of a new file, creat, mknod,
               ///< link, symlink, the target of a rename to a new name
  kDelete,     ///< a name removed: unlink, rmdir, the source of a rename
  kMkdir,      ///< a directory made
  kProbe,      ///< looked at, content not read: stat, access, readlink, chdir, O_PATH and
               ///< O_DIRECTORY opens, and every call above that failed
  kList,       ///< a directory's entries read (getdents)
  kExec,       ///< a program started: `path` is the file given to execve, `argv0` its argv[0]
  kSpawn,      ///< a new process `pid`, made by `parent` (threads are not processes)
  kExit,       ///< the process `pid` ended, with `status`
  kBlindSpot,  ///< the process did something whose file accesses cannot be seen;
               ///< `path` names it ("io_uring", "unknown syscall ABI")
};

/// CLOCK_MONOTONIC in nanoseconds: the clock of Access::when_ns.
uint64_t MonotonicNs();

/// The word a trace log uses for a kind ("read", "write", ...).
const char* AccessKindName(AccessKind kind);

/// One record of a trace.
struct Access {
  AccessKind kind = AccessKind::kRead;
  std::string path;      ///< absolute and normalised; empty for kSpawn and kExit
  pid_t pid = 0;         ///< the process (thread group id), never a thread's id
  uint64_t when_ns = 0;  ///< CLOCK_MONOTONIC when the tracer recorded it
  std::string argv0;     ///< kExec: argv[0] as the program passed it
  pid_t parent = 0;      ///< kSpawn: the process that made `pid`
  int status = 0;        ///< kExit: as a shell reports it (128 + n when killed by signal n)

  bool operator==(const Access&) const = default;
};

/// Where the tracer puts what it sees, in the order it sees it (when_ns never decreases).
class AccessSink {
 public:
  virtual ~AccessSink() = default;
  virtual void Add(const Access& access) = 0;
};

/// Keeps every access in memory; for tests and small in-process traces.
class AccessList : public AccessSink {
 public:
  void Add(const Access& access) override { accesses.push_back(access); }
  std::vector<Access> accesses;
};

/// Streams accesses to a trace log file as they happen: buffered, flushed when the buffer
/// fills, at least every 100 ms while records come, and on Close. A tracer killed hard
/// loses at most that much.
///
/// Format (one record per line, fields separated by tabs):
///   parnox-trace 1
///   KIND PID WHEN_NS PATH EXTRA
/// KIND is AccessKindName; EXTRA is argv0 for exec, the parent pid for spawn, the status
/// for exit, else empty. PATH and EXTRA are escaped (EscapeTraceField) so every byte
/// string round-trips.
class TraceLogWriter : public AccessSink {
 public:
  static constexpr int kFormatVersion = 1;

  TraceLogWriter() = default;
  ~TraceLogWriter() override;  ///< closes, dropping any error
  TraceLogWriter(const TraceLogWriter&) = delete;
  TraceLogWriter& operator=(const TraceLogWriter&) = delete;

  /// Creates or truncates `path` and writes the header. False, with `error`, on failure.
  bool Open(const std::string& path, std::string* error);
  void Add(const Access& access) override;
  /// Flushes and closes. False, with `error`, if any write failed since Open (the first
  /// failure is reported; records after it are lost).
  bool Close(std::string* error);

 private:
  void Flush();
  FILE* file_ = nullptr;
  std::string path_;
  std::string buffer_;
  uint64_t last_flush_ns_ = 0;
  int write_errno_ = 0;
};

/// Reads a trace log. A missing, old-format, corrupt or truncated file is an error naming
/// the file and line; `accesses` then holds the records before the bad line.
bool ReadTraceLog(const std::string& path, std::vector<Access>* accesses, std::string* error);
/// The same for a log's `content`, read from `path` (for messages).
bool ParseTraceLog(std::string_view content, const std::string& path, std::vector<Access>* accesses,
                   std::string* error);

/// Escapes a byte string for one tab-separated field: `\\`, `\t`, `\n`, `\r`, other control
/// bytes and bytes that are not part of valid UTF-8 become `\xHH`; valid UTF-8 stays as is.
std::string EscapeTraceField(std::string_view raw);
/// The inverse of EscapeTraceField; false on a malformed escape.
bool UnescapeTraceField(std::string_view escaped, std::string* raw);
