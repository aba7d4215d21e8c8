#pragma once

// Every session pattern of [tool.parnox] must name a session of the noxfile: a pattern that
// matches none (`tset*`) is a typo that would otherwise order, limit or protect nothing, in
// silence.

#include <string>
#include <vector>

#include "config.h"
#include "session.h"

/// Appends "FILE:LINE: KEY pattern 'GLOB' matches no session of the noxfile; did you mean
/// 'NAME'?" for each pattern of `config` that matches none of the project's sessions (all of
/// them, not only the selected ones: `-s lint` does not make `tests*` a typo).
void CheckConfigPatterns(const Config& config, const Project& project,
                         std::vector<std::string>* errors);
