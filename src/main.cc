// parnox: runs a project's nox sessions in parallel, ordered so that the run ends as the
// sequential `nox` run would. main() reads as the pipeline of DESIGN.md's parts.

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "audit.h"
#include "config.h"
#include "cpu_count.h"
#include "discovery.h"
#include "exit_status.h"
#include "graph.h"
#include "hazards.h"
#include "html_report.h"
#include "junit.h"
#include "learned_edges.h"
#include "line_printer.h"
#include "listing.h"
#include "matrix_command.h"
#include "nox_locator.h"
#include "nox_runner.h"
#include "options.h"
#include "report.h"
#include "scheduler.h"
#include "state.h"
#include "status_printer.h"
#include "step_summary.h"
#include "timeline.h"
#include "tracer.h"
#include "util.h"

namespace {

/// Sessions that ran long enough to say something about their next run are remembered;
/// interrupted or timed-out ones are not, their time says nothing.
void RememberDurations(const Graph& graph, const RunRecord& run, DurationStore& durations) {
  for (size_t n = 0; n < run.results.size(); ++n) {
    const SessionResult& r = run.results[n];
    if (r.started() && (Passed(r.outcome) || r.outcome == Outcome::kFailed))
      durations.Record(graph.Name(static_cast<int>(n)), r.seconds());
  }
}

/// Writes every report asked for; a report that cannot be written is a warning, not a
/// reason to hide the run's verdict.
void WriteReports(const Options& options, const Project& project, const RunRecord& run) {
  const std::pair<const std::optional<std::string>*, std::string (*)(const Project&,
                                                                     const RunRecord&)>
      reports[] = {{&options.report, RenderReport},
                   {&options.junit, RenderJunit},
                   {&options.timeline, RenderTimeline},
                   {&options.html, RenderHtmlReport}};
  std::string error;
  for (const auto& [file, render] : reports)
    if (*file && !WriteFileAtomically(**file, render(project, run), &error))
      Warn(fmt::format("could not write {}: {}", **file, error));
  // GitHub Actions shows this file on the run's page.
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary)
    if (!AppendStepSummary(summary, RenderStepSummary(project, run), &error))
      Warn(fmt::format("could not append to $GITHUB_STEP_SUMMARY ({}): {}", summary, error));
}

/// Estimates that make the scheduler keep nox's order exactly: each session's priority
/// (its longest remaining path) then exceeds that of every session after it.
std::vector<double> NoxOrderEstimates(const Graph& graph) {
  std::vector<double> estimates;
  int count = static_cast<int>(graph.nodes.size());
  for (int n = 0; n < count; ++n) estimates.push_back(std::ldexp(1.0, std::min(count - n, 1000)));
  return estimates;
}

/// Every session's audit from its trace, in nox's order.
std::vector<SessionAudit> AuditRun(const Project& project, const Config& config,
                                   const Graph& graph, const RunRecord& run,
                                   const NoxRunner& runner) {
  IgnoreRules rules = IgnoreRules::Defaults();
  rules.Configure(config.ignore);
  std::vector<SessionAudit> audits;
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    int node = static_cast<int>(n);
    audits.push_back(AuditFromTrace(graph.Name(node), run.results[n].outcome,
                                    runner.TracePath(node), project.root,
                                    graph.nodes[n].session->envdir, rules));
  }
  return audits;
}

/// The tracer for a run: this binary, unless --no-trace or the machine forbids ptrace
/// (then said once, with the fix).
std::optional<std::string> RunTracer(const Options& options, const std::string& state_dir) {
  std::string why, error;
  if (!options.trace) return std::nullopt;
  if (!PtraceAvailable(&why)) {
    Warn(fmt::format("cannot trace the sessions, so conflicts between sessions that run side "
                     "by side go unnoticed; running on the declared and learned orderings "
                     "only. {} (--no-trace silences this)",
                     why));
    return std::nullopt;
  }
  if (!EnsureStateDir(state_dir + "/traces", &error)) {
    Warn(error);
    return std::nullopt;
  }
  return SelfExecutable();
}

/// Adds every conflict the run's traces show (not only the pairs that overlapped this
/// time), so the next run orders them all from the start.
void Learn(const std::string& state_dir, std::vector<SessionAudit> audits) {
  std::string warning, error;
  LearnedEdgeStore store = LearnedEdgeStore::Load(state_dir + "/edges.json", &warning);
  Warn(warning);
  for (LearnedEdge& edge : LearnedEdges(ClassifyPairs(std::move(audits), {})))
    store.Learn(std::move(edge));
  if (!store.Save(&error)) Warn(error);
}

/// Runs `nodes` of `graph` again, one at a time in nox's order, and puts their new results
/// into `run` and their new traces into `audits`.
void Rerun(const Project& project, const Config& config, const Graph& graph,
           const std::vector<int>& nodes, NoxRunSettings settings, LinePrinter& printer,
           const StatusContext& parent, OutputMode mode, RunRecord& run,
           std::vector<SessionAudit>& audits) {
  std::vector<std::string> order, errors;
  for (int n : nodes) order.push_back(graph.Name(n));
  Graph again;
  if (!BuildGraph(project, config, order, &again, &errors)) {
    for (const std::string& e : errors) Warn(e);
    return;
  }
  settings.jobs = 1;
  StatusContext context = parent;
  context.graph = &again;
  context.estimates.assign(again.nodes.size(), 1.0);
  context.remembered.clear();
  context.jobs = 1;
  std::unique_ptr<Status> status = MakeStatusPrinter(mode, context, printer);
  NoxRunner runner(project, again, settings, *status);
  RunRecord record =
      Scheduler(again, NoxOrderEstimates(again), ScheduleOptions{1}, runner, *status).Run();
  status->RunFinished(record);
  std::vector<SessionAudit> fresh = AuditRun(project, config, again, record, runner);
  for (size_t n = 0; n < again.nodes.size(); ++n) {
    int node = graph.Find(again.Name(static_cast<int>(n)));
    run.results[node] = record.results[n];
    audits[node] = std::move(fresh[n]);
  }
  run.end = record.end;
  run.signal = record.signal;
}

/// After a traced parallel run: sessions that ran side by side and conflict may have seen
/// a state sequential nox would never show them. Says so, learns the ordering, and returns
/// the sessions to run again in nox's order (SessionsToRerun); the caller learns the
/// orderings once they have run again.
std::vector<int> CheckOverlaps(const Graph& graph, const std::vector<SessionAudit>& audits,
                               const RunRecord& run) {
  std::vector<Hazard> hazards = FindHazards(audits, run.results);
  if (hazards.empty()) return {};
  for (const Hazard& h : hazards)
    Warn(fmt::format("{} and {} ran side by side but conflict: {}. parnox orders them from "
                     "now on (.parnox/edges.json)",
                     graph.Name(h.first), graph.Name(h.second), DescribeEvidence(h.evidence)));
  std::vector<int> rerun = SessionsToRerun(audits, hazards);
  std::vector<std::string> names;
  for (int n : rerun) names.push_back(graph.Name(n));
  Warn(fmt::format("running again, one at a time in nox's order, so the run ends as "
                   "sequential nox would: {}",
                   fmt::join(names, ", ")));
  return rerun;
}

/// Runs the sessions of `graph`. `elsewhere` names the sessions other CI jobs run (a matrix
/// stage's siblings), which a session here must not run through a notify.
int RunSessions(const Options& options, const NoxCommand& nox, const Project& project,
                const Config& config, const Graph& graph,
                const std::vector<std::string>& elsewhere = {}) {
  std::optional<int> jobs = ResolveJobs(options.jobs, config.jobs, UsableCpuCount());
  if (!jobs)
    return Fail(kExitUsage, fmt::format("-j takes a number of at least 1 or 'auto', not '{}'",
                                        *options.jobs));
  std::optional<std::chrono::milliseconds> heartbeat = ParseDuration(options.heartbeat);
  if (!heartbeat)
    return Fail(kExitUsage, fmt::format("--heartbeat takes a duration such as 60s or 5m, not "
                                        "'{}'",
                                        options.heartbeat));

  // State lives beside the noxfile: remembered durations, and every session's log.
  std::string state_dir = project.root + "/.parnox";
  std::string error;
  if (!EnsureStateDir(state_dir, &error) || !EnsureStateDir(state_dir + "/logs", &error))
    return Fail(kExitUsage, error);
  std::string warning;
  DurationStore durations = DurationStore::Load(state_dir + "/durations.json", &warning);
  Warn(warning);

  // Schedule longest-remaining-path first on the remembered durations.
  std::vector<double> estimates =
      EstimateDurations(graph, [&](const std::string& s) { return durations.Get(s); });
  LinePrinter printer(stdout);
  StatusContext context{&project, &graph, estimates, *jobs, *heartbeat, DetectCiSystem()};
  for (const Node& node : graph.nodes)
    context.remembered.push_back(durations.Get(node.session->signature).has_value());
  OutputMode mode = *ParseOutputMode(options.output);
  std::unique_ptr<Status> status = MakeStatusPrinter(mode, context, printer);
  NoxRunSettings settings{nox,      options.nox_options, options.posargs,
                          state_dir, *jobs,              printer.color()};
  settings.tracer_exe = RunTracer(options, state_dir);
  settings.run_elsewhere = elsewhere;
  ScheduleOptions schedule{*jobs, options.stop_on_first_error, options.fail_fast};
  RunRecord run;
  std::vector<int> rerun;
  std::vector<SessionAudit> audits;
  {
    NoxRunner runner(project, graph, settings, *status);
    run = Scheduler(graph, estimates, schedule, runner, *status).Run();
    status->RunFinished(run);
    // Sessions that overlapped and conflict are run again, in nox's order.
    if (settings.tracer_exe && run.signal == 0 && *jobs > 1) {
      audits = AuditRun(project, config, graph, run, runner);
      rerun = CheckOverlaps(graph, audits, run);
    }
  }  // one process set at a time
  if (!rerun.empty()) {
    Rerun(project, config, graph, rerun, settings, printer, context, mode, run, audits);
    // What the traces show now, the sessions' conflicts in nox's order, is kept for the
    // next run.
    Learn(state_dir, audits);
  }

  // Remember, report, and end with the run's verdict.
  if (run.signal == 0) {
    RememberDurations(graph, run, durations);
    if (!durations.Save(&error)) Warn(error);
  }
  WriteReports(options, project, run);
  if (run.signal) return kExitInterrupted;
  return run.AllPassed() ? kExitSuccess : kExitSessionFailed;
}

/// Replaces what was learned about the audited sessions with this audit's findings.
void StoreLearnedEdges(const std::string& state_dir, const AuditResult& audit) {
  std::string warning, error;
  LearnedEdgeStore store = LearnedEdgeStore::Load(state_dir + "/edges.json", &warning);
  Warn(warning);
  std::vector<std::string> audited;
  for (const SessionAudit& s : audit.sessions)
    if (s.traced) audited.push_back(s.signature);
  store.ForgetPairsAmong(audited);
  for (LearnedEdge& edge : LearnedEdges(audit)) store.Learn(std::move(edge));
  if (!store.Save(&error)) Warn(error);
}

int AuditSessions(const Options& options, const NoxCommand& nox, const Project& project,
                  const Config& config, const Graph& graph) {
  // Only a traced run can say anything.
  std::string why;
  if (!PtraceAvailable(&why))
    return Fail(kExitUsage, fmt::format("parnox audit needs to trace the sessions, and this "
                                        "machine does not allow it: {}",
                                        why));
  std::string state_dir = project.root + "/.parnox";
  std::string error;
  for (const char* sub : {"", "/logs", "/traces"})
    if (!EnsureStateDir(state_dir + sub, &error)) return Fail(kExitUsage, error);

  // Run every session once, one at a time, in nox's order, each under the tracer; progress
  // goes to stderr so that stdout holds the audit alone.
  std::vector<double> estimates = NoxOrderEstimates(graph);
  LinePrinter printer(stderr);
  std::vector<double> shown(graph.nodes.size(), 1.0);  // the status's ETA; nothing known
  StatusContext context{&project, &graph, shown, 1, std::chrono::seconds(60),
                        DetectCiSystem()};
  std::unique_ptr<Status> status =
      MakeStatusPrinter(*ParseOutputMode(options.output), context, printer);
  NoxRunSettings settings{nox, options.nox_options, options.posargs, state_dir, 1,
                          printer.color()};
  settings.tracer_exe = SelfExecutable();
  NoxRunner runner(project, graph, settings, *status);
  RunRecord run = Scheduler(graph, estimates, ScheduleOptions{1}, runner, *status).Run();
  status->RunFinished(run);
  if (run.signal) return kExitInterrupted;

  // Sort each session's accesses, classify every pair, and keep what was learned.
  IgnoreRules rules = IgnoreRules::Defaults();
  rules.Configure(config.ignore);
  AuditResult audit = ClassifyPairs(AuditRun(project, config, graph, run, runner),
                                    rules.patterns());
  StoreLearnedEdges(state_dir, audit);
  std::string text = options.json ? RenderAuditJson(audit) : RenderAuditText(audit);
  std::fputs(text.c_str(), stdout);
  if (options.markdown &&
      !WriteFileAtomically(*options.markdown,
                           RenderAuditMarkdown(audit, DisplayPath(project.noxfile),
                                               project.nox_version),
                           &error))
    Warn(fmt::format("could not write {}: {}", *options.markdown, error));
  return run.AllPassed() ? kExitSuccess : kExitSessionFailed;
}

/// Orderings learned by earlier audits; an unreadable file is a warning, and then none.
std::vector<LearnedEdge> LoadLearnedEdges(const Project& project) {
  std::string warning;
  LearnedEdgeStore store = LearnedEdgeStore::Load(project.root + "/.parnox/edges.json", &warning);
  Warn(warning);
  return store.edges();
}

}  // namespace

int main(int argc, char** argv) {
  // The executor re-runs this binary as each traced session's tracer.
  if (argc > 1 && std::string_view(argv[1]) == "__trace") return TraceMain(argc, argv);

  // Read the command line.
  int exit_code = 0;
  std::optional<Options> options = ParseOptions(argc, argv, &exit_code);
  if (!options) return exit_code;

  if (options->command == Command::kMergeDurations) return MergeDurations(*options);

  // A stage of a matrix: which one, and from a saved plan, its sessions.
  StageChoice stage_choice;
  if (int code = ChooseStage(*options, &stage_choice); code >= 0) return code;
  const std::optional<ShardChoice>& shard = stage_choice.shard;
  const std::optional<std::vector<std::string>>& planned = stage_choice.planned;
  std::vector<std::string>& plan_sessions = stage_choice.plan_sessions;

  // Find the project's nox.
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(options->nox, &error);
  if (!nox) return Fail(kExitUsage, error);

  // Ask it for the sessions and the selection, through nox's own loader.
  std::vector<std::string> discovery_args = options->DiscoveryArgs();
  if (planned) {
    // The plan names the sessions: nox selects them, and reports any it does not know.
    discovery_args = {"--sessions"};
    discovery_args.insert(discovery_args.end(), planned->begin(), planned->end());
    std::vector<std::string> rest = options->DiscoveryArgs();
    discovery_args.insert(discovery_args.end(), rest.begin(), rest.end());
  }
  auto discovered = Discover(*nox, discovery_args);
  if (auto* failure = std::get_if<DiscoveryFailure>(&discovered)) {
    if (planned && failure->exit_code == kExitUnknownSession)
      return Fail(failure->exit_code,
                  fmt::format("{} names sessions this noxfile does not have (nox's message "
                              "is above): the noxfile changed since the plan was made. Make "
                              "the plan again with `parnox matrix`.",
                              PlanName(*options)));
    return failure->exit_code == 0 ? 0 : Fail(failure->exit_code, failure->message);
  }
  const Project& project = std::get<Project>(discovered);
  if (project.nox_has_requires && !project.nox_has_no_dependencies)
    Warn(fmt::format("nox {} has requires= but no --no-dependencies, so each session's nox "
                     "runs its prerequisites again. nox 2026.08.10 or later avoids that.",
                     project.nox_version));

  // Read [tool.parnox], reporting every problem at once.
  std::vector<std::string> errors;
  Config config = LoadConfig(DisplayPath(project.root), &errors);
  if (errors.empty()) {
    // Build the graph: every ordering with its reason, and no cycles.
    std::vector<std::string> order =
        options->command == Command::kList ? ListingOrder(project) : project.queue;
    // Learned orderings matter to runs and listings; an audit learns them afresh.
    std::vector<LearnedEdge> learned;
    if (options->command != Command::kAudit) learned = LoadLearnedEdges(project);
    Graph graph;
    if (BuildGraph(project, config, order, &graph, &errors, learned)) {
      if (options->command == Command::kMatrix)
        return PrintMatrix(*options, project, config, graph, learned);
      if (shard) {
        // This machine runs one stage: the graph over its sessions alone.
        std::optional<std::vector<std::string>> stage =
            StageOrder(*options, *shard, planned, project, config, graph, learned);
        if (!stage) return kExitUsage;
        if (stage->empty()) return EmptyStage(*options);
        Note(fmt::format("{}: {}", StageName(*options), fmt::join(*stage, ", ")));
        Graph part;
        if (!BuildGraph(project, config, *stage, &part, &errors, learned)) {
          for (const std::string& e : errors) fmt::print(stderr, "parnox: error: {}\n", e);
          return kExitUsage;
        }
        // The other stages' sessions run in other jobs: never here through a notify.
        if (!planned)
          for (const Node& node : graph.nodes) plan_sessions.push_back(node.session->signature);
        std::vector<std::string> elsewhere;
        for (const std::string& signature : plan_sessions)
          if (part.Find(signature) < 0) elsewhere.push_back(signature);
        return RunSessions(*options, *nox, project, config, part, elsewhere);
      }
      if (options->command == Command::kList) {
        std::string listing = options->json ? RenderListingJson(project, graph)
                                            : RenderListing(project, graph);
        std::fputs(listing.c_str(), stdout);
        return kExitSuccess;
      }
      if (options->command == Command::kAudit)
        return AuditSessions(*options, *nox, project, config, graph);
      // Run the sessions.
      return RunSessions(*options, *nox, project, config, graph);
    }
  }
  for (const std::string& e : errors) fmt::print(stderr, "parnox: error: {}\n", e);
  return kExitUsage;
}
