#pragma once

#include "graph.h"
#include "invocation.h"

/// `parnox audit`: runs the sessions of `graph` once, in nox's order, each under the tracer;
/// prints every pair's verdict with its evidence, keeps what was learned, and ends with
/// the run's exit code (2 where this machine forbids tracing).
int AuditSessions(const Invocation& invocation, const Graph& graph);
