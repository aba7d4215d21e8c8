#pragma once

/// src/nox_helper.py, embedded at build time (cmake/embed.cmake): parnox's helper inside the
/// project's nox (nox_helper_file.h).
extern const char* const kNoxHelperSource;
