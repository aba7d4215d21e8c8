#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

/// The end of a session's log, as the reports quote it.
struct LogTail {
  std::string bytes;       ///< raw, starting at a line boundary when anything was cut
  bool truncated = false;  ///< lines before these were left out
  bool missing = false;    ///< the log could not be read
  uint64_t size = 0;       ///< the whole log's size in bytes
};

/// Reads at most the last `max_bytes` and `max_lines` lines of the log at `path`, without
/// reading the rest: a session may have printed gigabytes.
LogTail ReadLogTail(const std::string& path, size_t max_bytes, size_t max_lines);

/// Log bytes made fit for any text format: invalid UTF-8 becomes U+FFFD, a line a progress
/// bar rewrote with `\r` keeps what a terminal showed last, and control characters other
/// than tab, newline and ESC (which starts the colour codes) are dropped, as are U+FFFE and
/// U+FFFF; XML 1.0 allows none of them, even escaped.
std::string CleanLogText(std::string_view bytes);

/// Calls `text` for the printable pieces of `bytes` and `sgr` with the parameters of each
/// colour code (the "1;31" of ESC[1;31m); every other escape sequence is dropped.
void ForEachAnsiPiece(std::string_view bytes, const std::function<void(std::string_view)>& text,
                      const std::function<void(std::string_view)>& sgr);

/// `bytes` without escape sequences.
std::string StripAnsi(std::string_view bytes);

/// A tail ready to quote in a plain-text report: cleaned, ANSI stripped.
std::string PlainLogTail(const std::string& path, size_t max_bytes, size_t max_lines,
                         LogTail* tail = nullptr);
