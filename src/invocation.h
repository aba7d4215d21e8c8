#pragma once

#include <string>
#include <vector>

#include "config.h"
#include "disk.h"
#include "environment.h"
#include "graph.h"
#include "learned_edges.h"
#include "nox_locator.h"
#include "options.h"
#include "session.h"

/// What every command works from, read once by main's pipeline before anything runs: the
/// checked command line, the project's nox and sessions, its configuration, and what
/// earlier traces learned. The graph is built over it (and points into `project`).
struct Invocation {
  Options options;
  NoxCommand nox;
  Project project;
  Config config;
  LearnedEdgeStore learned;          ///< empty for `parnox audit`, which learns afresh
  Disk* disk = nullptr;              ///< where parnox's own files are read and written
  const Environment* env = nullptr;  ///< the environment parnox runs with
};
