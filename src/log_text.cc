#include "log_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace {

/// Reads up to `size` bytes from `fd` at `offset`; short only at end of file or on error.
std::string ReadAt(int fd, uint64_t offset, size_t size) {
  std::string data(size, '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, data.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  data.resize(done);
  return data;
}

/// Where the last `max_lines` lines of `data` start (a final newline ends a line, it does
/// not begin one).
size_t StartOfLastLines(const std::string& data, size_t max_lines) {
  size_t end = data.size();
  if (end > 0 && data[end - 1] == '\n') --end;
  for (size_t lines = 0; end > 0; --end) {
    if (data[end - 1] == '\n' && ++lines == max_lines) return end;
  }
  return 0;
}

/// The length of the valid UTF-8 sequence at the start of `s`, 0 if there is none.
size_t Utf8SequenceLength(std::string_view s) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  auto continuation = [&](size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (lead < 0xC2 || lead > 0xF4 || s.size() < length) return 0;
  // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
  unsigned char low = 0x80, high = 0xBF;
  if (lead == 0xE0) low = 0xA0;
  if (lead == 0xED) high = 0x9F;
  if (lead == 0xF0) low = 0x90;
  if (lead == 0xF4) high = 0x8F;
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if (!continuation(i)) return 0;
  return length;
}

/// Characters no report format can carry: C0 controls but tab, newline and ESC; DEL; the
/// C1 controls (U+0080..U+009F, whose 0x9B is a one-byte CSI); U+FFFE and U+FFFF.
bool Unwanted(std::string_view sequence) {
  unsigned char c = static_cast<unsigned char>(sequence[0]);
  if (sequence.size() == 1) return (c < 0x20 && c != '\t' && c != '\n' && c != 0x1B) || c == 0x7F;
  if (c == 0xC2) return static_cast<unsigned char>(sequence[1]) < 0xA0;
  return sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF";
}

/// What a terminal showed of each line: the text after the last lone `\r`.
std::string CollapseCarriageReturns(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    size_t newline = bytes.find('\n');
    std::string_view line = bytes.substr(0, newline);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t cr = line.rfind('\r');
    if (cr != std::string_view::npos) line.remove_prefix(cr + 1);
    out += line;
    if (newline == std::string_view::npos) break;
    out += '\n';
    bytes.remove_prefix(newline + 1);
  }
  return out;
}

/// 1 if `s[i]` may end an escape sequence; a broken sequence ends before other bytes.
size_t FinalByte(std::string_view s, size_t i) {
  return i < s.size() && s[i] >= 0x30 && s[i] <= 0x7E ? 1 : 0;
}

/// The length of the escape sequence at the start of `s` (which starts with ESC), all of it
/// when it never ends.
size_t EscapeLength(std::string_view s) {
  if (s.size() < 2) return s.size();
  char kind = s[1];
  if (kind == '[') {  // CSI: parameters, intermediates, one final byte
    size_t i = 2;
    while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x3F) ++i;
    return i + FinalByte(s, i);
  }
  if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
    // A string: ends at BEL (OSC only) or ST (ESC \).
    for (size_t i = 2; i < s.size(); ++i) {
      if (s[i] == '\a' && kind == ']') return i + 1;
      if (s[i] == 0x1B && i + 1 < s.size() && s[i + 1] == '\\') return i + 2;
    }
    return s.size();
  }
  size_t i = 1;  // ESC, intermediates (e.g. the "(" of ESC ( B), one final byte
  while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x2F) ++i;
  return i + FinalByte(s, i);
}

}  // namespace

LogTail ReadLogTail(const std::string& path, size_t max_bytes, size_t max_lines) {
  LogTail tail;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info;
  if (fd < 0 || ::fstat(fd, &info) != 0) {
    if (fd >= 0) ::close(fd);
    tail.missing = true;
    return tail;
  }
  tail.size = static_cast<uint64_t>(info.st_size);
  uint64_t from = tail.size > max_bytes ? tail.size - max_bytes : 0;
  tail.bytes = ReadAt(fd, from, static_cast<size_t>(tail.size - from));
  ::close(fd);
  size_t start = 0;
  if (from > 0) {
    // Begin at a line boundary unless the part read is all one line.
    size_t newline = tail.bytes.find('\n');
    if (newline != std::string::npos && newline + 1 < tail.bytes.size()) start = newline + 1;
  }
  start = std::max(start, StartOfLastLines(tail.bytes, max_lines));
  tail.truncated = from > 0 || start > 0;
  tail.bytes.erase(0, start);
  return tail;
}

std::string CleanLogText(std::string_view bytes) {
  std::string collapsed = CollapseCarriageReturns(bytes);
  std::string_view rest = collapsed;
  std::string out;
  out.reserve(rest.size());
  while (!rest.empty()) {
    size_t length = Utf8SequenceLength(rest);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      rest.remove_prefix(1);
      continue;
    }
    std::string_view sequence = rest.substr(0, length);
    if (!Unwanted(sequence)) out += sequence;
    rest.remove_prefix(length);
  }
  return out;
}

void ForEachAnsiPiece(std::string_view bytes, const std::function<void(std::string_view)>& text,
                      const std::function<void(std::string_view)>& sgr) {
  while (!bytes.empty()) {
    size_t escape = bytes.find('\x1B');
    if (escape != 0) text(bytes.substr(0, escape));
    if (escape == std::string_view::npos) return;
    bytes.remove_prefix(escape);
    size_t length = EscapeLength(bytes);
    if (length >= 3 && bytes[1] == '[' && bytes[length - 1] == 'm')
      sgr(bytes.substr(2, length - 3));
    bytes.remove_prefix(length);
  }
}

std::string StripAnsi(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  ForEachAnsiPiece(
      bytes, [&](std::string_view piece) { out += piece; }, [](std::string_view) {});
  return out;
}

std::string PlainLogTail(const std::string& path, size_t max_bytes, size_t max_lines,
                         LogTail* tail) {
  LogTail read = ReadLogTail(path, max_bytes, max_lines);
  std::string text = StripAnsi(CleanLogText(read.bytes));
  if (tail) *tail = std::move(read);
  return text;
}
