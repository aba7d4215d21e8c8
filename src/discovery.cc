#include "discovery.h"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "exit_status.h"
#include "nox_helper_file.h"
#include "subprocess.h"

using nlohmann::json;

namespace {

[[noreturn]] void Malformed(const std::string& what) {
  throw std::runtime_error("the discovery helper's output is malformed: " + what);
}

const json& Field(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) Malformed(fmt::format("{} has no \"{}\"", where, key));
  return *it;
}

std::string String(const json& object, const char* key, const std::string& where) {
  const json& value = Field(object, key, where);
  if (!value.is_string()) Malformed(fmt::format("{}.{} is not a string", where, key));
  return value.get<std::string>();
}

/// A string, or "" where the helper wrote null (a session that names no interpreter).
std::string StringOrNull(const json& object, const char* key, const std::string& where) {
  if (Field(object, key, where).is_null()) return "";
  return String(object, key, where);
}

bool Bool(const json& object, const char* key, const std::string& where) {
  const json& value = Field(object, key, where);
  if (!value.is_boolean()) Malformed(fmt::format("{}.{} is not true or false", where, key));
  return value.get<bool>();
}

std::optional<bool> BoolOrNull(const json& object, const char* key, const std::string& where) {
  if (Field(object, key, where).is_null()) return std::nullopt;
  return Bool(object, key, where);
}

std::vector<std::string> Strings(const json& object, const char* key, const std::string& where) {
  const json& value = Field(object, key, where);
  bool ok = value.is_array();
  for (const json& item : value) ok = ok && item.is_string();
  if (!ok) Malformed(fmt::format("{}.{} is not a list of strings", where, key));
  return value.get<std::vector<std::string>>();
}

Session ParseSession(const json& object, const std::string& where) {
  if (!object.is_object()) Malformed(where + " is not an object");
  Session session;
  session.signature = String(object, "signature", where);
  session.name = String(object, "name", where);
  session.signatures = Strings(object, "signatures", where);
  session.tags = Strings(object, "tags", where);
  session.python = StringOrNull(object, "python", where);
  session.venv_backend = String(object, "venv_backend", where);
  session.envdir = String(object, "envdir", where);
  session.requires_ = Strings(object, "requires", where);
  session.notifies = Strings(object, "notifies", where);
  session.allow_parallel = BoolOrNull(object, "allow_parallel", where);
  session.is_default = Bool(object, "default", where);
  session.selected = Bool(object, "selected", where);
  return session;
}

std::vector<Session> ParseSessions(const json& document) {
  const json& list = Field(document, "sessions", "the document");
  if (!list.is_array()) Malformed("\"sessions\" is not a list");
  std::vector<Session> sessions;
  for (size_t i = 0; i < list.size(); ++i) {
    sessions.push_back(ParseSession(list[i], fmt::format("sessions[{}]", i)));
  }
  return sessions;
}

/// Later stages look sessions up by these names; one that names nothing is a helper bug.
void CheckReferences(const Project& project) {
  auto check = [&](const std::string& signature, const std::string& where) {
    if (!project.Find(signature)) {
      Malformed(fmt::format("{} names \"{}\", which is not a session", where, signature));
    }
  };
  for (const std::string& signature : project.queue) check(signature, "queue");
  for (const Session& session : project.sessions) {
    for (const std::string& dep : session.requires_) check(dep, session.signature + ".requires");
    for (const std::string& dep : session.notifies) check(dep, session.signature + ".notifies");
  }
}

/// argv as a shell line a user can paste (words quoted where the shell would split them).
std::string CommandLine(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& word : argv) {
    bool plain =
        !word.empty() && word.find_first_of(" \t\n'\"\\$`()*?[]{}<>|&;#~!") == std::string::npos;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += (line.empty() ? "" : " ") + (plain ? word : quoted + "'");
  }
  return line;
}

std::string DescribeExit(const ExitInfo& exit) {
  return exit.signal ? fmt::format("killed by signal {}", exit.signal)
                     : fmt::format("exit code {}", exit.exit_code);
}

/// parnox's paragraph under nox's own message, by nox's exit code.
std::string FailureMessage(const ExitInfo& exit, const NoxCommand& nox,
                           const std::vector<std::string>& nox_args) {
  std::vector<std::string> argv = nox.argv;
  argv.insert(argv.end(), nox_args.begin(), nox_args.end());
  std::string command = CommandLine(argv);
  if (exit.signal != 0) {
    return fmt::format("nox ({}) was killed by signal {} while listing its sessions.", command,
                       exit.signal);
  }
  switch (exit.exit_code) {
    case kExitUnknownSession:
      return "nox selected no sessions it knows (its message is above). Check the "
             "-s/-t/-k/-p arguments against `parnox list`.";
    case kExitUsage:
      return "nox could not start (its message is above): it rejected the arguments, "
             "found no noxfile, or cannot be imported. Check the arguments and -f/--noxfile.";
    case kExitInterrupted: return "interrupted while nox listed its sessions.";
    default:
      return fmt::format(
          "nox failed to load the noxfile (exit code {}; the traceback "
          "is above). Fix the noxfile; `{} --list` shows the same error.",
          exit.exit_code, command);
  }
}

}  // namespace

Project ParseDiscovery(const std::string& text) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::exception& error) {
    Malformed(std::string("not JSON: ") + error.what());
  }
  if (!document.is_object()) Malformed("the document is not a JSON object");
  Project project;
  project.nox_version = String(document, "nox_version", "the document");
  project.noxfile = String(document, "noxfile", "the document");
  project.root = String(document, "root", "the document");
  project.nox_has_requires = Bool(document, "nox_has_requires", "the document");
  project.nox_has_no_dependencies = Bool(document, "nox_has_no_dependencies", "the document");
  project.nox_has_parallel = Bool(document, "nox_has_parallel", "the document");
  project.sessions = ParseSessions(document);
  project.queue = Strings(document, "queue", "the document");
  CheckReferences(project);
  return project;
}

std::variant<Project, DiscoveryFailure> Discover(const NoxCommand& nox,
                                                 const std::vector<std::string>& nox_args) {
  // The helper says it ran by making this file, and writes its answer there.
  std::string result = std::filesystem::path(nox.helper).replace_filename("sessions.json");
  std::string error;
  std::optional<CapturedRun> run =
      RunAndCapture(HelperCommand(nox), &error,
                    {HelperOrder({{"task", "list"}, {"args", nox_args}, {"result", result}})});
  if (!run) {
    return DiscoveryFailure{kExitUsage, fmt::format("{} (found through {}). Fix "
                                                    "--nox or $PARNOX_NOX.",
                                                    error, nox.origin)};
  }
  // Ctrl-C while nox starts (it imports itself before it loads the helper) is no sign that
  // the command is no nox.
  if (run->exit.signal == SIGINT || run->exit.exit_code == kExitInterrupted || NotedInterrupt())
    return DiscoveryFailure{kExitInterrupted, "interrupted while nox listed its sessions."};
  // Only a wrapper's own chatter can arrive here: the helper sends what nox prints to stderr.
  if (!run->out.empty()) (void)std::fputs(run->out.c_str(), stderr);
  std::ifstream in(result);
  if (!in) {
    return DiscoveryFailure{
        kExitUsage,
        fmt::format("`{}` did not load parnox's helper as its noxfile ({}; its output is "
                    "above): is it a command that runs nox, passing its arguments on? Give "
                    "{} a command that runs nox, e.g. '/usr/bin/python3 -m nox', or a script "
                    "ending in `exec nox \"$@\"`.",
                    CommandLine(HelperCommand(nox)), DescribeExit(run->exit),
                    nox.origin == "--nox" || nox.origin == "$PARNOX_NOX" ? nox.origin : "--nox")};
  }
  if (run->exit.exit_code != 0) {
    // An unknown session is nox's 3, as nox; anything else that stops nox before a session
    // runs is a problem with the project or the command line, parnox's 2 (1 means a
    // session failed, which none did).
    int code = run->exit.exit_code == kExitUnknownSession ? kExitUnknownSession
               : run->exit.exit_code == kExitInterrupted  ? kExitInterrupted
                                                          : kExitUsage;
    return DiscoveryFailure{code, FailureMessage(run->exit, nox, nox_args)};
  }
  std::string document((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // nox answered --help or --version itself: a success with nothing to run.
  if (document.find_first_not_of(" \n") == std::string::npos) return DiscoveryFailure{0, ""};
  try {
    return ParseDiscovery(document);
  } catch (const std::runtime_error& parse_error) {
    return DiscoveryFailure{kExitUsage,
                            fmt::format("{} (nox {}).", parse_error.what(), CommandLine(nox.argv))};
  }
}
