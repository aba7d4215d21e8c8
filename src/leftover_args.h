#pragma once

// What CLI11 leaves over on parnox's command line: nox's own options, passed on as typed,
// or a typo, said in one line with the closest command or option.

#include <CLI/CLI.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

/// How many values follow one of nox's options on the command line.
enum class NoxValues { kNone, kOne, kMany };

/// One of nox's own options, as parnox passes it on.
struct NoxOption {
  std::string_view name;
  NoxValues values;
};

/// nox's own options, in every release from 2022.11 to 2026.08, for the commands that run
/// nox (RunsNox): what parnox passes on and shell completion offers. Where a name is
/// parnox's too (-s, -x, --report, -j...), parnox's meaning wins.
std::span<const NoxOption> NoxOptions();

/// Whether `command` runs nox, and so takes nox's options: every command but
/// merge-durations and completion.
bool RunsNox(const CLI::App& command);

/// What CLI11 left over in a command's arguments: nox's options, passed on as typed, or a
/// typo, said in one line with the closest command or option.
class Leftovers {
 public:
  Leftovers(const CLI::App& top, std::vector<const CLI::App*> commands)
      : top_(top), commands_(std::move(commands)) {}

  /// What is wrong with `words`, left over in `where`'s arguments (typed before the command
  /// when `before_command`), or "".
  std::string Check(const std::vector<std::string>& words, const CLI::App& where,
                    bool before_command) const;

  /// What is wrong with the options the top level took, typed before `command`, which must
  /// take them too; or "".
  std::string CheckTakenBefore(const CLI::App& command) const;

 private:
  std::string Label(const CLI::App& app) const {
    return &app == &top_ ? "parnox run" : "parnox " + app.get_name();
  }
  static std::vector<std::string> Names(const CLI::App& app);
  std::vector<std::string> Owners(const std::string& name) const;
  std::optional<NoxValues> NoxOptionValues(const std::string& name) const;
  std::string WordError(const std::string& word, const CLI::App& where, bool before_command) const;
  std::string OptionError(const std::string& name, const CLI::App& where,
                          bool before_command) const;

  const CLI::App& top_;
  std::vector<const CLI::App*> commands_;
};

/// nox's two-letter options that CLI11 would split (-fb, -ts), spelt out in full.
void SpellOutNoxTwoLetterOptions(std::vector<std::string>& args);
