#include "trace_log.h"

#include <errno.h>
#include <time.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>

namespace {

constexpr std::string_view kHeaderPrefix = "parnox-trace ";
constexpr size_t kFlushBytes = 64 << 10;
constexpr uint64_t kFlushIntervalNs = 100'000'000;

constexpr const char* kKindNames[] = {"read", "write", "create", "delete", "mkdir", "probe",
                                      "list", "exec",  "spawn",  "exit",   "blind"};
static_assert(std::size(kKindNames) == static_cast<size_t>(AccessKind::kBlindSpot) + 1);

/// The length of the valid UTF-8 sequence of two or more bytes at `s`, or 0.
size_t Utf8SequenceLength(std::string_view s) {
  auto byte = [&s](size_t i) { return static_cast<unsigned char>(s[i]); };
  auto continuation = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < s.size() && byte(i) >= lo && byte(i) <= hi;
  };
  unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    // E0 and ED exclude overlong forms and UTF-16 surrogates.
    unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80, hi = lead == 0xED ? 0x9F : 0xBF;
    return continuation(1, lo, hi) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    unsigned char lo = lead == 0xF0 ? 0x90 : 0x80, hi = lead == 0xF4 ? 0x8F : 0xBF;
    return continuation(1, lo, hi) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

void AppendHexEscape(std::string* out, unsigned char byte) {
  static const char kHex[] = "0123456789abcdef";
  out->append("\\x");
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 15]);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseKind(std::string_view word, AccessKind* kind) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (word == kKindNames[i]) {
      *kind = static_cast<AccessKind>(i);
      return true;
    }
  }
  return false;
}

template <typename Number>
bool ParseNumber(std::string_view text, Number* value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return fields;
    line.remove_prefix(tab + 1);
  }
}

std::string ExtraField(const Access& access) {
  switch (access.kind) {
    case AccessKind::kExec: return EscapeTraceField(access.argv0);
    case AccessKind::kSpawn: return std::to_string(access.parent);
    case AccessKind::kExit: return std::to_string(access.status);
    default: return "";
  }
}

bool ParseExtra(std::string_view extra, Access* access) {
  switch (access->kind) {
    case AccessKind::kExec: return UnescapeTraceField(extra, &access->argv0);
    case AccessKind::kSpawn: return ParseNumber(extra, &access->parent);
    case AccessKind::kExit: return ParseNumber(extra, &access->status);
    default: return extra.empty();
  }
}

/// Parses one record line; on failure says what is wrong with it.
bool ParseRecord(std::string_view line, Access* access, std::string* what) {
  std::vector<std::string_view> fields = SplitTabs(line);
  if (fields.size() != 5) {
    *what = "expected 5 tab-separated fields, found " + std::to_string(fields.size());
    return false;
  }
  if (!ParseKind(fields[0], &access->kind)) {
    *what = "unknown access kind '" + EscapeTraceField(fields[0]) + "'";
    return false;
  }
  if (!ParseNumber(fields[1], &access->pid) || !ParseNumber(fields[2], &access->when_ns)) {
    *what = "bad pid or time";
    return false;
  }
  if (!UnescapeTraceField(fields[3], &access->path)) {
    *what = "bad escape in the path";
    return false;
  }
  if (!ParseExtra(fields[4], access)) {
    *what = std::string("bad last field for kind '") + AccessKindName(access->kind) + "'";
    return false;
  }
  return true;
}

std::string ReadProblem(const std::string& path, int line, const std::string& what) {
  return "trace log " + path + ":" + std::to_string(line) + ": " + what;
}

}  // namespace

uint64_t MonotonicNs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(now.tv_nsec);
}

const char* AccessKindName(AccessKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::string EscapeTraceField(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    unsigned char byte = static_cast<unsigned char>(raw[i]);
    if (byte == '\\') {
      out.append("\\\\");
    } else if (byte == '\t') {
      out.append("\\t");
    } else if (byte == '\n') {
      out.append("\\n");
    } else if (byte == '\r') {
      out.append("\\r");
    } else if (byte >= 0x20 && byte < 0x7F) {
      out.push_back(static_cast<char>(byte));
    } else if (size_t length = byte >= 0x80 ? Utf8SequenceLength(raw.substr(i)) : 0) {
      out.append(raw.substr(i, length));
      i += length;
      continue;
    } else {
      AppendHexEscape(&out, byte);  // other control bytes, and bytes that are not UTF-8
    }
    ++i;
  }
  return out;
}

bool UnescapeTraceField(std::string_view escaped, std::string* raw) {
  raw->clear();
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '\\') {
      raw->push_back(escaped[i]);
      continue;
    }
    if (++i == escaped.size()) return false;
    switch (escaped[i]) {
      case '\\': raw->push_back('\\'); break;
      case 't': raw->push_back('\t'); break;
      case 'n': raw->push_back('\n'); break;
      case 'r': raw->push_back('\r'); break;
      case 'x': {
        int hi = i + 1 < escaped.size() ? HexValue(escaped[i + 1]) : -1;
        int lo = i + 2 < escaped.size() ? HexValue(escaped[i + 2]) : -1;
        if (hi < 0 || lo < 0) return false;
        raw->push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default: return false;
    }
  }
  return true;
}

TraceLogWriter::~TraceLogWriter() {
  std::string ignored;
  Close(&ignored);
}

bool TraceLogWriter::Open(const std::string& path, std::string* error) {
  std::string ignored;
  Close(&ignored);
  // Close-on-exec ("e"): the traced command must not inherit the log.
  file_ = fopen(path.c_str(), "we");
  if (!file_) {
    *error = "cannot write trace log " + path + ": " + strerror(errno);
    return false;
  }
  path_ = path;
  write_errno_ = 0;
  buffer_ = std::string(kHeaderPrefix) + std::to_string(kFormatVersion) + "\n";
  Flush();
  return true;
}

void TraceLogWriter::Add(const Access& access) {
  if (!file_) return;
  buffer_ += AccessKindName(access.kind);
  buffer_ += '\t';
  buffer_ += std::to_string(access.pid);
  buffer_ += '\t';
  buffer_ += std::to_string(access.when_ns);
  buffer_ += '\t';
  buffer_ += EscapeTraceField(access.path);
  buffer_ += '\t';
  buffer_ += ExtraField(access);
  buffer_ += '\n';
  if (buffer_.size() >= kFlushBytes || MonotonicNs() - last_flush_ns_ >= kFlushIntervalNs) Flush();
}

void TraceLogWriter::Flush() {
  last_flush_ns_ = MonotonicNs();
  if (buffer_.empty() || !file_) return;
  // Only whole records reach the file, so a killed tracer leaves whole lines behind.
  if (write_errno_ == 0 &&
      (fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size() || fflush(file_) != 0))
    write_errno_ = errno ? errno : EIO;
  buffer_.clear();
}

bool TraceLogWriter::Close(std::string* error) {
  if (!file_) return true;
  Flush();
  if (fclose(file_) != 0 && write_errno_ == 0) write_errno_ = errno;
  file_ = nullptr;
  if (write_errno_ == 0) return true;
  *error = "cannot write trace log " + path_ + ": " + strerror(write_errno_);
  return false;
}

bool ReadTraceLog(const std::string& path, std::vector<Access>* accesses, std::string* error) {
  accesses->clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read trace log " + path + ": " + strerror(errno);
    return false;
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseTraceLog(content, path, accesses, error);
}

bool ParseTraceLog(std::string_view content, const std::string& path, std::vector<Access>* accesses,
                   std::string* error) {
  accesses->clear();
  std::string_view rest = content;
  std::string expected_header =
      std::string(kHeaderPrefix) + std::to_string(TraceLogWriter::kFormatVersion);
  for (int line_number = 1; !rest.empty(); ++line_number) {
    size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) {
      *error = ReadProblem(path, line_number, "truncated record (the tracer was killed?)");
      return false;
    }
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    if (line_number == 1) {
      if (line == expected_header) continue;
      *error = ReadProblem(path, 1,
                           line.starts_with(kHeaderPrefix)
                               ? "unsupported format '" + EscapeTraceField(line) +
                                     "' (this parnox reads '" + expected_header + "')"
                               : "not a parnox trace log");
      return false;
    }
    Access access;
    std::string what;
    if (!ParseRecord(line, &access, &what)) {
      *error = ReadProblem(path, line_number, what);
      return false;
    }
    accesses->push_back(std::move(access));
  }
  if (content.empty()) {
    *error = ReadProblem(path, 1, "empty file, not a parnox trace log");
    return false;
  }
  return true;
}
