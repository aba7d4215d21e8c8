#pragma once

#include <string>

#include "graph.h"
#include "session.h"

/// `parnox list`: every session (selected ones marked), then every edge with its reason.
std::string RenderListing(const Project& project, const Graph& graph);
/// `parnox list --json`.
std::string RenderListingJson(const Project& project, const Graph& graph);

/// The order `parnox list` shows: nox's run queue first, then the sessions not selected,
/// in noxfile order.
std::vector<std::string> ListingOrder(const Project& project);
