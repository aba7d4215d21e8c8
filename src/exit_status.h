#pragma once

/// parnox's exit codes (DESIGN.md, "Command line").
enum ExitStatus : int {
  kExitSuccess = 0,
  kExitSessionFailed = 1,
  kExitUsage = 2,           ///< bad usage or configuration
  kExitUnknownSession = 3,  ///< as nox: a session, tag or keyword selects nothing known
  kExitInterrupted = 130,   ///< 128 + SIGINT
};
