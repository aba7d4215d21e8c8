#pragma once

// The completion scripts `parnox completion bash|zsh|fish` prints. Each is thin: it hands
// the words typed so far to `parnox __complete` (completion_main.h) and offers what comes
// back, quoting each candidate for its shell, so the three shells offer the same.

#include <string>

#include "options.h"

/// The script for `shell`, to be sourced (bash, fish) or autoloaded as `_parnox` (zsh).
std::string CompletionScript(Shell shell);
