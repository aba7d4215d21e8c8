// `parnox run`: the sessions on every worker, ordered, traced, remembered and reported.

#include "run_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

#include "audit.h"
#include "cpu_count.h"
#include "exit_status.h"
#include "html_report.h"
#include "journal.h"
#include "junit.h"
#include "learned_edges.h"
#include "line_printer.h"
#include "nox_runner.h"
#include "report.h"
#include "run_summary.h"
#include "scheduler.h"
#include "shared_file_advice.h"
#include "state_dir.h"
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
    int node = static_cast<int>(n);
    if (r.started() && (Passed(r.outcome) || r.outcome == Outcome::kFailed))
      durations.Record(graph.Name(node), WorkSeconds(run, node), RanAlone(run, node));
  }
}

/// Writes every report asked for; a report that cannot be written is a warning, not a
/// reason to hide the run's verdict.
void WriteReports(const Invocation& invocation, const RunRecord& run) {
  const Options& options = invocation.options;
  const Project& project = invocation.project;
  Disk& disk = *invocation.disk;
  const ReportFiles& files = options.reports;
  const std::pair<const std::optional<std::string>*,
                  std::string (*)(const Project&, const RunRecord&)>
      reports[] = {{&files.report, RenderReport},
                   {&files.junit, RenderJunit},
                   {&files.timeline, RenderTimeline},
                   {&files.html, RenderHtmlReport}};
  std::string error;
  for (const auto& [file, render] : reports)
    if (*file && !disk.WriteFile(**file, render(project, run), &error))
      Warn(fmt::format("could not write {}: {}", **file, error));
  // GitHub Actions shows this file on the run's page.
  if (const char* summary = invocation.env->Get("GITHUB_STEP_SUMMARY"); summary && *summary)
    if (!AppendStepSummary(summary, RenderStepSummary(project, run), &error))
      Warn(fmt::format("could not append to $GITHUB_STEP_SUMMARY ({}): {}", summary, error));
}

/// The tracer for a run: this binary, unless --no-trace or the machine forbids ptrace
/// (then said once, with the fix).
std::optional<std::string> RunTracer(const Options& options) {
  std::string why;
  if (!options.trace) return std::nullopt;
  if (!PtraceAvailable(&why)) {
    Warn(
        fmt::format("cannot trace the sessions here, so parnox cannot see whether sessions "
                    "that run side by side conflict: only sessions that a trace (parnox audit "
                    "elsewhere, committed in parnox-learned.json) or [tool.parnox] "
                    "independent shows independent run side by side. {} (--no-trace "
                    "silences this)",
                    why));
    return std::nullopt;
  }
  return SelfExecutable();
}

/// Keeps what the run learned for the next one: every conflict it caught as it happened,
/// and every conflicting pair the traces of the sessions' last runs show (not only the
/// pairs that overlapped this time). Pairs of fully traced sessions that no longer
/// conflict lose an old ordering.
LearnedEdgeStore Learn(StateDir& state, const Graph& graph, const RunRecord& run,
                       std::vector<SessionAudit> audits) {
  std::string warning, error;
  LearnedEdgeStore store = state.LoadLearnedEdges(&warning);
  Warn(warning);
  std::vector<std::string> traced;
  for (size_t n = 0; n < audits.size(); ++n) {
    const SessionResult& result = run.results[n];
    // A session parnox ended (--fail-fast, a timeout, an interrupt) is no evidence: what it
    // did on its way out is parnox's doing, not the session's.
    if (!result.started() || result.outcome == Outcome::kInterrupted ||
        result.outcome == Outcome::kTimedOut)
      audits[n].traced = false;
    // What a failed run touched is evidence; what it did not touch is not: it may have
    // stopped before it came to what it shares. Only a whole run drops an old ordering.
    if (audits[n].traced && result.outcome == Outcome::kSuccess)
      traced.push_back(audits[n].signature);
  }
  Provenance from{Provenance::By::kRun, Today()};
  store.Relearn(traced, from);
  std::map<std::pair<std::string, std::string>, LearnedEdge> edges;
  for (LearnedEdge& edge : LearnedEdges(ClassifyPairs(std::move(audits), {}), from))
    edges[{edge.first, edge.second}] = std::move(edge);
  // A conflict caught as it happened stands, whatever the sessions' full traces say: a
  // lister that found nothing to use shows no use in its trace.
  for (const ConflictRecord& c : run.conflicts) {
    if (c.suspected && run.results[c.affected].outcome != Outcome::kSuccess) continue;
    LearnedEdge& edge = edges[{graph.Name(c.first), graph.Name(c.second)}];
    edge.first = graph.Name(c.first);
    edge.second = graph.Name(c.second);
    edge.from = from;
    if (std::find(edge.evidence.begin(), edge.evidence.end(), c.evidence) == edge.evidence.end())
      edge.evidence.push_back(c.evidence);
  }
  for (auto& [pair, edge] : edges) store.Learn(std::move(edge));
  if (!state.Save(store, /*share=*/false, &error)) Warn(error);
  return store;
}

/// Where one shared file orders many of the run's sessions, says so once, with the fix
/// and what it would save on the durations each session took alone; only where that is
/// worth a person's attention (a tenth of the run).
void NameSharedFileFixes(const Graph& graph, const LearnedEdgeStore& learned,
                         const DurationStore& durations, int jobs) {
  std::vector<TimedSession> timed;
  for (const Node& node : graph.nodes) {
    std::optional<double> alone = durations.Alone(node.session->signature);
    timed.push_back(
        {node.session->signature, alone ? alone : durations.Get(node.session->signature)});
  }
  for (const SharedFileAdvice& advice : AdviseOnSharedFiles(learned.edges(), timed, jobs))
    if (advice.seconds_saved() >= advice.seconds_now / 10) Note(DescribeAdvice(advice, jobs));
}

/// The graph a run schedules: the declared and learned orderings, and, where no tracer
/// guards the sessions, an ordering between every two sessions that nothing shows to be
/// independent (no evidence, no overlap).
Graph OrderedForThisRun(const Invocation& invocation, const Graph& declared, bool traced) {
  Graph graph = declared;
  if (traced || invocation.options.jobs < 2) return graph;
  int pairs = AddUnverifiedEdges(&graph, invocation.learned);
  // Where ptrace is refused, RunTracer's warning said it already.
  if (pairs > 0 && !invocation.options.trace)
    Note(
        fmt::format("--no-trace: {} pair{} of sessions run one after another, in nox's order, "
                    "for want of evidence that they are independent: a traced run or `parnox "
                    "audit` learns it (commit parnox-learned.json to share it), or declare "
                    "them in [tool.parnox] independent",
                    pairs, pairs == 1 ? "" : "s"));
  return graph;
}

}  // namespace

int RunSessions(const Invocation& invocation, const Graph& declared,
                const std::vector<std::string>& elsewhere) {
  const Options& options = invocation.options;
  const Project& project = invocation.project;
  // State lives beside the noxfile: remembered durations, and every session's log.
  StateDir state(project.root, *invocation.disk);
  std::string error;
  std::string warning;
  std::optional<std::string> tracer = RunTracer(options);
  unsigned parts = StateDir::kLogs | (tracer ? unsigned{StateDir::kTraces} : 0u);
  if (!state.PrepareForRun(parts, &warning, &error)) return Fail(kExitUsage, error);
  Warn(std::exchange(warning, {}));
  DurationStore durations = state.LoadDurations(&warning);
  Warn(warning);
  Graph graph = OrderedForThisRun(invocation, declared, tracer.has_value());

  // Schedule longest-remaining-path first on the remembered durations.
  std::vector<double> estimates =
      EstimateDurations(graph, [&](const std::string& s) { return durations.Get(s); });
  LinePrinter printer(stdout, *invocation.env);
  StatusContext context{&project,          &graph,
                        estimates,         options.jobs,
                        options.heartbeat, DetectCiSystem(*invocation.env)};
  for (const Node& node : graph.nodes)
    context.remembered.push_back(durations.Get(node.session->signature).has_value());
  std::unique_ptr<Status> status = MakeStatusPrinter(options.output, context, printer);
  NoxRunSettings settings{invocation.nox, options.nox_options, options.posargs, &state,
                          options.jobs,   printer.color(),     invocation.env};
  settings.tracer_exe = tracer;
  if (!tracer) {
    std::string self = SelfExecutable();
    if (!self.empty()) settings.reaper_exe = self;
  }
  settings.run_elsewhere = elsewhere;
  ScheduleOptions schedule{options.jobs, options.stop_on_first_error, options.fail_fast};
  IgnoreRules rules = IgnoreRules::Configured(invocation.config.ignore);
  // Traced sessions that may run side by side ask the guard before they touch the project;
  // what a session changes while an earlier one runs is kept, so it can be undone.
  Journal journal(state.JournalPath(), project.root);
  if (settings.tracer_exe && options.jobs > 1) {
    settings.guard_ignores = rules.patterns();
    schedule.keeper = &journal;
  }
  RunRecord run;
  std::vector<SessionAudit> audits;
  {
    NoxRunner runner(project, graph, settings, *status);
    run = Scheduler(graph, estimates, schedule, runner, *status).Run();
    for (const Node& node : graph.nodes)
      run.remembered_alone.push_back(durations.Alone(node.session->signature));
    status->RunFinished(run);
    if (settings.tracer_exe && run.signal == 0)
      audits = AuditRunTraces(project, rules, graph, run,
                              [&](int node) { return runner.TracePath(node); });
  }  // one process set at a time
  std::optional<LearnedEdgeStore> learned;
  if (!audits.empty()) learned = Learn(state, graph, run, std::move(audits));

  // Remember, advise, report, and end with the run's verdict.
  if (run.signal == 0) {
    RememberDurations(graph, run, durations);
    if (!state.Save(durations, &error)) Warn(error);
  }
  if (learned && run.signal == 0) NameSharedFileFixes(graph, *learned, durations, options.jobs);
  WriteReports(invocation, run);
  if (run.signal) return kExitInterrupted;
  return run.AllPassed() ? kExitSuccess : kExitSessionFailed;
}
