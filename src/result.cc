#include "result.h"

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess: return "success";
    case Outcome::kSkipped: return "skipped";
    case Outcome::kFailed: return "failed";
    case Outcome::kTimedOut: return "timed out";
    case Outcome::kAborted: return "aborted";
    case Outcome::kInterrupted: return "interrupted";
    case Outcome::kNotStarted: return "not started";
  }
  return "?";
}
