#pragma once

#include <vector>

#include "audit.h"
#include "conflicts.h"
#include "result.h"

/// Two sessions that ran at the same time in a parallel run and turned out to conflict:
/// the run may not have ended as the sequential run would.
struct Hazard {
  int first = 0;   ///< node index, first in nox's order
  int second = 0;  ///< node index
  std::vector<Evidence> evidence;
};

/// Every pair of traced sessions whose run times overlapped and whose accesses conflict.
/// Besides FindConflicts' evidence, a later session that failed is suspect when an
/// overlapping earlier one created or deleted an entry of a directory it listed: run beside
/// the writer it may have listed too early (coverage combine finding no data yet), so it
/// is run again after it (docs/audit.md, "During a run"). `audits` and `results` are per
/// node, in nox's order.
std::vector<Hazard> FindHazards(const std::vector<SessionAudit>& audits,
                                const std::vector<SessionResult>& results);

/// The sessions to run again, one at a time in nox's order, so the run ends as sequential
/// nox would: the later session of each hazard, then, until nothing changes, every traced
/// session that conflicts with one already chosen (an earlier one's output may have been
/// consumed by the bad run, a later one may have read what the re-run changes). Sorted.
std::vector<int> SessionsToRerun(const std::vector<SessionAudit>& audits,
                                 const std::vector<Hazard>& hazards);
