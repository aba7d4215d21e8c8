#pragma once

/// Reports an impossible failure (a failed pipe(), sigprocmask()...) on stderr as
/// "parnox: fatal: MESSAGE" and aborts. printf-style, as ninja's Fatal.
[[noreturn]] void Fatal(const char* format, ...) __attribute__((format(printf, 1, 2)));

#include <string>

/// A path as a person would type it from the working directory: relative when under it.
std::string DisplayPath(const std::string& path);
