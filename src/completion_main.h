#pragma once

// `parnox __complete SHELL WORD...`: what the completion scripts (completion_scripts.cc)
// call on every Tab. WORD... are the words after the program's name up to the cursor, the
// last being the one typed so far ("" right after a space); bash passes them as COMP_WORDS
// holds them (quoted, `=` a word of its own), zsh and fish unquoted. It prints "words" then
// the candidates, one a line, or "files" for the shell's own file-name completion
// (RenderCompletion), always exits 0 and prints nothing on stderr, so the line being typed
// stays clean. Session names come from the cache (completion_cache.h), nox being asked at
// most once per change of the noxfile, for at most kAskNoxLimit.

#include <chrono>

/// How long a Tab may wait for nox to list the sessions: a noxfile that hangs (or a nox
/// that does) costs the user this much, then completion offers no sessions.
constexpr std::chrono::seconds kAskNoxLimit{5};

/// main() for `__complete`; argv[1] is "__complete".
int CompleteMain(int argc, char** argv);
