// parnox: runs a project's nox sessions in parallel, ordered so that the run ends as the
// sequential `nox` run would. main() reads as the pipeline of DESIGN.md's parts.

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

#include "config.h"
#include "cpu_count.h"
#include "discovery.h"
#include "exit_status.h"
#include "graph.h"
#include "html_report.h"
#include "junit.h"
#include "line_printer.h"
#include "listing.h"
#include "nox_locator.h"
#include "nox_runner.h"
#include "options.h"
#include "report.h"
#include "scheduler.h"
#include "state.h"
#include "status_printer.h"
#include "step_summary.h"
#include "timeline.h"
#include "util.h"

namespace {

int Fail(int code, const std::string& message) {
  fmt::print(stderr, "parnox: error: {}\n", message);
  return code;
}

void Warn(const std::string& message) {
  if (!message.empty()) fmt::print(stderr, "parnox: warning: {}\n", message);
}

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

int RunSessions(const Options& options, const NoxCommand& nox, const Project& project,
                const Config& config, const Graph& graph) {
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
  std::unique_ptr<Status> status =
      MakeStatusPrinter(*ParseOutputMode(options.output), context, printer);
  NoxRunSettings settings{nox,      options.nox_options, options.posargs,
                          state_dir, *jobs,              printer.color()};
  NoxRunner runner(project, graph, settings, *status);
  ScheduleOptions schedule{*jobs, options.stop_on_first_error, options.fail_fast};
  RunRecord run = Scheduler(graph, estimates, schedule, runner, *status).Run();
  status->RunFinished(run);

  // Remember, report, and end with the run's verdict.
  if (run.signal == 0) {
    RememberDurations(graph, run, durations);
    if (!durations.Save(&error)) Warn(error);
  }
  WriteReports(options, project, run);
  if (run.signal) return kExitInterrupted;
  return run.AllPassed() ? kExitSuccess : kExitSessionFailed;
}

}  // namespace

int main(int argc, char** argv) {
  // Read the command line.
  int exit_code = 0;
  std::optional<Options> options = ParseOptions(argc, argv, &exit_code);
  if (!options) return exit_code;

  // Find the project's nox.
  std::string error;
  std::optional<NoxCommand> nox = LocateNox(options->nox, &error);
  if (!nox) return Fail(kExitUsage, error);

  // Ask it for the sessions and the selection, through nox's own loader.
  auto discovered = Discover(*nox, options->DiscoveryArgs());
  if (auto* failure = std::get_if<DiscoveryFailure>(&discovered))
    return failure->exit_code == 0 ? 0 : Fail(failure->exit_code, failure->message);
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
    Graph graph;
    if (BuildGraph(project, config, order, &graph, &errors)) {
      if (options->command == Command::kList) {
        std::string listing = options->json ? RenderListingJson(project, graph)
                                            : RenderListing(project, graph);
        std::fputs(listing.c_str(), stdout);
        return kExitSuccess;
      }
      // Run the sessions.
      return RunSessions(*options, *nox, project, config, graph);
    }
  }
  for (const std::string& e : errors) fmt::print(stderr, "parnox: error: {}\n", e);
  return kExitUsage;
}
