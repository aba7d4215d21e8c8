#include "nox_locator.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

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

/// Every executable called `name` on $PATH, in PATH order.
std::vector<std::string> FindAllOnPath(const std::string& name) {
  std::vector<std::string> found;
  const char* path = std::getenv("PATH");
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

/// `program` as posix_spawnp would run it: a path as given, a bare name through $PATH.
std::optional<std::string> ResolveProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (IsExecutableFile(program)) return program;
    return std::nullopt;
  }
  std::vector<std::string> found = FindAllOnPath(program);
  if (found.empty()) return std::nullopt;
  return found.front();
}

bool LooksLikePython(const std::string& program) {
  std::string base = program.substr(program.rfind('/') + 1);
  return base.find("python") != std::string::npos || base.find("pypy") != std::string::npos;
}

/// The interpreter word of a pip launcher too long for a shebang, which pip writes as
/// `#!/bin/sh` followed by `'''exec' "/path/to/python" "$0" "$@"`.
std::optional<std::string> ShellTrampolineInterpreter(const std::string& second_line) {
  const std::string prefix = "'''exec' ";
  if (second_line.rfind(prefix, 0) != 0) return std::nullopt;
  std::vector<std::string> words = SplitCommand(second_line.substr(prefix.size()));
  if (words.empty() || !LooksLikePython(words[0])) return std::nullopt;
  return words[0];
}

/// The interpreter command a Python script starts with: its shebang's words
/// (`/usr/bin/python3`, or `/usr/bin/env python3`), or nullopt if it is no Python script.
std::optional<std::vector<std::string>> PythonOfScript(const std::string& path) {
  std::ifstream in(path);
  std::string first, second;
  if (!std::getline(in, first) || first.rfind("#!", 0) != 0) return std::nullopt;
  std::vector<std::string> words = SplitCommand(first.substr(2));
  if (words.empty()) return std::nullopt;
  if (words[0] == "/bin/sh" && std::getline(in, second)) {
    if (auto python = ShellTrampolineInterpreter(second)) return std::vector{*python};
  }
  bool via_env = words[0].ends_with("/env") && words.size() >= 2;
  if (!LooksLikePython(via_env ? words.back() : words[0])) return std::nullopt;
  return words;
}

/// The Python that runs `argv`: the words before `-m nox`, or the shebang of the script.
std::optional<std::vector<std::string>> PythonOfCommand(const std::vector<std::string>& argv) {
  for (size_t i = 1; i + 1 < argv.size(); ++i) {
    if (argv[i] == "-m" && argv[i + 1] == "nox") {
      return std::vector<std::string>(argv.begin(), argv.begin() + i);
    }
  }
  std::optional<std::string> program = ResolveProgram(argv[0]);
  if (!program) return std::nullopt;
  return PythonOfScript(*program);
}

bool CanImportNox(const std::string& python) {
  std::string error;
  // find_spec, not import: says nothing on stderr when nox is absent.
  std::optional<CapturedRun> run = RunAndCapture(
      {python, "-c", "import importlib.util, sys; sys.exit(not importlib.util.find_spec('nox'))"},
      &error);
  return run && run->exit.exit_code == 0;
}

/// A command the user named (`--nox`, $PARNOX_NOX): taken as given, but parnox must know
/// which Python runs it, because the discovery helper runs on that Python.
std::optional<NoxCommand> FromUserCommand(const std::string& command, const std::string& origin,
                                          std::string* error) {
  std::vector<std::string> argv = SplitCommand(command);
  if (argv.empty()) {
    *error = fmt::format(
        "{} is empty. Give the command that runs nox, e.g. "
        "{} '/usr/bin/python3 -m nox'.",
        origin, origin);
    return std::nullopt;
  }
  if (!ResolveProgram(argv[0])) {
    *error = fmt::format(
        "{} '{}': cannot find '{}' (not an executable file, nor on "
        "PATH). Give the path of nox, or 'PYTHON -m nox'.",
        origin, command, argv[0]);
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> python = PythonOfCommand(argv);
  if (!python) {
    *error = fmt::format(
        "{} '{}': cannot tell which Python runs this nox (parnox "
        "asks nox for its sessions through that Python). Give it as "
        "'PYTHON -m nox', e.g. '/usr/bin/python3 -m nox'.",
        origin, command);
    return std::nullopt;
  }
  return NoxCommand{std::move(argv), std::move(*python), origin};
}

std::optional<NoxCommand> FromNoxOnPath(std::vector<std::string>* tried) {
  std::vector<std::string> found = FindAllOnPath("nox");
  if (found.empty()) {
    tried->push_back("`nox` on PATH (none)");
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> python = PythonOfScript(found.front());
  if (!python) {
    tried->push_back(
        fmt::format("{} (not a Python script, so parnox cannot tell which "
                    "Python runs it)",
                    found.front()));
    return std::nullopt;
  }
  return NoxCommand{{found.front()}, std::move(*python), "PATH"};
}

std::optional<NoxCommand> FromPythonWithNox(std::vector<std::string>* tried) {
  std::vector<std::string> pythons = FindAllOnPath("python3");
  if (std::find(pythons.begin(), pythons.end(), "/usr/bin/python3") == pythons.end()) {
    pythons.push_back("/usr/bin/python3");
  }
  for (const std::string& python : pythons) {
    if (CanImportNox(python)) return NoxCommand{{python, "-m", "nox"}, {python}, "python3 -m nox"};
    tried->push_back(fmt::format("{} -m nox (no nox module)", python));
  }
  return std::nullopt;
}

std::string NotFoundMessage(const std::vector<std::string>& tried) {
  std::string list;
  for (const std::string& attempt : tried) list += "\n  " + attempt;
  return "cannot find nox. Tried, in order: --nox (not given), $PARNOX_NOX (not set)," + list +
         "\nInstall nox (on Debian and Ubuntu: apt-get install python3-nox; elsewhere: pipx "
         "install nox), or tell parnox how to run it with --nox 'PYTHON -m nox' or "
         "PARNOX_NOX='PYTHON -m nox'.";
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

std::optional<NoxCommand> LocateNox(const std::optional<std::string>& flag, std::string* error) {
  if (flag) return FromUserCommand(*flag, "--nox", error);
  if (const char* env = std::getenv("PARNOX_NOX"); env && *env) {
    return FromUserCommand(env, "$PARNOX_NOX", error);
  }
  std::vector<std::string> tried;
  if (auto nox = FromNoxOnPath(&tried)) return nox;
  if (auto nox = FromPythonWithNox(&tried)) return nox;
  *error = NotFoundMessage(tried);
  return std::nullopt;
}
