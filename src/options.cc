#include "options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <limits>
#include <string_view>

#include "config.h"
#include "exit_status.h"
#include "leftover_args.h"
#include "util.h"

namespace {
/// `text` broken into lines of at most `width` columns, between words.
std::string Wrap(std::string_view text, size_t width) {
  std::string wrapped;
  size_t line = 0;
  while (!text.empty()) {
    size_t end = text.find(' ');
    std::string_view word = text.substr(0, end);
    if (line > 0 && line + 1 + word.size() > width) wrapped += '\n', line = 0;
    if (line > 0) wrapped += ' ', ++line;
    wrapped += word, line += word.size();
    text = end == std::string_view::npos ? "" : text.substr(end + 1);
  }
  return wrapped;
}

/// CLI11's help laid out as parnox's: the usage as written, the commands before the options,
/// descriptions wrapped to fit 100 columns.
class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(std::string usage) : usage_(std::move(usage)) { column_width(kColumn); }
  std::string make_usage(const CLI::App*, std::string) const override {
    return "Usage: " + usage_ + "\n";
  }
  std::string make_option_desc(const CLI::Option* option) const override {
    return Wrap(option->get_description(), 100 - kColumn);
  }
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
    std::string help = make_description(app) + make_usage(app, name) + make_subcommands(app, mode) +
                       make_positionals(app) + make_groups(app, mode) + "\n" + make_footer(app);
    for (size_t blank; (blank = help.find("\n\n\n")) != std::string::npos;) help.erase(blank, 1);
    return help;
  }

 private:
  static constexpr size_t kColumn = 32;
  std::string usage_;
};

/// Gives `app` its usage line, and --help (with --version where asked) last, under "Other".
void FinishHelp(CLI::App& app, std::string usage, bool version = false) {
  app.formatter(std::make_shared<HelpFormatter>(std::move(usage)));
  app.set_help_flag("-h,--help", "Print this help and exit")->group("Other");
  if (version)
    app.set_version_flag("--version", PARNOX_VERSION, "Print parnox's version and exit")
        ->group("Other");
}

constexpr const char* kSelectionGroup = "Selection (nox's own: nox decides what runs)";
constexpr const char* kStageGroup = "One stage of a CI matrix (see parnox matrix --help)";

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
  std::string runner_cpus = "2";
  std::optional<std::string> shard;
  bool no_trace = false;
};

/// What every command that asks nox for the sessions takes: how to run nox, which
/// noxfile, and the selection.
void AddSelectionOptions(CLI::App& app, Options& options, Selection& selection) {
  app.allow_extras();
  app.positionals_at_end(false);
  app.option_defaults()->group(kSelectionGroup);
  app.add_option("-s,-e,--sessions", selection.sessions, "Sessions to run, as nox -s")
      ->expected(0, -1)
      ->allow_extra_args()
      ->type_name("SESSION");
  app.add_option("-t,--tags", selection.tags, "Sessions with these tags, as nox -t")
      ->expected(0, -1)
      ->allow_extra_args()
      ->type_name("TAG");
  app.add_option("-k,--keywords", selection.keywords,
                 "Sessions matching this expression, as nox -k")
      ->type_name("EXPR");
  app.add_option("-p,--python", selection.pythons, "Sessions for these Pythons, as nox -p")
      ->expected(0, -1)
      ->allow_extra_args()
      ->type_name("PYTHON");
  app.add_option("-f,--noxfile", options.noxfile, "The noxfile (default ./noxfile.py)")
      ->type_name("FILE");
  app.add_option("--nox", options.nox,
                 "How to run nox (e.g. 'python3 -m nox'); default: $PARNOX_NOX, nox on PATH, "
                 "a python3 that can import nox")
      ->type_name("CMD");
}

/// How a CI job is planned: `parnox matrix`, and `run --shard K/N`, which plans the same.
void AddJobPlanning(CLI::App& app, Typed& typed) {
  app.add_option("--job-overhead", typed.job_overhead,
                 "What a CI job costs before its first session starts (default 30s)")
      ->type_name("DURATION");
  app.add_option("--runner-cpus", typed.runner_cpus,
                 "Cores of each CI job's runner, which runs its sessions in parallel (default 2)")
      ->type_name("N");
}

/// `run --shard`: one stage of a matrix on this machine.
void AddShardOptions(CLI::App& app, Options& options, Typed& typed) {
  app.option_defaults()->group(kStageGroup);
  app.add_option("--shard", typed.shard,
                 "Run stage K of N (or final/N) of the split parnox matrix makes; with "
                 "--from-matrix, K or final")
      ->type_name("K/N");
  app.add_option("--from-matrix", options.from_matrix,
                 "Take the stages from the plan `parnox matrix --format json` wrote ('-': stdin)")
      ->type_name("FILE");
  AddJobPlanning(app, typed);
}

/// -j, which run uses for its workers and audit for the savings it names. nox's own
/// `--parallel` means the same, so a nox user's habit works.
void AddJobs(CLI::App& app, Typed& typed, const char* what) {
  app.add_option("-j,--jobs,--parallel", typed.jobs, what)->type_name("N|auto");
}

/// --output, the same for run and audit.
void AddOutput(CLI::App& app, Typed& typed, const char* what) {
  app.add_option("--output", typed.output, what)->type_name("board|blocks|stream|quiet");
}

/// Everything `parnox run` takes (the top level takes the same: run is the default).
void AddRunOptions(CLI::App& app, Options& options, Typed& typed, Selection& selection) {
  AddSelectionOptions(app, options, selection);
  app.option_defaults()->group("Running");
  AddJobs(app, typed,
          "Worker slots; auto (the default, unless [tool.parnox] jobs says otherwise) is the "
          "CPUs this process may use");
  app.add_flag("-x,--stop-on-first-error", options.stop_on_first_error,
               "Start no new session after a failure");
  app.add_flag("--fail-fast", options.fail_fast, "After a failure, also end the sessions running");
  app.add_flag("--no-trace", typed.no_trace,
               "Run untraced: nothing guards sessions side by side against conflicts");
  app.option_defaults()->group("Output and reports");
  AddOutput(app, typed,
            "Default: the live board on a terminal, blocks (each session's output when it ends) "
            "elsewhere; stream prints lines as they come, quiet only the table");
  app.add_option("--heartbeat", typed.heartbeat,
                 "In blocks output, say what still runs after this long in silence (default 60s)")
      ->type_name("DURATION");
  app.add_option("--report", options.reports.report,
                 "Write nox's --report JSON, with each session's start, end, worker and log")
      ->type_name("FILE");
  app.add_option("--junit", options.reports.junit, "Write JUnit XML, one testcase per session")
      ->type_name("FILE");
  app.add_option("--timeline", options.reports.timeline,
                 "Write Chrome trace-event JSON (Perfetto, chrome://tracing)")
      ->type_name("FILE");
  app.add_option("--html", options.reports.html,
                 "Write one self-contained page: a Gantt chart, the table, every log")
      ->type_name("FILE");
  AddShardOptions(app, options, typed);
}

void AddListOptions(CLI::App& list, Options& options, Selection& selection) {
  AddSelectionOptions(list, options, selection);
  list.option_defaults()->group("Output");
  list.add_flag("--json", options.json, "Print it as JSON");
}

void AddAuditOptions(CLI::App& audit, Options& options, Typed& typed, Selection& selection) {
  AddSelectionOptions(audit, options, selection);
  audit.option_defaults()->group("Output");
  audit.add_flag("--json", options.json, "Print the classification as JSON");
  audit.add_option("--markdown", options.markdown, "Also write the audit as Markdown to FILE")
      ->type_name("FILE");
  AddOutput(audit, typed, "How the sessions' progress shows on stderr, as run's --output");
  audit.option_defaults()->group("Advice");
  AddJobs(
      audit, typed,
      "Worker slots the savings of a fix it names are counted for, as run's -j (default: as run)");
}

void AddMatrixOptions(CLI::App& matrix, Options& options, Typed& typed, Selection& selection) {
  AddSelectionOptions(matrix, options, selection);
  matrix.option_defaults()->group("Planning");
  matrix
      .add_option("--shards", typed.shards,
                  "How many CI jobs; auto (the default): as many as still pay for their "
                  "start-up")
      ->type_name("N|auto");
  matrix
      .add_option("--format", typed.format,
                  "json: the plan; github: $GITHUB_OUTPUT lines for a job matrix; gitlab: a "
                  "child pipeline (default json)")
      ->type_name("json|github|gitlab");
  AddJobPlanning(matrix, typed);
}

void AddMergeOptions(CLI::App& merge, Options& options) {
  merge.allow_extras();  // said by CheckLeftovers, as every command's
  merge.option_defaults()->group("Options");
  merge.add_option("FILE", options.duration_files, "Durations files to fold in")
      ->required()
      ->option_text("...");
  merge
      .add_option("-f,--noxfile", options.noxfile,
                  "The noxfile whose .parnox/ to update (default ./noxfile.py)")
      ->type_name("FILE");
  merge.footer(
      "Per session, the entry from more runs wins.\n"
      "Exit codes: 0 merged, 2 a file is missing or not a durations file (nothing is written\n"
      "then).");
}
/// The words that install each shell's completion, and how its session names are kept.
constexpr const char* kCompletionFooter =
    "Install it:\n"
    "  bash: source <(parnox completion bash)           (in ~/.bashrc)\n"
    "  zsh:  parnox completion zsh > \"${fpath[1]}/_parnox\"   (or, after compinit:\n"
    "        eval \"$(parnox completion zsh)\" in ~/.zshrc)\n"
    "  fish: parnox completion fish > ~/.config/fish/completions/parnox.fish\n"
    "Session names after -s come from .parnox/completion.json beside the noxfile: nox is\n"
    "asked once (5 s at most) and again only when the noxfile's size or time changes.\n"
    "Exit codes: 0 printed, 2 bad usage.";

/// `parnox completion SHELL`: the shell's name, checked by CheckShell so that a wrong or
/// missing one is said in parnox's words.
void AddCompletionOptions(CLI::App& completion, std::vector<std::string>& shells) {
  completion.allow_extras();  // said by Leftovers, as every command's
  completion.option_defaults()->group("Options");
  completion.add_option("SHELL", shells, "The shell to print the completion script for")
      ->type_name("bash|zsh|fish");
  completion.footer(kCompletionFooter);
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

/// `parnox completion`'s one shell name; returns what is wrong, with the fix.
std::string CheckShell(const std::vector<std::string>& shells, Shell* shell) {
  if (shells.empty())
    return "completion needs the shell to complete for: parnox completion bash, zsh or fish";
  std::optional<Shell> chosen =
      Choose(shells[0], {"bash", "zsh", "fish"}, {Shell::kBash, Shell::kZsh, Shell::kFish});
  if (!chosen) return fmt::format("completion takes bash, zsh or fish, not '{}'", shells[0]);
  if (shells.size() > 1)
    return fmt::format("completion takes one shell, not also '{}': parnox completion {}", shells[1],
                       shells[0]);
  *shell = *chosen;
  return "";
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
  std::optional<int> cpus = ParseCount(typed.runner_cpus, 4096);
  if (!cpus || *cpus == 0)
    return fmt::format("--runner-cpus takes a number from 1 to 4096, not '{}'", typed.runner_cpus);
  options->runner_cpus = *cpus;
  options->trace = !typed.no_trace;
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

/// CLI11's complaint in parnox's words.
std::string ParseErrorMessage(const CLI::ParseError& e, const CLI::App& merge) {
  std::string what = e.what();
  if (merge.parsed() && dynamic_cast<const CLI::RequiredError*>(&e))
    return "merge-durations needs the durations files to fold in: parnox merge-durations FILE...";
  // "--report: 1 required FILE missing"
  if (size_t colon = what.find(": 1 required ");
      colon != std::string::npos && dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    std::string type = what.substr(colon + 13);
    type = type.substr(0, type.rfind(" missing"));
    return fmt::format("{} needs a value ({})", what.substr(0, colon), type);
  }
  return what.substr(0, what.find('\n'));
}
}  // namespace

std::vector<std::string> Options::DiscoveryArgs() const {
  std::vector<std::string> args = selection;
  if (noxfile) args.insert(args.end(), {"--noxfile", *noxfile});
  args.insert(args.end(), nox_options.begin(), nox_options.end());
  return args;
}

struct CommandLine::Parts {
  Options options;
  Typed typed;
  Selection top_selection, run_selection, list_selection, audit_selection, matrix_selection;
  std::vector<std::string> shells;  ///< completion SHELL, checked by CheckShell
  CLI::App app{"parnox: run a project's nox sessions in parallel, safely", "parnox"};
  CLI::App *run, *list, *audit, *matrix, *merge, *completion;

  std::vector<CLI::App*> Commands() const { return {run, list, audit, matrix, merge, completion}; }
};

CommandLine::CommandLine() : parts_(std::make_unique<Parts>()) {
  Parts& p = *parts_;
  CLI::App& app = p.app;
  app.footer(
      "Other nox options (--no-venv, -r, --envdir DIR, ...) are passed on to nox; arguments\n"
      "after `--` are the sessions' posargs.\n"
      "Exit codes: 0 passed, 1 a session failed, 2 bad usage or configuration, 3 unknown\n"
      "session (as nox), 130 interrupted.");
  AddRunOptions(app, p.options, p.typed, p.top_selection);
  p.run = app.add_subcommand("run", "Run the selected sessions in parallel (the default)");
  AddRunOptions(*p.run, p.options, p.typed, p.run_selection);
  p.list = app.add_subcommand("list", "Sessions, selection, the graph with each edge's reason");
  AddListOptions(*p.list, p.options, p.list_selection);
  p.audit = app.add_subcommand("audit", "Trace a sequential run and classify every pair");
  AddAuditOptions(*p.audit, p.options, p.typed, p.audit_selection);
  p.matrix = app.add_subcommand("matrix", "Split the selected sessions into balanced CI jobs");
  AddMatrixOptions(*p.matrix, p.options, p.typed, p.matrix_selection);
  p.merge = app.add_subcommand("merge-durations",
                               "Fold CI jobs' .parnox/durations.json into this project's");
  AddMergeOptions(*p.merge, p.options);
  p.completion = app.add_subcommand("completion", "Print a bash, zsh or fish completion script");
  AddCompletionOptions(*p.completion, p.shells);
  for (CLI::App* command : p.Commands()) command->group("Commands");
  for (CLI::App* command : {p.list, p.matrix})
    command->footer(
        "Other nox options (--no-venv, -r, --envdir DIR, ...) are passed on to nox.\n"
        "Exit codes: 0 done, 2 bad usage or configuration, 3 unknown session (as nox).");
  app.require_subcommand(0, 1);
  FinishHelp(app,
             "parnox [run] [OPTIONS] [NOX OPTIONS] [-- POSARGS]\n"
             "       parnox COMMAND [OPTIONS]      (parnox COMMAND --help: its options)",
             true);
  FinishHelp(*p.run, "parnox run [OPTIONS] [NOX OPTIONS] [-- POSARGS]", true);
  FinishHelp(*p.list, "parnox list [OPTIONS] [NOX OPTIONS]");
  FinishHelp(*p.audit, "parnox audit [OPTIONS] [NOX OPTIONS] [-- POSARGS]");
  FinishHelp(*p.matrix, "parnox matrix [OPTIONS] [NOX OPTIONS]");
  FinishHelp(*p.merge, "parnox merge-durations FILE... [-f FILE]");
  FinishHelp(*p.completion, "parnox completion bash|zsh|fish");
}

CommandLine::~CommandLine() = default;

const CLI::App& CommandLine::top() const { return parts_->app; }

std::vector<const CLI::App*> CommandLine::commands() const {
  std::vector<CLI::App*> commands = parts_->Commands();
  return {commands.begin(), commands.end()};
}

namespace {

/// The command CLI11 saw, the top level standing for run.
Command UsedCommand(CommandLine::Parts& p, CLI::App** used) {
  *used = &p.app;
  for (CLI::App* command : p.Commands())
    if (command->parsed()) *used = command;
  return *used == p.list         ? Command::kList
         : *used == p.audit      ? Command::kAudit
         : *used == p.matrix     ? Command::kMatrix
         : *used == p.merge      ? Command::kMergeDurations
         : *used == p.completion ? Command::kCompletion
                                 : Command::kRun;
}

/// The selection and nox's options, those typed before the command first.
void CollectNoxArgs(CommandLine::Parts& p, CLI::App& used, Options* options) {
  CLI::App& app = p.app;
  if (!RunsNox(used)) return;  // CheckTakenBefore refused any typed before the command
  options->selection = SelectionArgs(p.top_selection, app);
  const Selection& selection = &used == p.list     ? p.list_selection
                               : &used == p.audit  ? p.audit_selection
                               : &used == p.matrix ? p.matrix_selection
                                                   : p.run_selection;
  if (&used != &app) {
    std::vector<std::string> more = SelectionArgs(selection, used);
    options->selection.insert(options->selection.end(), more.begin(), more.end());
  }
  options->nox_options = app.remaining();
  if (&used != &app) {
    std::vector<std::string> after = used.remaining();
    options->nox_options.insert(options->nox_options.end(), after.begin(), after.end());
  }
}

}  // namespace

std::optional<Options> ParseOptions(int argc, char** argv, int* exit_code) {
  CommandLine command_line;
  CommandLine::Parts& p = command_line.parts();
  Options& options = p.options;
  // Everything after `--` is nox's posargs, untouched.
  std::vector<std::string> args(argv + 1, argv + argc);
  auto dashdash = std::find(args.begin(), args.end(), "--");
  if (dashdash != args.end()) {
    options.posargs.emplace(dashdash + 1, args.end());
    args.erase(dashdash, args.end());
  }
  SpellOutNoxTwoLetterOptions(args);

  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  try {
    p.app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      *exit_code = p.app.exit(e);
      return std::nullopt;
    }
    *exit_code = Fail(kExitUsage, ParseErrorMessage(e, *p.merge));
    return std::nullopt;
  }
  CLI::App* used = nullptr;
  options.command = UsedCommand(p, &used);

  // What CLI11 did not take is nox's, or a typo, said before anything runs.
  std::vector<CLI::App*> commands = p.Commands();
  Leftovers leftovers(p.app, {commands.begin(), commands.end()});
  std::string error;
  if (used != &p.app) {
    error = leftovers.CheckTakenBefore(*used);
    if (error.empty()) error = leftovers.Check(p.app.remaining(), *used, true);
  }
  if (error.empty()) error = leftovers.Check(used->remaining(), *used, false);
  if (error.empty() && used == p.completion) error = CheckShell(p.shells, &options.shell);
  if (!error.empty()) {
    *exit_code = Fail(kExitUsage, error);
    return std::nullopt;
  }

  CollectNoxArgs(p, *used, &options);
  error = Check(p.typed, &options);
  if (!error.empty()) {
    *exit_code = Fail(kExitUsage, error);
    return std::nullopt;
  }
  return std::move(options);
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
