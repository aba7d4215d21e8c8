#pragma once

#include <string>
#include <vector>

#include "graph.h"
#include "invocation.h"

/// `parnox run`: runs the sessions of `graph` on the run's workers, traced unless the user
/// or the machine says otherwise, and ends with the run's exit code. `elsewhere` names the
/// sessions other CI jobs run (a matrix stage's siblings), which a session here must not
/// run through a notify.
int RunSessions(const Invocation& invocation, const Graph& graph,
                const std::vector<std::string>& elsewhere = {});
