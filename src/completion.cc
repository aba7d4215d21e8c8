#include "completion.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string_view>

#include "leftover_args.h"
#include "options.h"

namespace {

/// How an option's value is completed, read from the type name --help shows
/// ("board|blocks|stream|quiet", "N|auto", "FILE").
struct ValueKind {
  enum Kind { kNothing, kChoices, kFiles, kSessions, kTags } kind = kNothing;
  std::vector<std::string> choices;
};

/// A type name's choices: its lower-case words ("N|auto" -> auto), the upper-case ones
/// standing for a value the user makes up.
std::vector<std::string> Choices(const std::string& type_name) {
  std::vector<std::string> choices;
  for (size_t start = 0; start <= type_name.size();) {
    size_t bar = std::min(type_name.find('|', start), type_name.size());
    std::string word = type_name.substr(start, bar - start);
    if (std::any_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      choices.push_back(word);
    start = bar + 1;
  }
  return choices;
}

/// What follows option `name`, its type name being `type_name` ("" for nox's own).
ValueKind ValueOf(const std::string& name, const std::string& type_name) {
  if (type_name == "SESSION") return {ValueKind::kSessions, {}};
  if (type_name == "TAG") return {ValueKind::kTags, {}};
  if (type_name == "FILE" || type_name == "CMD" || name == "--envdir")
    return {ValueKind::kFiles, {}};
  if (type_name.find('|') != std::string::npos) return {ValueKind::kChoices, Choices(type_name)};
  return {};
}

/// An option on the line, and what it waits for.
struct Pending {
  std::string name;
  bool takes_value = false;
  ValueKind value;
  bool many = false;  ///< nox's -s takes words until the next option
};

/// `-s`, `--sessions`: the names an option of `app` answers to.
const CLI::Option* FindOption(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& s : option->get_snames())
      if (name == "-" + s) return option;
    for (const std::string& l : option->get_lnames())
      if (name == "--" + l) return option;
  }
  return nullptr;
}

/// nox's option `name` as parnox passes it on (exactly, or an unambiguous start of one).
const NoxOption* FindNoxOption(const std::string& name) {
  const NoxOption* found = nullptr;
  for (const NoxOption& option : NoxOptions()) {
    if (option.name == name) return &option;
    if (name.starts_with("--") && option.name.starts_with(name)) found = found ? nullptr : &option;
  }
  return found;
}

/// What the line says so far, read word by word as ParseOptions would.
class LineState {
 public:
  explicit LineState(const CommandLine& command_line)
      : command_line_(command_line), command_(&command_line.top()) {}

  void Read(const std::string& word);

  /// The option `word` names in the current command (parnox's, then nox's), with its value
  /// attached after `=` or to a short name (-j4) in `attached`; nullopt for none.
  std::optional<Pending> OptionOf(const std::string& word, std::optional<std::string>* attached);

  const CLI::App& command() const { return *command_; }
  bool command_typed() const { return command_ != &command_line_.top(); }
  bool posargs() const { return posargs_; }
  const std::optional<Pending>& pending() const { return pending_; }
  const std::optional<std::string>& noxfile() const { return noxfile_; }
  const std::optional<std::string>& nox() const { return nox_; }

 private:
  void Value(const std::string& option, const std::string& value);

  const CommandLine& command_line_;
  const CLI::App* command_;
  bool posargs_ = false;
  std::optional<Pending> pending_;
  std::optional<std::string> noxfile_, nox_;
};

std::optional<Pending> LineState::OptionOf(const std::string& word,
                                           std::optional<std::string>* attached) {
  size_t equals = word.find('=');
  std::string name = word.substr(0, equals);
  if (equals != std::string::npos) *attached = word.substr(equals + 1);
  const CLI::Option* option = FindOption(*command_, name);
  if (!option && !name.starts_with("--") && name.size() > 2) {  // -j4, -fnoxfile.py
    option = FindOption(*command_, name.substr(0, 2));
    if (option && option->get_items_expected_max() > 0) *attached = name.substr(2);
    name = name.substr(0, 2);
  }
  if (option) {
    int values = option->get_items_expected_max();
    if (values == 0) return Pending{name};
    // The long name is what the rest of completion knows it by (-f and --noxfile alike).
    std::string known = option->get_lnames().empty() ? name : "--" + option->get_lnames()[0];
    return Pending{known, true, ValueOf(name, option->get_type_name()), values > 1};
  }
  const NoxOption* nox = RunsNox(*command_) ? FindNoxOption(name) : nullptr;
  if (!nox) return std::nullopt;
  if (nox->values == NoxValues::kNone) return Pending{name};
  return Pending{std::string(nox->name), true, ValueOf(std::string(nox->name), ""),
                 nox->values == NoxValues::kMany};
}

void LineState::Value(const std::string& option, const std::string& value) {
  if (option == "--noxfile") noxfile_ = value;
  if (option == "--nox") nox_ = value;
}

void LineState::Read(const std::string& word) {
  if (posargs_) return;
  if (word == "--") {
    posargs_ = true;
    return;
  }
  bool option_like = word.size() > 1 && word[0] == '-';
  if (pending_ && (!pending_->many || !option_like)) {
    Value(pending_->name, word);
    if (!pending_->many) pending_.reset();
    return;
  }
  pending_.reset();
  if (option_like) {
    std::optional<std::string> attached;
    std::optional<Pending> option = OptionOf(word, &attached);
    if (option && attached) Value(option->name, *attached);
    if (option && !attached && option->takes_value) pending_ = option;
    return;
  }
  if (command_typed()) return;  // a positional: merge-durations' files, completion's shell
  for (const CLI::App* command : command_line_.commands())
    if (command->get_name() == word) command_ = command;
}

/// `names` that start with `typed`, sorted, each once.
std::vector<std::string> Matching(const std::vector<std::string>& names, std::string_view typed,
                                  std::string_view prefix = "") {
  std::vector<std::string> matching;
  for (const std::string& name : names)
    if (name.starts_with(typed)) matching.push_back(std::string(prefix) + name);
  std::sort(matching.begin(), matching.end());
  matching.erase(std::unique(matching.begin(), matching.end()), matching.end());
  return matching;
}

/// The values of an option, `prefix` put before each (`--output=`).
ShellCompletion Values(const ValueKind& value, const std::string& typed, const std::string& prefix,
                       const LineState& line, SessionSource& source) {
  switch (value.kind) {
    case ValueKind::kFiles: return {ShellCompletion::Kind::kFiles, {}};
    case ValueKind::kChoices:
      return {ShellCompletion::Kind::kWords, Matching(value.choices, typed, prefix)};
    case ValueKind::kSessions:
    case ValueKind::kTags: {
      std::optional<SessionNames> names =
          source.Sessions(line.noxfile().value_or("noxfile.py"), line.nox());
      if (!names) return {};
      const std::vector<std::string>& all =
          value.kind == ValueKind::kSessions ? names->sessions : names->tags;
      return {ShellCompletion::Kind::kWords, Matching(all, typed, prefix)};
    }
    case ValueKind::kNothing: return {};
  }
  return {};
}

/// The options of the command being typed: parnox's own, and nox's where it runs nox.
std::vector<std::string> OptionNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& s : option->get_snames()) names.push_back("-" + s);
    for (const std::string& l : option->get_lnames()) names.push_back("--" + l);
  }
  if (RunsNox(command))
    for (const NoxOption& option : NoxOptions()) names.emplace_back(option.name);
  return names;
}

/// A word that is no option's value: a command, or the command's own positional.
ShellCompletion Positional(const LineState& line, const std::string& typed,
                           const CommandLine& command_line) {
  if (!line.command_typed()) {
    std::vector<std::string> commands;
    for (const CLI::App* command : command_line.commands()) commands.push_back(command->get_name());
    return {ShellCompletion::Kind::kWords, Matching(commands, typed)};
  }
  for (const CLI::Option* option : line.command().get_options()) {
    if (!option->get_positional()) continue;
    std::string type_name = option->get_type_name();
    if (type_name.find('|') != std::string::npos)
      return {ShellCompletion::Kind::kWords, Matching(Choices(type_name), typed)};
    if (option->get_name() == "FILE") return {ShellCompletion::Kind::kFiles, {}};
  }
  return {};
}

}  // namespace

ShellCompletion Complete(const std::vector<std::string>& words, SessionSource& sessions) {
  CommandLine command_line;
  LineState line(command_line);
  for (size_t i = 0; i + 1 < words.size(); ++i) line.Read(words[i]);
  std::string typed = words.empty() ? "" : words.back();
  if (line.posargs()) return {ShellCompletion::Kind::kFiles, {}};
  bool option_like = typed.starts_with("-");
  if (line.pending() && (!line.pending()->many || !option_like))
    return Values(line.pending()->value, typed, "", line, sessions);
  if (!option_like) return Positional(line, typed, command_line);
  if (size_t equals = typed.find('='); equals != std::string::npos) {
    std::optional<std::string> attached;
    std::optional<Pending> option = line.OptionOf(typed, &attached);
    if (!option) return {};
    return Values(option->value, *attached, typed.substr(0, equals + 1), line, sessions);
  }
  return {ShellCompletion::Kind::kWords, Matching(OptionNames(line.command()), typed)};
}

std::vector<std::string> UnquoteBashWords(const std::vector<std::string>& raw) {
  std::vector<std::string> words;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string word;
    char quote = 0;
    for (size_t j = 0; j < raw[i].size(); ++j) {
      char c = raw[i][j];
      bool escapes = c == '\\' && j + 1 < raw[i].size() &&
                     (quote == 0 || (quote == '"' && std::string_view("\\\"$`").find(
                                                         raw[i][j + 1]) != std::string_view::npos));
      if (escapes)
        word += raw[i][++j];
      else if (quote == 0 && (c == '\'' || c == '"'))
        quote = c;
      else if (c == quote)
        quote = 0;
      else
        word += c;
    }
    // COMP_WORDBREAKS splits `--output=board` into three words: joined back here.
    bool joins = raw[i] == "=" && !words.empty() && words.back().starts_with("-") &&
                 words.back().find('=') == std::string::npos;
    if (!joins) {
      words.push_back(word);
      continue;
    }
    words.back() += '=';
    if (i + 1 < raw.size()) words.back() += UnquoteBashWords({raw[++i]})[0];
  }
  return words;
}

std::string RenderCompletion(const ShellCompletion& completion) {
  std::string text = completion.kind == ShellCompletion::Kind::kFiles ? "files\n" : "words\n";
  for (const std::string& candidate : completion.candidates) text += candidate + "\n";
  return text;
}
