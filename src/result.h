#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

/// How one session of a run ended. Outcomes are types, not flags.
enum class Outcome {
  kSuccess,
  kSkipped,  ///< nox skipped it (session.skip(), missing interpreter without CI)
  kFailed,
  kTimedOut,     ///< ended by its [tool.parnox] timeout
  kAborted,      ///< not run: a prerequisite (`requires=`) was not successful
  kInterrupted,  ///< ended by Ctrl-C/SIGTERM/SIGHUP or --fail-fast
  kNotStarted,   ///< never started: the run stopped first (-x, --fail-fast, a signal)
};

/// Passed as nox counts it: a skipped session does not fail the run.
inline bool Passed(Outcome outcome) {
  return outcome == Outcome::kSuccess || outcome == Outcome::kSkipped;
}

const char* OutcomeName(Outcome outcome);

using Clock = std::chrono::steady_clock;

/// nox's own `--report` entry for one session, as nox wrote it.
struct NoxEntry {
  std::string name;
  std::vector<std::string> signatures;
  std::string result;  ///< "success", "skipped", "failed", "aborted"
  int result_code = 0;
  std::string args_json = "{}";  ///< the parametrization, a JSON object as nox wrote it
  std::string reason;            ///< why it did not succeed, where nox says

  bool operator==(const NoxEntry&) const = default;
};

struct SessionResult {
  Outcome outcome = Outcome::kNotStarted;
  std::string reason;  ///< why, for anything but success
  int exit_code = 0;   ///< the nox child's exit status (128+n when killed)
  Clock::time_point start{};
  Clock::time_point end{};
  int worker = -1;              ///< the first worker slot it ran on
  std::string log_path;         ///< its whole output, byte for byte
  std::optional<NoxEntry> nox;  ///< nox's own report entry, when nox wrote one

  double seconds() const { return std::chrono::duration<double>(end - start).count(); }
  bool started() const { return worker >= 0; }
};
