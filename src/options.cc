#include "options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <initializer_list>
#include <limits>

#include "config.h"
#include "exit_status.h"
#include "util.h"

namespace {

/// nox's selection options: parnox needs them for discovery, and passes each session its
/// own signature instead.
struct Selection {
  std::vector<std::string> sessions, tags, pythons;
  std::optional<std::string> keywords;
};

/// Values as typed, before they are checked and given their types (Check).
struct Typed {
  std::optional<std::string> jobs;
  std::string output = "auto";
  std::string heartbeat = "60s";
  std::string shards = "auto";
  std::string format = "json";
  std::string job_overhead = "30s";
  std::optional<std::string> shard;
};

/// What every command that asks nox for the sessions takes: how to run nox, which
/// noxfile, and the selection.
void AddSelectionOptions(CLI::App& app, Options& options, Selection& selection) {
  app.allow_extras();
  app.positionals_at_end(false);
  app.add_option("--nox", options.nox, "The command that runs nox (e.g. 'python3 -m nox')")
      ->type_name("CMD");
  app.add_option("-s,-e,--sessions", selection.sessions, "Sessions to run (as nox)")
      ->expected(0, -1)
      ->allow_extra_args();
  app.add_option("-t,--tags", selection.tags, "Only sessions with these tags (as nox)")
      ->expected(0, -1)
      ->allow_extra_args();
  app.add_option("-k,--keywords", selection.keywords, "Only sessions matching this expression")
      ->type_name("EXPR");
  app.add_option("-p,--python", selection.pythons, "Only sessions for these Pythons (as nox)")
      ->expected(0, -1)
      ->allow_extra_args();
  app.add_option("-f,--noxfile", options.noxfile, "The noxfile (default: ./noxfile.py)")
      ->type_name("FILE");
}

/// What `parnox matrix` plans with beside the durations; `run --shard K/N` plans the same.
void AddJobOverhead(CLI::App& app, Options& options, Typed& typed) {
  app.add_option("--job-overhead", typed.job_overhead,
                 "What a CI job costs before its first session starts (default 30s)")
      ->type_name("DURATION");
  app.add_option("--runner-cpus", options.runner_cpus,
                 "Cores of each CI job's runner, which runs its sessions in parallel "
                 "(default 2)")
      ->check(CLI::Range(1, 4096))
      ->type_name("N");
}

/// `run --shard`: one stage of a matrix on this machine.
void AddShardOptions(CLI::App& app, Options& options, Typed& typed) {
  app.add_option("--shard", typed.shard,
                 "Run one stage of `parnox matrix --shards N`: K/N (1-based) or final/N; with "
                 "--from-matrix, K or final")
      ->type_name("K/N");
  app.add_option("--from-matrix", options.from_matrix,
                 "Take the stages from a plan `parnox matrix --format json` wrote ('-': stdin)")
      ->type_name("FILE");
  AddJobOverhead(app, options, typed);
}

void AddRunOptions(CLI::App& app, Options& options, Typed& typed, Selection& selection) {
  AddSelectionOptions(app, options, selection);
  app.add_option("-j,--jobs", typed.jobs,
                 "Worker slots: a number or 'auto' (usable CPUs). Default: [tool.parnox] jobs, "
                 "else auto")
      ->type_name("N|auto");
  app.add_flag("-x,--stop-on-first-error", options.stop_on_first_error,
               "Start no new session after one fails");
  app.add_flag("--fail-fast", options.fail_fast,
               "After a failure, also end the sessions still running");
  app.add_flag("!--no-trace", options.trace,
               "Run the sessions untraced: no check that sessions run side by side conflict");
  app.add_option("--report", options.reports.report, "Write a JSON report (nox's shape) to FILE")
      ->type_name("FILE");
  app.add_option("--junit", options.reports.junit,
                 "Write JUnit XML (one testcase per session) to FILE")
      ->type_name("FILE");
  app.add_option("--timeline", options.reports.timeline,
                 "Write a Chrome trace-event timeline (Perfetto, chrome://tracing) to FILE")
      ->type_name("FILE");
  app.add_option("--html", options.reports.html,
                 "Write a self-contained HTML page of the run to FILE")
      ->type_name("FILE");
  app.add_option("--output", typed.output,
                 "board (live, on a terminal), blocks (each session's output when it ends), "
                 "stream (prefixed lines as they come), quiet (the table only); default auto")
      ->type_name("MODE");
  app.add_option("--heartbeat", typed.heartbeat,
                 "In blocks output, say what still runs after this long without output "
                 "(default 60s)")
      ->type_name("DURATION");
}

/// One of `names` (listed in the order of `values`), or nullopt.
template <class T>
std::optional<T> Choose(const std::string& text, std::initializer_list<const char*> names,
                        std::initializer_list<T> values) {
  auto value = values.begin();
  for (const char* name : names) {
    if (text == name) return *value;
    ++value;
  }
  return std::nullopt;
}

/// `run --shard` and `--from-matrix`, which only make sense together as the plan allows.
std::string CheckStage(const Typed& typed, Options* options) {
  if (options->from_matrix && !typed.shard)
    return "--from-matrix needs --shard K or --shard final: which stage of the plan this "
           "machine runs";
  if (!typed.shard) return "";
  std::string error;
  options->shard = ParseShardChoice(*typed.shard, options->from_matrix.has_value(), &error);
  if (!options->shard) return error;
  if (options->from_matrix && !options->selection.empty())
    return "--from-matrix takes its sessions from the plan; leave out -s, -t, -k and -p (give "
           "them to `parnox matrix` instead)";
  return "";
}

/// Gives `typed`'s values their types in `options`; returns what is wrong, with the fix.
std::string Check(const Typed& typed, Options* options) {
  if (typed.jobs) {
    options->jobs_flag = ParseCount(*typed.jobs, std::numeric_limits<int>::max());
    if (!options->jobs_flag)
      return fmt::format("-j takes a number of at least 1 or 'auto', not '{}'", *typed.jobs);
  }
  using enum OutputMode;
  std::optional<OutputMode> output =
      Choose(typed.output, {"auto", "board", "blocks", "stream", "quiet"},
             {kAuto, kBoard, kBlocks, kStream, kQuiet});
  if (!output)
    return fmt::format("--output takes board, blocks, stream, quiet or auto, not '{}'",
                       typed.output);
  options->output = *output;
  std::optional<std::chrono::milliseconds> heartbeat = ParseDuration(typed.heartbeat);
  if (!heartbeat)
    return fmt::format("--heartbeat takes a duration such as 60s or 5m, not '{}'", typed.heartbeat);
  options->heartbeat = *heartbeat;
  // As `parnox matrix --shards`: GitHub runs at most 256 jobs from one matrix.
  std::optional<int> shards = ParseCount(typed.shards, 256);
  if (!shards)
    return fmt::format(
        "--shards takes a number from 1 to 256 (GitHub's limit per matrix) or "
        "'auto', not '{}'",
        typed.shards);
  if (*shards > 0) options->shards = shards;
  using enum MatrixFormat;
  std::optional<MatrixFormat> format =
      Choose(typed.format, {"json", "github", "gitlab"}, {kJson, kGithub, kGitlab});
  if (!format) return fmt::format("--format takes json, github or gitlab, not '{}'", typed.format);
  options->format = *format;
  std::optional<std::chrono::milliseconds> overhead = ParseDuration(typed.job_overhead);
  if (!overhead)
    return fmt::format("--job-overhead takes a duration such as 30s or 2m, not '{}'",
                       typed.job_overhead);
  options->job_overhead = *overhead;
  return CheckStage(typed, options);
}

std::vector<std::string> SelectionArgs(const Selection& s, CLI::App& app) {
  std::vector<std::string> args;
  auto add = [&](const char* flag, const char* option, const std::vector<std::string>& values) {
    if (app.count(option) == 0) return;
    args.push_back(flag);
    args.insert(args.end(), values.begin(), values.end());
  };
  add("--sessions", "--sessions", s.sessions);
  add("--tags", "--tags", s.tags);
  add("--python", "--python", s.pythons);
  if (s.keywords) args.insert(args.end(), {"--keywords", *s.keywords});
  return args;
}

}  // namespace

std::vector<std::string> Options::DiscoveryArgs() const {
  std::vector<std::string> args = selection;
  if (noxfile) args.insert(args.end(), {"--noxfile", *noxfile});
  args.insert(args.end(), nox_options.begin(), nox_options.end());
  return args;
}

std::optional<Options> ParseOptions(int argc, char** argv, int* exit_code) {
  // Everything after `--` is nox's posargs, untouched.
  std::vector<std::string> args(argv + 1, argv + argc);
  Options options;
  auto dashdash = std::find(args.begin(), args.end(), "--");
  if (dashdash != args.end()) {
    options.posargs.emplace(dashdash + 1, args.end());
    args.erase(dashdash, args.end());
  }

  CLI::App app{"parnox: run a project's nox sessions in parallel, safely", "parnox"};
  app.set_version_flag("--version", PARNOX_VERSION);
  app.footer(
      "Other nox options are passed on to nox. Arguments after `--` are the sessions' posargs.\n"
      "Exit codes: 0 passed, 1 a session failed, 2 bad usage or configuration, 3 unknown "
      "session, 130 interrupted.");
  Typed typed;
  Selection run_selection, list_selection, audit_selection, matrix_selection;
  AddRunOptions(app, options, typed, run_selection);
  AddShardOptions(app, options, typed);
  CLI::App* run = app.add_subcommand("run", "Run the selected sessions in parallel (default)");
  AddRunOptions(*run, options, typed, run_selection);
  AddShardOptions(*run, options, typed);
  CLI::App* list = app.add_subcommand("list", "Show sessions, the selection and the graph");
  AddRunOptions(*list, options, typed, list_selection);
  list->add_flag("--json", options.json, "Print it as JSON");
  CLI::App* audit = app.add_subcommand(
      "audit", "Run the sessions once in nox's order under the tracer; classify every pair");
  AddRunOptions(*audit, options, typed, audit_selection);
  audit->add_flag("--json", options.json, "Print the classification as JSON");
  audit
      ->add_option("--markdown", options.markdown,
                   "Also write the audit as a Markdown document to FILE")
      ->type_name("FILE");
  CLI::App* matrix = app.add_subcommand(
      "matrix", "Split the selected sessions into balanced CI jobs (GitHub, GitLab, JSON)");
  AddSelectionOptions(*matrix, options, matrix_selection);
  matrix
      ->add_option("--shards", typed.shards,
                   "How many jobs: a number, or 'auto' (where one more job would save less "
                   "than its start-up); default auto")
      ->type_name("N|auto");
  matrix
      ->add_option("--format", typed.format,
                   "json (the plan), github ($GITHUB_OUTPUT lines), gitlab (a child "
                   "pipeline); default json")
      ->type_name("FORMAT");
  AddJobOverhead(*matrix, options, typed);
  CLI::App* merge = app.add_subcommand(
      "merge-durations",
      "Fold other runs' durations files (CI jobs' .parnox/durations.json) into this project's");
  merge->add_option("files", options.duration_files, "Durations files to fold in")
      ->required()
      ->type_name("FILE...");
  merge
      ->add_option("-f,--noxfile", options.noxfile,
                   "The noxfile whose .parnox/ to update (default: ./noxfile.py)")
      ->type_name("FILE");
  merge->footer(
      "Per session, the entry from more runs wins. Exit codes: 0 merged, 2 a file is "
      "missing or not a durations file (nothing is written then).");
  app.require_subcommand(0, 1);

  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    *exit_code = app.exit(e);
    if (*exit_code != 0) *exit_code = kExitUsage;
    return std::nullopt;
  }
  CLI::App* used = list->parsed()     ? list
                   : audit->parsed()  ? audit
                   : matrix->parsed() ? matrix
                   : merge->parsed()  ? merge
                   : run->parsed()    ? run
                                      : &app;
  options.command = list->parsed()     ? Command::kList
                    : audit->parsed()  ? Command::kAudit
                    : matrix->parsed() ? Command::kMatrix
                    : merge->parsed()  ? Command::kMergeDurations
                                       : Command::kRun;
  const Selection& selection = used == list     ? list_selection
                               : used == audit  ? audit_selection
                               : used == matrix ? matrix_selection
                                                : run_selection;
  if (used != merge) options.selection = SelectionArgs(selection, *used);
  options.nox_options = used->remaining();
  if (used != &app) {
    std::vector<std::string> before = app.remaining();
    options.nox_options.insert(options.nox_options.begin(), before.begin(), before.end());
  }
  std::string error = Check(typed, &options);
  if (!error.empty()) {
    *exit_code = Fail(kExitUsage, error);
    return std::nullopt;
  }
  return options;
}

std::optional<int> ParseCount(const std::string& text, int at_most) {
  if (text == "auto") return 0;
  int count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc() || end != text.data() + text.size() || count < 1 || count > at_most)
    return std::nullopt;
  return count;
}

int SettleJobs(std::optional<int> flag, std::optional<int> configured, int usable_cpus) {
  int jobs = flag ? *flag : configured.value_or(0);
  return jobs > 0 ? jobs : usable_cpus;
}

std::optional<ShardChoice> ParseShardChoice(const std::string& text, bool from_file,
                                            std::string* error) {
  auto number = [](std::string_view digits) -> std::optional<int> {
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value < 1) return std::nullopt;
    return value;
  };
  std::string_view stage = text, count;
  if (size_t slash = text.find('/'); slash != std::string::npos)
    stage = std::string_view(text).substr(0, slash),
    count = std::string_view(text).substr(slash + 1);
  ShardChoice choice;
  std::optional<int> index = stage == "final" ? std::optional(0) : number(stage);
  if (from_file && index && count.empty() && text.find('/') == std::string::npos) {
    choice.index = *index;
    return choice;
  }
  if (!from_file && index) choice.count = number(count);
  // As `parnox matrix --shards`: GitHub runs at most 256 jobs from one matrix.
  if (!from_file && index && choice.count && *index <= *choice.count && *choice.count <= 256) {
    choice.index = *index;
    return choice;
  }
  *error = from_file ? fmt::format(
                           "--shard with --from-matrix takes a shard number (1, 2, ...) "
                           "or 'final', not '{}'",
                           text)
                     : fmt::format(
                           "--shard takes K/N (shard K of N, 1 <= K <= N <= 256) or "
                           "final/N, not '{}'",
                           text);
  return std::nullopt;
}
