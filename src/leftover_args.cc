#include "leftover_args.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "spelling.h"

namespace {

/// nox's own options, in every release from 2022.11 (Debian 12's) to 2026.08: parnox passes
/// them on as typed. A name only some releases know is the older ones' error, said by nox.
/// Where a name is parnox's too (-s, -x, --report, -j...), parnox's meaning wins.
constexpr NoxOption kNoxOptions[] = {
    {"-h", NoxValues::kNone},
    {"--help", NoxValues::kNone},
    {"--version", NoxValues::kNone},
    {"-l", NoxValues::kNone},
    {"--list-sessions", NoxValues::kNone},
    {"--list", NoxValues::kNone},
    {"--json", NoxValues::kNone},
    {"--usage", NoxValues::kOne},
    {"-s", NoxValues::kMany},
    {"-e", NoxValues::kMany},
    {"--sessions", NoxValues::kMany},
    {"--session", NoxValues::kMany},
    {"-p", NoxValues::kMany},
    {"--pythons", NoxValues::kMany},
    {"--python", NoxValues::kMany},
    {"-k", NoxValues::kOne},
    {"--keywords", NoxValues::kOne},
    {"-t", NoxValues::kMany},
    {"--tags", NoxValues::kMany},
    {"-v", NoxValues::kNone},
    {"--verbose", NoxValues::kNone},
    {"--no-verbose", NoxValues::kNone},
    {"-ts", NoxValues::kNone},
    {"--add-timestamp", NoxValues::kNone},
    {"-db", NoxValues::kOne},
    {"--default-venv-backend", NoxValues::kOne},
    {"-fb", NoxValues::kOne},
    {"--force-venv-backend", NoxValues::kOne},
    {"--no-venv", NoxValues::kNone},
    {"--reuse-venv", NoxValues::kOne},
    {"-r", NoxValues::kNone},
    {"--reuse-existing-virtualenvs", NoxValues::kNone},
    {"-N", NoxValues::kNone},
    {"--no-reuse-existing-virtualenvs", NoxValues::kNone},
    {"-R", NoxValues::kNone},
    {"-f", NoxValues::kOne},
    {"--noxfile", NoxValues::kOne},
    {"--envdir", NoxValues::kOne},
    {"--extra-pythons", NoxValues::kMany},
    {"--extra-python", NoxValues::kMany},
    {"-P", NoxValues::kMany},
    {"--force-pythons", NoxValues::kMany},
    {"--force-python", NoxValues::kMany},
    {"-x", NoxValues::kNone},
    {"--stop-on-first-error", NoxValues::kNone},
    {"--no-stop-on-first-error", NoxValues::kNone},
    {"--error-on-missing-interpreters", NoxValues::kNone},
    {"--no-error-on-missing-interpreters", NoxValues::kNone},
    {"--error-on-external-run", NoxValues::kNone},
    {"--no-error-on-external-run", NoxValues::kNone},
    {"--install-only", NoxValues::kNone},
    {"--no-install", NoxValues::kNone},
    {"--no-dependencies", NoxValues::kNone},
    {"--report", NoxValues::kOne},
    {"--non-interactive", NoxValues::kNone},
    {"--nocolor", NoxValues::kNone},
    {"--no-color", NoxValues::kNone},
    {"--forcecolor", NoxValues::kNone},
    {"--force-color", NoxValues::kNone},
    {"--color", NoxValues::kOne},
    {"--download-python", NoxValues::kOne},
    {"--script-mode", NoxValues::kOne},
    {"--script-venv-backend", NoxValues::kOne},
    {"-j", NoxValues::kOne},
    {"--parallel", NoxValues::kOne},
    {"--allow-parallel", NoxValues::kNone},
    {"--no-allow-parallel", NoxValues::kNone},
};

/// nox's two-letter short options whose first letter is a parnox option (-f FILE, -t TAG):
/// given to CLI11 as they are, they would read as `-f b` and `-t s`.
constexpr std::pair<std::string_view, std::string_view> kNoxTwoLetterOptions[] = {
    {"-fb", "--force-venv-backend"},
    {"-ts", "--add-timestamp"},
};

/// The option `typed` most likely meant, dashes aside (`-jobz` and `--jobz` both mean
/// `--jobs`).
std::optional<std::string> Closest(std::string_view typed,
                                   const std::vector<std::string>& candidates) {
  auto bare = [](std::string_view name) {
    return std::string(name.substr(name.find_first_not_of('-')));
  };
  std::vector<std::string> bare_candidates;
  bare_candidates.reserve(candidates.size());
  for (const std::string& candidate : candidates) bare_candidates.push_back(bare(candidate));
  std::optional<std::string> best = ClosestSpelling(bare(typed), bare_candidates);
  if (!best) return std::nullopt;
  auto at = std::find(bare_candidates.begin(), bare_candidates.end(), *best);
  return candidates[at - bare_candidates.begin()];
}

}  // namespace

std::span<const NoxOption> NoxOptions() { return kNoxOptions; }

bool RunsNox(const CLI::App& command) {
  return command.get_name() != "merge-durations" && command.get_name() != "completion";
}

std::vector<std::string> Leftovers::Names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& s : option->get_snames()) names.push_back("-" + s);
    for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
  }
  return names;
}

/// The commands that take option `name`, as "parnox list".
std::vector<std::string> Leftovers::Owners(const std::string& name) const {
  std::vector<std::string> owners;
  for (const CLI::App* command : commands_) {
    std::vector<std::string> names = Names(*command);
    if (std::find(names.begin(), names.end(), name) != names.end())
      owners.push_back(Label(*command));
  }
  return owners;
}

/// How many values follow `name` if it is nox's and not parnox's: exactly, as the start of
/// one (nox takes an unambiguous prefix) or as short options run together (-rv).
std::optional<NoxValues> Leftovers::NoxOptionValues(const std::string& name) const {
  auto nox = [&](std::string_view candidate) -> const NoxOption* {
    for (const NoxOption& option : kNoxOptions)
      if (option.name == candidate && Owners(std::string(candidate)).empty()) return &option;
    return nullptr;
  };
  if (const NoxOption* option = nox(name)) return option->values;
  if (name.starts_with("--")) {
    for (const NoxOption& option : kNoxOptions)
      if (option.name.starts_with(name) && nox(option.name)) return option.values;
    return std::nullopt;
  }
  // -rv is -r -v; -Pvalue is -P with its value attached.
  if (name.size() > 2 && nox(name.substr(0, 2))) return NoxValues::kNone;
  return std::nullopt;
}

std::string Leftovers::Check(const std::vector<std::string>& words, const CLI::App& where,
                             bool before_command) const {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.size() < 2 || word[0] != '-') return WordError(word, where, before_command);
    std::string name = word.substr(0, word.find('='));
    if (std::string error = OptionError(name, where, before_command); !error.empty()) return error;
    NoxValues values = *NoxOptionValues(name);
    if (values == NoxValues::kOne && name.size() == word.size()) ++i;
    if (values == NoxValues::kMany)
      while (i + 1 < words.size() && !words[i + 1].starts_with("-")) ++i;
  }
  return "";
}

std::string Leftovers::CheckTakenBefore(const CLI::App& command) const {
  std::vector<std::string> takes = Names(command);
  for (const CLI::Option* option : top_.get_options()) {
    if (option->count() == 0) continue;
    std::string name = option->get_name();
    if (std::find(takes.begin(), takes.end(), name) == takes.end())
      return fmt::format("{} is an option of {}, not of {}", name, fmt::join(Owners(name), " and "),
                         Label(command));
  }
  return "";
}

/// A word no option took as its value: a command misspelt, or a session given without -s.
std::string Leftovers::WordError(const std::string& word, const CLI::App& where,
                                 bool before_command) const {
  if (&where != &top_ && !before_command)
    return fmt::format("unexpected argument '{}' (a session is chosen with -s: {} -s {})", word,
                       Label(where), word);
  std::vector<std::string> commands;
  for (const CLI::App* command : commands_) commands.push_back(command->get_name());
  if (std::optional<std::string> closest = Closest(word, commands))
    return fmt::format(
        "unknown command '{}'; did you mean '{}'? (a session is chosen with -s: parnox -s {})",
        word, *closest, word);
  return fmt::format(
      "unknown command '{}' (the commands are {} and {}; a session is chosen with -s: parnox "
      "-s {})",
      word, fmt::join(commands.begin(), commands.end() - 1, ", "), commands.back(), word);
}

/// An option `where` did not take: nox's (""), another command's, or a typo.
std::string Leftovers::OptionError(const std::string& name, const CLI::App& where,
                                   bool before_command) const {
  std::vector<std::string> owners = Owners(name);
  if (before_command && std::find(owners.begin(), owners.end(), Label(where)) != owners.end())
    return fmt::format("{} goes after the command: {} {}", name, Label(where), name);
  if (!owners.empty())
    return fmt::format("{} is an option of {}, not of {}", name, fmt::join(owners, " and "),
                       Label(where));
  bool runs_nox = RunsNox(where);
  if (runs_nox && NoxOptionValues(name)) return "";
  // The closest of this command's options, then nox's, then the other commands'.
  std::vector<std::string> candidates = Names(where);
  if (runs_nox)
    for (const NoxOption& option : kNoxOptions) candidates.emplace_back(option.name);
  for (const CLI::App* command : commands_)
    for (std::string& other : Names(*command)) candidates.push_back(std::move(other));
  if (std::optional<std::string> closest = Closest(name, candidates))
    return fmt::format("unknown option '{}'; did you mean '{}'?", name, *closest);
  if (where.get_name() == "completion")
    return fmt::format("unknown option '{}': {} takes only the shell's name ({} --help)", name,
                       Label(where), Label(where));
  if (!runs_nox)
    return fmt::format("unknown option '{}': {} takes only -f/--noxfile ({} --help)", name,
                       Label(where), Label(where));
  return fmt::format(
      "unknown option '{}': neither parnox nor nox takes it (parnox --help, nox "
      "--help)",
      name);
}

void SpellOutNoxTwoLetterOptions(std::vector<std::string>& args) {
  for (std::string& arg : args)
    for (auto [short_name, long_name] : kNoxTwoLetterOptions)
      if (arg == short_name || arg.starts_with(std::string(short_name) + "="))
        arg = std::string(long_name) + arg.substr(short_name.size());
}
