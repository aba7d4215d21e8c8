#pragma once

/// The source of src/nox_helper.py, embedded at build time (cmake/embed.cmake).
extern const char* const kNoxHelperSource;
