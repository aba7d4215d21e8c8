// parnox: runs a project's nox sessions in parallel, ordered so that the run ends as the
// sequential `nox` run would. RealMain() reads as the pipeline of DESIGN.md's parts: each step
// is a named function, and everything the user can get wrong is said before a session runs.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "audit_command.h"
#include "completion_main.h"
#include "completion_scripts.h"
#include "config.h"
#include "config_patterns.h"
#include "cpu_count.h"
#include "crash_report.h"
#include "discovery.h"
#include "disk.h"
#include "environment.h"
#include "exit_status.h"
#include "graph.h"
#include "invocation.h"
#include "learned_edges.h"
#include "listing.h"
#include "matrix_command.h"
#include "nox_helper_file.h"
#include "nox_locator.h"
#include "options.h"
#include "reap_main.h"
#include "run_command.h"
#include "run_lock.h"
#include "state_dir.h"
#include "subprocess.h"
#include "tracer.h"
#include "util.h"

namespace {

/// The directory nox will make the project's root: the noxfile's, symbolic links resolved
/// (nox's load_nox_module does the same).
std::string ProjectDirOf(const std::string& noxfile) {
  std::error_code ec;
  std::filesystem::path path = std::filesystem::weakly_canonical(noxfile, ec);
  if (ec) path = std::filesystem::absolute(noxfile);
  return path.parent_path().string();
}

/// The project's `[tool.parnox]`; its problems are kept, to be said with the graph's.
Config ReadConfig(const std::string& project_dir, std::vector<std::string>* errors) {
  return LoadConfig(DisplayPath(project_dir), errors);
}

/// The arguments that make nox select the sessions: the user's selection, or a matrix
/// plan's stage by name.
std::vector<std::string> SelectionFor(const Options& options, const StageChoice& stage) {
  if (!stage.planned) return options.DiscoveryArgs();
  std::vector<std::string> args = {"--sessions"};
  args.insert(args.end(), stage.planned->begin(), stage.planned->end());
  std::vector<std::string> rest = options.DiscoveryArgs();
  args.insert(args.end(), rest.begin(), rest.end());
  return args;
}

/// Asks the project's nox for its sessions and the selection; nullopt (and the exit code)
/// when nox refused, its own message already said.
std::optional<Project> AskNox(const Options& options, const NoxCommand& nox,
                              const StageChoice& stage, int* exit_code) {
  auto discovered = Discover(nox, SelectionFor(options, stage));
  if (auto* project = std::get_if<Project>(&discovered)) return std::move(*project);
  const DiscoveryFailure& failure = std::get<DiscoveryFailure>(discovered);
  if (stage.planned && failure.exit_code == kExitUnknownSession)
    *exit_code = Fail(failure.exit_code,
                      fmt::format("{} names sessions this noxfile does not have (nox's message "
                                  "is above): the noxfile changed since the plan was made. "
                                  "Make the plan again with `parnox matrix`.",
                                  PlanName(options)));
  else
    *exit_code = failure.exit_code == 0 ? 0 : Fail(failure.exit_code, failure.message);
  return std::nullopt;
}

/// Orderings learned by earlier traces; an unreadable file is a warning, and then none.
/// An audit learns afresh.
LearnedEdgeStore ReadLearnedEdges(const Invocation& invocation) {
  if (invocation.options.command == Command::kAudit) return LearnedEdgeStore();
  std::string warning;
  StateDir state(invocation.project.root, *invocation.disk);
  LearnedEdgeStore store = state.LoadLearnedEdges(&warning);
  Warn(warning);
  return store;
}

/// `run` and `audit` hold the project, one run at a time, from before they read any state
/// (src/run_lock.h). -1 to go on, else the exit code: an interrupt while waiting for
/// another run ends this one.
int HoldTheProject(const Invocation& invocation, std::optional<RunLock>* lock) {
  Command command = invocation.options.command;
  if (command != Command::kRun && command != Command::kAudit) return -1;
  bool interrupted = false;
  std::string error;
  *lock = RunLock::Take(invocation.project.root, &interrupted, &error);
  if (interrupted) return Fail(kExitInterrupted, "interrupted while waiting for the other run.");
  if (!*lock) Warn(error + "; going on without making sure no other run is in progress.");
  return -1;
}

/// Says every problem of the configuration and the graph, and gives the exit code for them.
int ConfigurationFails(const std::vector<std::string>& errors) {
  for (const std::string& e : errors) fmt::print(stderr, "parnox: error: {}\n", e);
  return kExitUsage;
}

/// `run --shard`: the graph over this stage's sessions alone, run here; the other stages'
/// sessions run in other jobs and never here through a notify.
int RunStage(const Invocation& invocation, const StageChoice& choice, const Graph& graph) {
  const Options& options = invocation.options;
  std::vector<std::string> stage = StageOrder(invocation, *choice.shard, choice.planned, graph);
  if (stage.empty()) return EmptyStage(options);
  Note(fmt::format("{}: {}", StageName(options), fmt::join(stage, ", ")));
  Graph part;
  std::vector<std::string> errors;
  if (!BuildGraph(invocation.project, invocation.config, stage, &part, &errors,
                  invocation.learned.edges()))
    return ConfigurationFails(errors);
  std::vector<std::string> plan_sessions = choice.plan_sessions;
  if (!choice.planned)
    for (const Node& node : graph.nodes) plan_sessions.push_back(node.session->signature);
  std::vector<std::string> elsewhere;
  for (const std::string& signature : plan_sessions)
    if (part.Find(signature) < 0) elsewhere.push_back(signature);
  return RunSessions(invocation, part, elsewhere);
}

/// `parnox list`: the sessions and the edges between them, on stdout.
int PrintListing(const Invocation& invocation, const Graph& graph) {
  std::string text = invocation.options.json ? RenderListingJson(invocation.project, graph)
                                             : RenderListing(invocation.project, graph);
  std::string error;
  if (!PrintResult(text, &error)) return Fail(kExitUsage, error);
  return kExitSuccess;
}

/// `parnox completion SHELL`: the script, on stdout.
int PrintCompletionScript(Shell shell) {
  std::string error;
  if (!PrintResult(CompletionScript(shell), &error)) return Fail(kExitUsage, error);
  return kExitSuccess;
}

/// The command asked for, over the graph of the selected sessions.
int Dispatch(const Invocation& invocation, const StageChoice& stage, const Graph& graph) {
  const Options& options = invocation.options;
  switch (options.command) {
    case Command::kList: return PrintListing(invocation, graph);
    case Command::kAudit: return AuditSessions(invocation, graph);
    case Command::kMatrix: return PrintMatrix(invocation, graph);
    default:
      return stage.shard ? RunStage(invocation, stage, graph) : RunSessions(invocation, graph);
  }
}

/// parnox from the command line to the exit code; main() only adds a last resort.
int RealMain(int argc, char** argv) {
  // The executor re-runs this binary as each traced session's tracer.
  if (argc > 1 && std::string_view(argv[1]) == "__trace") return TraceMain(argc, argv);
  // ... and as each untraced session's reaper.
  if (argc > 1 && std::string_view(argv[1]) == "__reap") return ReapMain(argc, argv);
  // ... and the completion scripts run it on every Tab.
  if (argc > 1 && std::string_view(argv[1]) == "__complete") return CompleteMain(argc, argv);
  NoteInterrupts();

  // Read the command line: every flag typed and checked before anything runs.
  int exit_code = 0;
  std::optional<Options> options = ParseOptions(argc, argv, &exit_code);
  if (!options) return exit_code;
  if (options->command == Command::kCompletion) return PrintCompletionScript(options->shell);
  RealDisk disk;
  if (options->command == Command::kMergeDurations) return MergeDurations(*options, disk);
  Environment env = Environment::OfProcess();
  Invocation invocation{std::move(*options)};
  invocation.disk = &disk;
  invocation.env = &env;
  Options& settled = invocation.options;

  // Read the stage of a CI matrix this machine runs, from its saved plan.
  StageChoice stage;
  if (int code = ChooseStage(settled, &stage); code >= 0) return code;

  // Find the project's nox.
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(settled.nox, env, &error);
  if (!nox) return Fail(kExitUsage, error);
  invocation.nox = std::move(*nox);
  std::optional<NoxHelperFile> helper = NoxHelperFile::Write(&error);
  if (!helper) return Fail(kExitUsage, error);
  invocation.nox.helper = helper->path();

  // Read [tool.parnox] beside the noxfile.
  std::vector<std::string> errors;
  std::string project_dir = ProjectDirOf(settled.Noxfile());
  invocation.config = ReadConfig(project_dir, &errors);

  // Ask nox for the sessions and the selection, through nox's own loader.
  std::optional<Project> project = AskNox(settled, invocation.nox, stage, &exit_code);
  if (!project) return exit_code;
  invocation.project = std::move(*project);
  if (invocation.project.root != project_dir) {
    errors.clear();
    invocation.config = ReadConfig(invocation.project.root, &errors);
  }
  std::optional<RunLock> lock;
  if (int code = HoldTheProject(invocation, &lock); code >= 0) return code;
  invocation.learned = ReadLearnedEdges(invocation);
  settled.jobs = SettleJobs(settled.jobs_flag, invocation.config.jobs, UsableCpuCount());

  // Build the graph: every ordering with its reason; every configuration problem at once.
  std::vector<std::string> order = settled.command == Command::kList
                                       ? ListingOrder(invocation.project)
                                       : invocation.project.queue;
  // A cycle is said with the table's other problems, so one fix-and-retry round sees all.
  // `parnox list` shows the sessions a mistyped pattern should name: it only warns.
  std::vector<std::string> pattern_errors;
  CheckConfigPatterns(invocation.config, invocation.project, &pattern_errors);
  for (std::string& problem : pattern_errors) {
    if (settled.command == Command::kList)
      Warn(problem);
    else
      errors.push_back(std::move(problem));
  }
  Graph graph;
  if (!BuildGraph(invocation.project, invocation.config, order, &graph, &errors,
                  invocation.learned.edges()) ||
      !errors.empty())
    return ConfigurationFails(errors);

  // Do what was asked, unless an interrupt came while nox listed the sessions.
  if (NotedInterrupt()) return Fail(kExitInterrupted, "interrupted before any session started.");
  return Dispatch(invocation, stage, graph);
}

}  // namespace

int main(int argc, char** argv) {
  // An exception here is a bug (or std::bad_alloc). Caught, it unwinds the stack, and the
  // destructors on the way end the sessions' process groups; std::terminate would leave them
  // running.
  ReportFatalSignals();
  try {
    return RealMain(argc, argv);
  } catch (const std::exception& e) {
    (void)std::fprintf(stderr, "parnox: internal error: %s\n", e.what());
  } catch (...) {
    (void)std::fprintf(stderr, "parnox: internal error: an exception of unknown type\n");
  }
  return kExitUsage;
}
