#include "nox_locator.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "subprocess.h"

namespace {

/// Appends one quoted span of `command` starting after the opening quote at `*pos`;
/// leaves `*pos` on the closing quote. Inside double quotes a backslash escapes `"`,
/// `\`, `$` and backquote, as in sh.
void ReadQuoted(const std::string& command, size_t* pos, std::string* word) {
  char quote = command[*pos];
  for (++*pos; *pos < command.size() && command[*pos] != quote; ++*pos) {
    char c = command[*pos];
    if (quote == '"' && c == '\\' && *pos + 1 < command.size() &&
        std::string_view("\"\\$`").find(command[*pos + 1]) != std::string_view::npos) {
      c = command[++*pos];
    }
    word->push_back(c);
  }
}

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

/// Every executable called `name` on the environment's PATH, in PATH order.
std::vector<std::string> FindAllOnPath(const std::string& name, const Environment& env) {
  std::vector<std::string> found;
  const char* path = env.Get("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    // An empty PATH entry means the current directory, as in execvp.
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (IsExecutableFile(candidate)) found.push_back(candidate);
    start = end + 1;
  }
  return found;
}

/// Whether `program` can start as posix_spawnp would run it: a path as given, a bare name
/// through PATH.
bool CanStart(const std::string& program, const Environment& env) {
  if (program.find('/') != std::string::npos) return IsExecutableFile(program);
  return !FindAllOnPath(program, env).empty();
}

bool CanImportNox(const std::string& python, const Environment& env) {
  std::string error;
  // find_spec, not import: says nothing on stderr when nox is absent.
  std::optional<CapturedRun> run = RunAndCapture(
      {python, "-c", "import importlib.util, sys; sys.exit(not importlib.util.find_spec('nox'))"},
      &error, env.entries());
  return run && run->exit.exit_code == 0;
}

/// A command the user named (`--nox`, $PARNOX_NOX): any command that runs nox, taken as
/// given. Only a program that cannot start is refused here; a command that starts but is no
/// nox is said by discovery, with what it printed.
std::optional<NoxCommand> FromUserCommand(const std::string& command, const std::string& origin,
                                          const Environment& env, std::string* error) {
  std::vector<std::string> argv = SplitCommand(command);
  if (argv.empty()) {
    *error = fmt::format(
        "{} is empty. Give the command that runs nox, e.g. {} nox or {} '/usr/bin/python3 -m "
        "nox'.",
        origin, origin, origin);
    return std::nullopt;
  }
  if (!CanStart(argv[0], env)) {
    *error = fmt::format(
        "{} '{}': cannot find '{}' (not an executable file, nor on PATH). Give the command "
        "that runs nox: a path, a name on PATH, or 'PYTHON -m nox'.",
        origin, command, argv[0]);
    return std::nullopt;
  }
  return NoxCommand{std::move(argv), origin};
}

std::optional<NoxCommand> FromNoxOnPath(const Environment& env, std::vector<std::string>* tried) {
  std::vector<std::string> found = FindAllOnPath("nox", env);
  if (found.empty()) {
    tried->push_back("`nox` on PATH (none)");
    return std::nullopt;
  }
  return NoxCommand{{found.front()}, "PATH"};
}

std::optional<NoxCommand> FromPythonWithNox(const Environment& env,
                                            std::vector<std::string>* tried) {
  std::vector<std::string> pythons = FindAllOnPath("python3", env);
  if (std::find(pythons.begin(), pythons.end(), "/usr/bin/python3") == pythons.end()) {
    pythons.push_back("/usr/bin/python3");
  }
  for (const std::string& python : pythons) {
    if (CanImportNox(python, env)) return NoxCommand{{python, "-m", "nox"}, "python3 -m nox"};
    tried->push_back(fmt::format("{} -m nox (no nox module)", python));
  }
  return std::nullopt;
}

std::string NotFoundMessage(const std::vector<std::string>& tried) {
  std::string list;
  for (const std::string& attempt : tried) list += "\n  " + attempt;
  return "cannot find nox. Tried, in order: --nox (not given), $PARNOX_NOX (not set)," + list +
         "\nInstall nox (on Debian and Ubuntu: apt-get install python3-nox; elsewhere: pipx "
         "install nox), or tell parnox how to run it with --nox COMMAND or PARNOX_NOX=COMMAND "
         "(e.g. '/usr/bin/python3 -m nox', or a script that runs nox).";
}

}  // namespace

std::vector<std::string> SplitCommand(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t pos = 0; pos < command.size(); ++pos) {
    char c = command[pos];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'' || c == '"') {
      ReadQuoted(command, &pos, &word);
    } else if (c == '\\' && pos + 1 < command.size()) {
      word.push_back(command[++pos]);
    } else {
      word.push_back(c);
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::optional<NoxCommand> LocateNox(const std::optional<std::string>& flag, const Environment& env,
                                    std::string* error) {
  if (flag) return FromUserCommand(*flag, "--nox", env, error);
  if (const char* value = env.Get("PARNOX_NOX"); value && *value) {
    return FromUserCommand(value, "$PARNOX_NOX", env, error);
  }
  std::vector<std::string> tried;
  if (auto nox = FromNoxOnPath(env, &tried)) return nox;
  if (auto nox = FromPythonWithNox(env, &tried)) return nox;
  *error = NotFoundMessage(tried);
  return std::nullopt;
}
