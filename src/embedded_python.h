#pragma once

/// src/nox_helper.py, embedded at build time (cmake/embed.cmake): asks nox for its sessions.
extern const char* const kNoxHelperSource;

/// src/nox_child.py: starts one session's nox with notify limited to what parnox leaves it.
extern const char* const kNoxChildSource;
