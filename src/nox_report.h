#pragma once

#include <string>
#include <utility>
#include <vector>

#include "result.h"
#include "session.h"

/// What one nox child's `--report` file says: the entry for the session it was started
/// for, and those of the sessions it ran besides (the ones it notified), by signature.
struct NoxReport {
  std::optional<NoxEntry> own;
  std::vector<NoxEntry> others;
};

/// Reads nox's `--report` JSON ({"result", "sessions": [{"name", "signatures", "result",
/// "result_code", "args"}]}) for a child started with `-s session`. Anything unreadable
/// (a missing or truncated file, entries of the wrong shape) is left out: the child's exit
/// status then decides.
NoxReport ParseNoxReport(const std::string& json, const Session& session);

/// The outcome nox's word names: "success", "skipped", "aborted"; anything else failed.
Outcome OutcomeFromNox(const std::string& result);

/// `result` completed from what nox reported: its own entry decides the outcome and
/// reason, else the exit status does. The other sessions nox ran share `result`'s times,
/// worker and log, each with its own entry; they come back by signature.
std::vector<std::pair<std::string, SessionResult>> ApplyNoxReport(const NoxReport& report,
                                                                  SessionResult* result);
