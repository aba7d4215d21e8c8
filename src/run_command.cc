// `parnox run`: the sessions on every worker, ordered, traced, remembered and reported.

#include "run_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "audit.h"
#include "exit_status.h"
#include "hazards.h"
#include "html_report.h"
#include "junit.h"
#include "learned_edges.h"
#include "line_printer.h"
#include "nox_runner.h"
#include "report.h"
#include "scheduler.h"
#include "state_dir.h"
#include "status_printer.h"
#include "step_summary.h"
#include "timeline.h"
#include "tracer.h"
#include "util.h"
#include "cpu_count.h"

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
void WriteReports(const Invocation& invocation, const RunRecord& run) {
  const Options& options = invocation.options;
  const Project& project = invocation.project;
  Disk& disk = *invocation.disk;
  const ReportFiles& files = options.reports;
  const std::pair<const std::optional<std::string>*, std::string (*)(const Project&,
                                                                     const RunRecord&)>
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
std::optional<std::string> RunTracer(const Options& options, StateDir& state) {
  std::string why, error;
  if (!options.trace) return std::nullopt;
  if (!PtraceAvailable(&why)) {
    Warn(fmt::format("cannot trace the sessions, so conflicts between sessions that run side "
                     "by side go unnoticed; running on the declared and learned orderings "
                     "only. {} (--no-trace silences this)",
                     why));
    return std::nullopt;
  }
  if (!state.Prepare(StateDir::kTraces, &error)) {
    Warn(error);
    return std::nullopt;
  }
  return SelfExecutable();
}

/// Adds every conflict the run's traces show (not only the pairs that overlapped this
/// time), so the next run orders them all from the start.
void Learn(StateDir& state, std::vector<SessionAudit> audits) {
  std::string warning, error;
  LearnedEdgeStore store = state.LoadLearnedEdges(&warning);
  Warn(warning);
  for (LearnedEdge& edge : LearnedEdges(ClassifyPairs(std::move(audits), {})))
    store.Learn(std::move(edge));
  if (!state.Save(store, &error)) Warn(error);
}

/// Runs `nodes` of `graph` again, one at a time in nox's order, and puts their new results
/// into `run` and their new traces into `audits`.
void Rerun(const Invocation& invocation, const Graph& graph, const std::vector<int>& nodes,
           NoxRunSettings settings, LinePrinter& printer, const StatusContext& parent,
           RunRecord& run, std::vector<SessionAudit>& audits) {
  const Project& project = invocation.project;
  std::vector<std::string> order, errors;
  for (int n : nodes) order.push_back(graph.Name(n));
  Graph again;
  if (!BuildGraph(project, invocation.config, order, &again, &errors)) {
    for (const std::string& e : errors) Warn(e);
    return;
  }
  settings.jobs = 1;
  StatusContext context = parent;
  context.graph = &again;
  context.estimates.assign(again.nodes.size(), 1.0);
  context.remembered.clear();
  context.jobs = 1;
  std::unique_ptr<Status> status =
      MakeStatusPrinter(invocation.options.output, context, printer);
  NoxRunner runner(project, again, settings, *status);
  RunRecord record =
      Scheduler(again, NoxOrderEstimates(again), ScheduleOptions{1}, runner, *status).Run();
  status->RunFinished(record);
  std::vector<SessionAudit> fresh =
      AuditRunTraces(project, IgnoreRules::Configured(invocation.config.ignore), again, record,
                     [&](int node) { return runner.TracePath(node); });
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

}  // namespace

int RunSessions(const Invocation& invocation, const Graph& graph,
                const std::vector<std::string>& elsewhere) {
  const Options& options = invocation.options;
  const Project& project = invocation.project;
  // State lives beside the noxfile: remembered durations, and every session's log.
  StateDir state(project.root, *invocation.disk);
  std::string error;
  if (!state.Prepare(StateDir::kLogs, &error)) return Fail(kExitUsage, error);
  std::string warning;
  DurationStore durations = state.LoadDurations(&warning);
  Warn(warning);

  // Schedule longest-remaining-path first on the remembered durations.
  std::vector<double> estimates =
      EstimateDurations(graph, [&](const std::string& s) { return durations.Get(s); });
  LinePrinter printer(stdout, *invocation.env);
  StatusContext context{&project, &graph, estimates, options.jobs, options.heartbeat,
                        DetectCiSystem(*invocation.env)};
  for (const Node& node : graph.nodes)
    context.remembered.push_back(durations.Get(node.session->signature).has_value());
  std::unique_ptr<Status> status = MakeStatusPrinter(options.output, context, printer);
  NoxRunSettings settings{invocation.nox, options.nox_options, options.posargs,
                          &state,         options.jobs,        printer.color(),
                          invocation.env};
  settings.tracer_exe = RunTracer(options, state);
  settings.run_elsewhere = elsewhere;
  ScheduleOptions schedule{options.jobs, options.stop_on_first_error, options.fail_fast};
  IgnoreRules rules = IgnoreRules::Configured(invocation.config.ignore);
  RunRecord run;
  std::vector<int> rerun;
  std::vector<SessionAudit> audits;
  {
    NoxRunner runner(project, graph, settings, *status);
    run = Scheduler(graph, estimates, schedule, runner, *status).Run();
    status->RunFinished(run);
    // Sessions that overlapped and conflict are run again, in nox's order.
    if (settings.tracer_exe && run.signal == 0 && options.jobs > 1) {
      audits = AuditRunTraces(project, rules, graph, run,
                              [&](int node) { return runner.TracePath(node); });
      rerun = CheckOverlaps(graph, audits, run);
    }
  }  // one process set at a time
  if (!rerun.empty()) {
    Rerun(invocation, graph, rerun, settings, printer, context, run, audits);
    // What the traces show now, the sessions' conflicts in nox's order, is kept for the
    // next run.
    Learn(state, audits);
  }

  // Remember, report, and end with the run's verdict.
  if (run.signal == 0) {
    RememberDurations(graph, run, durations);
    if (!state.Save(durations, &error)) Warn(error);
  }
  WriteReports(invocation, run);
  if (run.signal) return kExitInterrupted;
  return run.AllPassed() ? kExitSuccess : kExitSessionFailed;
}
