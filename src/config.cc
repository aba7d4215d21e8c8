#include "config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string_view>

#include "spelling.h"
#include "tomlplusplus.h"

namespace {

constexpr std::string_view kKnownKeys[] = {"jobs", "after",   "exclusive", "independent",
                                           "cpus", "timeout", "ignore",    "artifacts"};

constexpr std::string_view kDurationExamples =
    "\"90s\", \"15m\", \"1h30m\", \"500ms\", or a number of seconds";

/// Collects every problem with its file:line, so one run of parnox shows them all (mold's
/// Error(ctx) then checkpoint). Keys are named as the user would find them in the file.
struct Checker {
  std::string file;
  std::string table;  ///< "[tool.parnox]" in pyproject.toml, empty in parnox.toml
  std::vector<std::string>* errors;

  void Error(int line, std::string_view what) const {
    if (line > 0)
      errors->push_back(fmt::format("{}:{}: {}", file, line, what));
    else
      errors->push_back(fmt::format("{}: {}", file, what));
  }

  /// "[tool.parnox] cpus" in pyproject.toml, "cpus" in parnox.toml.
  std::string Key(std::string_view path) const {
    return table.empty() ? std::string(path) : fmt::format("{} {}", table, path);
  }
};

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int LineOf(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

/// The type as a message says it: "... not an array".
std::string_view TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

/// What the user wrote, for "not ..." in a message: the value for scalars, else the type.
std::string Described(const toml::node& node) {
  if (auto s = node.value_exact<std::string>()) return fmt::format("\"{}\"", *s);
  if (auto i = node.value_exact<int64_t>()) return std::to_string(*i);
  return std::string(TypeName(node.type()));
}

/// A session pattern as a TOML key, so `cpus."tests*"` reads like the file.
std::string QuoteKey(std::string_view key) {
  bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  return bare ? std::string(key) : fmt::format("\"{}\"", key);
}

/// A table's entries in the order the file has them. toml++ keeps keys sorted, but messages
/// should come in file order, and so should overlapping patterns (`"tests*"` before
/// `"tests-3.12"`), as the user reads them.
std::vector<std::pair<const toml::key*, const toml::node*>> InFileOrder(const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, value] : table) entries.emplace_back(&key, &value);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const toml::source_position &x = a.first->source().begin, &y = b.first->source().begin;
    return std::pair(x.line, x.column) < std::pair(y.line, y.column);
  });
  return entries;
}

std::optional<ConfigPattern> ParsePattern(const toml::node& node, const Checker& checker,
                                          const std::string& key) {
  auto glob = node.value_exact<std::string>();
  if (!glob) {
    checker.Error(LineOf(node), fmt::format("{} must hold session patterns (strings), not {}",
                                            checker.Key(key), TypeName(node.type())));
    return std::nullopt;
  }
  if (glob->empty()) {
    checker.Error(LineOf(node), fmt::format("{} has an empty session pattern; write a session "
                                            "name or a glob such as \"tests*\"",
                                            checker.Key(key)));
    return std::nullopt;
  }
  return ConfigPattern{*glob, {checker.file, LineOf(node)}};
}

/// The table key itself as a pattern; its line is where it is written.
std::optional<ConfigPattern> ParseKeyPattern(const toml::key& key, const Checker& checker,
                                             const std::string& parent) {
  if (key.str().empty()) {
    checker.Error(LineOf(key), fmt::format("{} has an empty session pattern as a key; write a "
                                           "session name or a glob such as \"tests*\"",
                                           checker.Key(parent)));
    return std::nullopt;
  }
  return ConfigPattern{std::string(key.str()), {checker.file, LineOf(key)}};
}

/// An array of patterns, each element checked (and reported) on its own line.
std::optional<std::vector<ConfigPattern>> ParsePatternList(const toml::node& node,
                                                           const Checker& checker,
                                                           const std::string& key) {
  std::vector<ConfigPattern> patterns;
  bool ok = true;
  for (const toml::node& element : *node.as_array()) {
    auto pattern = ParsePattern(element, checker, key);
    if (pattern)
      patterns.push_back(*pattern);
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return patterns;
}

/// Calls `parse_entry` for every entry of a pattern-keyed table such as `cpus`.
template <typename ParseEntry>
void ForEachPatternEntry(const toml::node& node, const Checker& checker, std::string_view name,
                         std::string_view what, ParseEntry parse_entry) {
  const toml::table* table = node.as_table();
  if (!table) {
    checker.Error(LineOf(node), fmt::format("{} must be a table of {}, not {}", checker.Key(name),
                                            what, TypeName(node.type())));
    return;
  }
  for (auto [key, value] : InFileOrder(*table)) {
    auto pattern = ParseKeyPattern(*key, checker, std::string(name));
    std::string path = fmt::format("{}.{}", name, QuoteKey(key->str()));
    if (pattern) parse_entry(*pattern, *value, path);
  }
}

void ParseJobs(const toml::node& node, const Checker& checker, Config* config) {
  if (node.value_exact<std::string>() == "auto") {
    config->jobs = 0;
    return;
  }
  auto jobs = node.value_exact<int64_t>();
  if (jobs && *jobs >= 1 && *jobs <= std::numeric_limits<int>::max()) {
    config->jobs = static_cast<int>(*jobs);
    return;
  }
  checker.Error(LineOf(node), fmt::format("{} must be a positive integer or \"auto\", not {}",
                                          checker.Key("jobs"), Described(node)));
}

void ParseAfter(const toml::node& node, const Checker& checker, Config* config) {
  auto entry = [&](const ConfigPattern& session, const toml::node& value, const std::string& path) {
    if (value.is_string()) {
      if (auto pattern = ParsePattern(value, checker, path))
        config->after.emplace_back(session, std::vector<ConfigPattern>{*pattern});
    } else if (value.is_array()) {
      if (auto patterns = ParsePatternList(value, checker, path))
        config->after.emplace_back(session, *patterns);
    } else {
      checker.Error(LineOf(value),
                    fmt::format("{} must be a session pattern or an array of session "
                                "patterns, not {}",
                                checker.Key(path), TypeName(value.type())));
    }
  };
  ForEachPatternEntry(node, checker, "after",
                      "session patterns, each to the sessions it must follow "
                      "(after = { coverage = [\"tests*\"] })",
                      entry);
}

/// A key whose value is an array of session patterns.
std::optional<std::vector<ConfigPattern>> PatternArray(const toml::node& node,
                                                       const Checker& checker, const char* key,
                                                       const char* example) {
  if (!node.is_array()) {
    checker.Error(LineOf(node), fmt::format("{} must be an array of session patterns, like "
                                            "{} = [{}], not {}",
                                            checker.Key(key), key, example, TypeName(node.type())));
    return std::nullopt;
  }
  return ParsePatternList(node, checker, key);
}

void ParseExclusive(const toml::node& node, const Checker& checker, Config* config) {
  if (auto patterns = PatternArray(node, checker, "exclusive", "\"docs\""))
    config->exclusive = *patterns;
}

void ParseIndependent(const toml::node& node, const Checker& checker, Config* config) {
  if (auto patterns = PatternArray(node, checker, "independent", "\"lint\", \"typecheck\""))
    config->independent = *patterns;
}

void ParseCpus(const toml::node& node, const Checker& checker, Config* config) {
  auto entry = [&](const ConfigPattern& session, const toml::node& value, const std::string& path) {
    auto cpus = value.value_exact<int64_t>();
    if (cpus && *cpus >= 1 && *cpus <= std::numeric_limits<int>::max()) {
      config->cpus.emplace_back(session, static_cast<int>(*cpus));
      return;
    }
    checker.Error(LineOf(value), fmt::format("{} must be a positive integer (worker slots), "
                                             "not {}",
                                             checker.Key(path), Described(value)));
  };
  ForEachPatternEntry(node, checker, "cpus",
                      "session patterns to worker slots (cpus = { \"tests*\" = 2 })", entry);
}

/// A timeout given as a TOML number of seconds.
std::optional<std::chrono::milliseconds> SecondsToDuration(const toml::node& node) {
  double seconds;
  if (auto i = node.value_exact<int64_t>())
    seconds = static_cast<double>(*i);
  else if (auto f = node.value_exact<double>())
    seconds = *f;
  else
    return std::nullopt;
  // A year is far beyond any real session and keeps the arithmetic clear of overflow.
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 366.0 * 24 * 3600) return std::nullopt;
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

void ParseTimeout(const toml::node& node, const Checker& checker, Config* config) {
  auto entry = [&](const ConfigPattern& session, const toml::node& value, const std::string& path) {
    std::optional<std::chrono::milliseconds> limit;
    if (auto text = value.value_exact<std::string>())
      limit = ParseDuration(*text);
    else
      limit = SecondsToDuration(value);
    if (!limit) {
      checker.Error(LineOf(value),
                    fmt::format("{} must be a duration like {}, not {}", checker.Key(path),
                                kDurationExamples, Described(value)));
    } else if (limit->count() <= 0) {
      checker.Error(LineOf(value), fmt::format("{} must be longer than zero; remove it for no "
                                               "limit",
                                               checker.Key(path)));
    } else {
      config->timeout.emplace_back(session, *limit);
    }
  };
  ForEachPatternEntry(node, checker, "timeout",
                      "session patterns to durations (timeout = { \"tests*\" = \"15m\" })", entry);
}

void ParseIgnore(const toml::node& node, const Checker& checker, Config* config) {
  const toml::array* array = node.as_array();
  if (!array) {
    checker.Error(LineOf(node), fmt::format("{} must be an array of path globs, like "
                                            "ignore = [\"build/**\"], not {}",
                                            checker.Key("ignore"), TypeName(node.type())));
    return;
  }
  for (const toml::node& element : *array) {
    if (auto glob = element.value_exact<std::string>())
      config->ignore.push_back(*glob);
    else
      checker.Error(LineOf(element), fmt::format("{} must hold path globs (strings), not {}",
                                                 checker.Key("ignore"), TypeName(element.type())));
  }
}

/// A path glob a session leaves for later sessions: relative to the project, inside it.
bool IsProjectGlob(const std::string& glob) {
  if (glob.empty() || glob.front() == '/') return false;
  size_t start = 0;
  while (start <= glob.size()) {
    size_t end = std::min(glob.find('/', start), glob.size());
    if (glob.compare(start, end - start, "..") == 0) return false;
    start = end + 1;
  }
  return true;
}

void ParseArtifacts(const toml::node& node, const Checker& checker, Config* config) {
  auto entry = [&](const ConfigPattern& session, const toml::node& value, const std::string& path) {
    const toml::array* array = value.as_array();
    std::vector<std::string> globs;
    for (size_t i = 0; array && i < array->size(); ++i) {
      auto glob = (*array)[i].value_exact<std::string>();
      if (glob && IsProjectGlob(*glob)) {
        globs.push_back(*glob);
        continue;
      }
      checker.Error(LineOf((*array)[i]),
                    fmt::format("{} must hold path globs relative to the project and inside "
                                "it, like \".coverage.*\", not {}",
                                checker.Key(path), Described((*array)[i])));
    }
    if (!array)
      checker.Error(LineOf(value), fmt::format("{} must be an array of path globs, like "
                                               "[\".coverage.*\"], not {}",
                                               checker.Key(path), TypeName(value.type())));
    else if (globs.size() == array->size())
      config->artifacts.emplace_back(session, std::move(globs));
  };
  ForEachPatternEntry(node, checker, "artifacts",
                      "session patterns to the path globs they leave for later sessions "
                      "(artifacts = { \"tests*\" = [\".coverage.*\"] })",
                      entry);
}

using KeyParser = void (*)(const toml::node&, const Checker&, Config*);

KeyParser ParserFor(std::string_view key) {
  if (key == "jobs") return ParseJobs;
  if (key == "after") return ParseAfter;
  if (key == "exclusive") return ParseExclusive;
  if (key == "independent") return ParseIndependent;
  if (key == "cpus") return ParseCpus;
  if (key == "timeout") return ParseTimeout;
  if (key == "ignore") return ParseIgnore;
  if (key == "artifacts") return ParseArtifacts;
  return nullptr;
}

void ReportUnknownKey(const toml::key& key, const Checker& checker) {
  const std::string& where = checker.table.empty() ? checker.file : checker.table;
  std::string advice = "known keys";
  if (auto closest = ClosestSpelling(key.str(), {std::begin(kKnownKeys), std::end(kKnownKeys)}))
    advice = fmt::format("did you mean '{}'? Known keys", *closest);
  checker.Error(LineOf(key), fmt::format("unknown key '{}' in {}; {}: {}", key.str(), where, advice,
                                         fmt::join(kKnownKeys, ", ")));
}

void ParseTable(const toml::table& table, const Checker& checker, Config* config) {
  for (auto [key, value] : InFileOrder(table)) {
    if (KeyParser parse = ParserFor(key->str()))
      parse(*value, checker, config);
    else
      ReportUnknownKey(*key, checker);
  }
}

/// The [tool.parnox] table of a pyproject.toml, or null when the project has none.
const toml::table* ToolTable(const toml::table& root, const Checker& checker) {
  const toml::table* tool = root.get_as<toml::table>("tool");
  const toml::node* parnox = tool ? tool->get("parnox") : nullptr;
  if (!parnox) return nullptr;
  if (!parnox->is_table())
    checker.Error(LineOf(*parnox), fmt::format("[tool.parnox] must be a table, not {}; write "
                                               "its keys under a [tool.parnox] header",
                                               TypeName(parnox->type())));
  return parnox->as_table();
}

/// Reads a whole file. A missing file is not an error (the caller decides); anything else
/// that stops the read is.
std::optional<std::string> ReadConfigFile(const std::string& path, bool* missing,
                                          std::vector<std::string>* errors) {
  *missing = false;
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  std::string text;
  if (file) {
    char buffer[8192];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) text.append(buffer, n);
    if (!std::ferror(file.get())) return text;
  } else if (errno == ENOENT) {
    *missing = true;
    return std::nullopt;
  }
  errors->push_back(fmt::format("{}: cannot read it: {}; check that it is a readable file", path,
                                std::strerror(errno)));
  return std::nullopt;
}

std::string JoinPath(const std::string& dir, std::string_view name) {
  if (dir.empty() || dir == ".") return std::string(name);
  if (dir.back() == '/') return dir + std::string(name);
  return fmt::format("{}/{}", dir, name);
}

}  // namespace

bool PatternMatches(const std::string& glob, const std::string& name,
                    const std::vector<std::string>& signatures) {
  if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
  return std::any_of(signatures.begin(), signatures.end(), [&](const std::string& signature) {
    return fnmatch(glob.c_str(), signature.c_str(), 0) == 0;
  });
}

std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  // Units in the order they may appear; each at most once, largest first, as "1h30m".
  constexpr std::pair<std::string_view, int64_t> kUnits[] = {
      {"h", 3600 * 1000}, {"ms", 1}, {"m", 60 * 1000}, {"s", 1000}};
  constexpr int kRank[] = {0, 3, 1, 2};  // h, ms, m, s: the order units must come in
  std::string_view rest = text;
  int64_t total = 0;
  int last_rank = -1;
  if (rest.empty()) return std::nullopt;
  while (!rest.empty()) {
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    if (digits == 0 || digits > 9) return std::nullopt;
    int64_t amount = std::stoll(std::string(rest.substr(0, digits)));
    rest.remove_prefix(digits);
    int unit = 0;
    while (unit < 4 && !rest.starts_with(kUnits[unit].first)) ++unit;
    if (unit == 4 || kRank[unit] <= last_rank) return std::nullopt;
    last_rank = kRank[unit];
    rest.remove_prefix(kUnits[unit].first.size());
    total += amount * kUnits[unit].second;  // at most 9 digits of hours: no overflow
  }
  return std::chrono::milliseconds(total);
}

Config ParseConfig(const std::string& text, const std::string& file, bool tool_table,
                   std::vector<std::string>* errors) {
  Checker checker{file, tool_table ? "[tool.parnox]" : "", errors};
  Config config;
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    checker.Error(static_cast<int>(error.source().begin.line),
                  fmt::format("TOML syntax error: {}; fix the file's syntax", error.description()));
    return config;
  }
  const toml::table* table = tool_table ? ToolTable(root, checker) : &root;
  if (!table) return config;
  config.file = file;
  ParseTable(*table, checker, &config);
  return config;
}

Config LoadConfig(const std::string& project_dir, std::vector<std::string>* errors) {
  // parnox.toml wins when both files exist: a project that keeps a separate file for parnox
  // means it, and reading both would leave two places to look for one setting.
  for (auto [name, tool_table] : {std::pair{"parnox.toml", false}, {"pyproject.toml", true}}) {
    std::string path = JoinPath(project_dir, name);
    bool missing = false;
    std::optional<std::string> text = ReadConfigFile(path, &missing, errors);
    if (missing) continue;
    if (!text) return Config{};
    return ParseConfig(*text, path, tool_table, errors);
  }
  return Config{};
}
