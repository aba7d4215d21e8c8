// `parnox audit`: every session once, in nox's order, traced; every pair classified.

#include "audit_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "audit.h"
#include "exit_status.h"
#include "html_report.h"
#include "junit.h"
#include "learned_edges.h"
#include "line_printer.h"
#include "nox_runner.h"
#include "report.h"
#include "scheduler.h"
#include "shared_file_advice.h"
#include "state_dir.h"
#include "status_printer.h"
#include "step_summary.h"
#include "timeline.h"
#include "tracer.h"
#include "util.h"

namespace {

/// Replaces what was learned about the audited sessions with this audit's findings; false
/// (said) when it could not be saved.
bool StoreLearnedEdges(StateDir& state, const AuditResult& audit) {
  std::string warning, error;
  LearnedEdgeStore store = state.LoadLearnedEdges(&warning);
  Warn(warning);
  std::vector<std::string> audited;
  for (const SessionAudit& s : audit.sessions)
    if (s.traced) audited.push_back(s.signature);
  Provenance from{Provenance::By::kAudit, Today()};
  store.Relearn(audited, from);
  for (LearnedEdge& edge : LearnedEdges(audit, from)) store.Learn(std::move(edge));
  if (state.Save(store, /*share=*/true, &error)) return true;
  Warn(error);
  return false;
}

/// Where what the audit learned went, and what later runs do with it.
std::string SavedParagraph(const AuditResult& audit, const StateDir& state) {
  int ordered = 0, safe = 0;
  for (const PairAudit& pair : audit.pairs) {
    if (!pair.known) continue;
    ++(pair.ordered() ? ordered : safe);
  }
  return fmt::format(
      "Saved to {} (commit it) and {}: {} ordered and {} parallel-safe pairs. Every `parnox "
      "run` of this project, and every checkout with that file (a CI job's first run "
      "included), runs parallel-safe sessions side by side and ordered ones in nox's order, "
      "each still watched by the tracer; an ordering is dropped when a later traced run of "
      "both sessions sees no conflict.\n",
      DisplayPath(state.SharedLearnedPath()), DisplayPath(state.LearnedPath()), ordered, safe);
}

}  // namespace

int AuditSessions(const Invocation& invocation, const Graph& graph) {
  const Options& options = invocation.options;
  const Project& project = invocation.project;
  // Only a traced run can say anything.
  std::string why;
  if (!PtraceAvailable(&why))
    return Fail(kExitUsage, fmt::format("parnox audit needs to trace the sessions, and this "
                                        "machine does not allow it: {}",
                                        why));
  StateDir state(project.root, *invocation.disk);
  std::string error;
  std::string warning;
  if (!state.PrepareForRun(StateDir::kLogs | StateDir::kTraces, &warning, &error))
    return Fail(kExitUsage, error);
  Warn(std::exchange(warning, {}));

  // Run every session once, one at a time, in nox's order, each under the tracer; progress
  // goes to stderr so that stdout holds the audit alone.
  std::vector<double> estimates = NoxOrderEstimates(graph);
  LinePrinter printer(stderr, *invocation.env);
  std::vector<double> shown(graph.nodes.size(), 1.0);  // the status's ETA; nothing known
  StatusContext context{
      &project, &graph, shown, 1, std::chrono::seconds(60), DetectCiSystem(*invocation.env)};
  std::unique_ptr<Status> status = MakeStatusPrinter(options.output, context, printer);
  NoxRunSettings settings{invocation.nox,  options.nox_options, options.posargs, &state, 1,
                          printer.color(), invocation.env};
  settings.tracer_exe = SelfExecutable();
  NoxRunner runner(project, graph, settings, *status);
  RunRecord run = Scheduler(graph, estimates, ScheduleOptions{1}, runner, *status).Run();
  status->RunFinished(run);
  if (run.signal) return kExitInterrupted;

  // Sort each session's accesses, classify every pair, and keep what was learned.
  IgnoreRules rules = IgnoreRules::Configured(invocation.config.ignore);
  AuditResult audit = ClassifyPairs(
      AuditRunTraces(project, rules, graph, run, [&](int node) { return runner.TracePath(node); }),
      rules.patterns());
  bool saved = StoreLearnedEdges(state, audit);
  std::string text = options.json ? RenderAuditJson(audit) : RenderAuditText(audit);
  // Each session ran alone here: its time is what it costs under sequential nox.
  if (!options.json) {
    std::vector<TimedSession> timed;
    for (size_t n = 0; n < graph.nodes.size(); ++n) {
      const SessionResult& result = run.results[n];
      timed.push_back({graph.Name(static_cast<int>(n)),
                       result.started() ? std::optional(result.seconds()) : std::nullopt});
    }
    std::vector<SharedFileAdvice> advice =
        AdviseOnSharedFiles(LearnedEdges(audit, Provenance{}), timed, options.jobs);
    if (!advice.empty()) text += "\nShared files that order sessions:\n";
    for (const SharedFileAdvice& one : advice)
      text += fmt::format("  {}\n", DescribeAdvice(one, options.jobs));
    if (saved) text += "\n" + SavedParagraph(audit, state);
  } else if (saved) {
    Note(SavedParagraph(audit, state));
  }
  if (!PrintResult(text, &error)) Warn(error);
  if (options.markdown &&
      !invocation.disk->WriteFile(
          *options.markdown,
          RenderAuditMarkdown(audit, DisplayPath(project.noxfile), project.nox_version), &error))
    Warn(fmt::format("could not write {}: {}", *options.markdown, error));
  return run.AllPassed() ? kExitSuccess : kExitSessionFailed;
}
