#pragma once

/// Reports an impossible failure (a failed pipe(), sigprocmask()...) on stderr as
/// "parnox: fatal: MESSAGE" and aborts. printf-style, as ninja's Fatal.
[[noreturn]] void Fatal(const char* format, ...) __attribute__((format(printf, 1, 2)));

#include <string>
#include <string_view>

/// A path as a person would type it from the working directory: relative when under it.
std::string DisplayPath(const std::string& path);

/// A file's whole content; "" when it cannot be read.
std::string ReadWholeFile(const std::string& path);

/// Where temporary directories go: $TMPDIR, else /tmp.
std::string TempBase();

/// "parnox: error: MESSAGE" on stderr; returns `code`, the exit code to end with.
int Fail(int code, const std::string& message);

/// "parnox: warning: MESSAGE" on stderr; nothing for an empty message.
void Warn(const std::string& message);

/// "parnox: MESSAGE" on stderr: what a person should know, neither error nor warning.
void Note(const std::string& message);

/// Writes `text`, what a command prints as its result, to stdout and flushes it. False, with
/// `error`, when not all of it got there (a full disk behind a redirection): the caller must
/// not let a truncated result pass for a whole one.
bool PrintResult(std::string_view text, std::string* error);
