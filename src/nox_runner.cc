#include "nox_runner.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "access_sets.h"
#include "nox_helper_file.h"
#include "nox_report.h"
#include "process_table.h"
#include "util.h"

NoxRunner::NoxRunner(const Project& project, const Graph& graph, NoxRunSettings settings,
                     Status& status)
    : project_(project), graph_(graph), settings_(std::move(settings)), status_(status) {}

NoxRunner::~NoxRunner() {
  // Only a run cut short by an exception leaves sessions here: no one is left to be told
  // that a log lost its tail.
  for (auto& [node, run] : running_)
    if (run.log) (void)std::fclose(run.log);
}

std::vector<std::string> NoxRunner::NotifiedElsewhere(const Session& session) const {
  std::vector<std::string> elsewhere;
  const std::vector<std::string>& other_jobs = settings_.run_elsewhere;
  for (const std::string& notified : session.notifies)
    if (graph_.Find(notified) >= 0 ||
        std::find(other_jobs.begin(), other_jobs.end(), notified) != other_jobs.end())
      elsewhere.push_back(notified);
  return elsewhere;
}

NoxRunner::Launch NoxRunner::LaunchFor(const Session& session, const std::string& report,
                                       int cpus) const {
  // Prerequisites are separate nodes of the graph, run before: the child must not run them
  // again. nox's --no-dependencies says so, where nox has it and the session calls no
  // notify (nox 2026 refuses session.notify under it); parnox's helper says so otherwise.
  std::vector<std::string> elsewhere = NotifiedElsewhere(session);
  bool has_prerequisites = !session.requires_.empty();
  bool through_helper =
      !elsewhere.empty() || (has_prerequisites && !project_.nox_has_no_dependencies);
  Launch launch{NoxArgsFor(session, report, has_prerequisites && !through_helper),
                EnvironmentFor(session, cpus)};
  if (!through_helper) {
    launch.argv.insert(launch.argv.begin(), settings_.nox.argv.begin(), settings_.nox.argv.end());
    return launch;
  }
  // The helper also keeps a notify of a session of this run from running it a second time;
  // the arguments travel in its order.
  launch.env.push_back(HelperOrder({{"task", "run"},
                                    {"args", launch.argv},
                                    {"notify_elsewhere", elsewhere},
                                    {"no_dependencies", has_prerequisites}}));
  launch.argv = HelperCommand(settings_.nox);
  return launch;
}

std::vector<std::string> NoxRunner::NoxArgsFor(const Session& session, const std::string& report,
                                               bool no_dependencies) const {
  std::vector<std::string> argv = {"--noxfile", project_.noxfile, "--sessions", session.signature};
  if (no_dependencies) argv.push_back("--no-dependencies");
  argv.insert(argv.end(), settings_.nox_options.begin(), settings_.nox_options.end());
  // The one session runs in this nox itself, as under sequential nox, whatever
  // nox.options.parallel or $NOX_PARALLEL say: parnox is what runs sessions side by side.
  if (project_.nox_has_parallel) argv.insert(argv.end(), {"--parallel", "1"});
  // A session's output looks as it would under nox on this terminal, unless the user
  // said otherwise.
  static const std::vector<std::string> kColorFlags = {"--forcecolor", "--force-color", "--nocolor",
                                                       "--no-color"};
  bool user_chose = std::any_of(
      settings_.nox_options.begin(), settings_.nox_options.end(), [](const std::string& option) {
        return std::find(kColorFlags.begin(), kColorFlags.end(), option) != kColorFlags.end();
      });
  if (!user_chose) argv.push_back(settings_.color ? "--forcecolor" : "--nocolor");
  argv.insert(argv.end(), {"--report", report});
  if (settings_.posargs) {
    argv.push_back("--");
    argv.insert(argv.end(), settings_.posargs->begin(), settings_.posargs->end());
  }
  return argv;
}

std::vector<std::string> NoxRunner::EnvironmentFor(const Session& session, int cpus) const {
  static const std::vector<std::string> kOwned = {
      "PARNOX_JOBS=", "PARNOX_CPUS=", "PARNOX_SESSION=", "PARNOX_HELPER=",
      "PYTEST_XDIST_AUTO_NUM_WORKERS="};
  std::vector<std::string> env;
  for (const std::string& entry : settings_.env->entries()) {
    bool owned = std::any_of(kOwned.begin(), kOwned.end(),
                             [&](const std::string& key) { return entry.starts_with(key); });
    if (!owned) env.push_back(entry);
  }
  // A session learns its share of the machine, so `pytest -n auto` inside it does not
  // start one worker per CPU while other sessions run beside it.
  env.push_back(fmt::format("PARNOX_JOBS={}", settings_.jobs));
  env.push_back(fmt::format("PARNOX_CPUS={}", cpus));
  env.push_back(fmt::format("PARNOX_SESSION={}", session.signature));
  env.push_back(fmt::format("PYTEST_XDIST_AUTO_NUM_WORKERS={}", cpus));
  return env;
}

void NoxRunner::Start(int node, int worker, int cpus) {
  const Session& session = *graph_.nodes[node].session;
  Running run;
  run.result.worker = worker;
  run.result.start = Clock::now();
  StateDir::SessionFiles files = settings_.state->NewSessionFiles(session.signature);
  run.result.log_path = files.log;
  run.report_path = files.nox_report;
  // Only what this run writes may be read back: a report or trace an earlier run left is no
  // evidence of this one.
  ::unlink(run.report_path.c_str());
  if (settings_.tracer_exe) ::unlink(files.trace.c_str());
  run.log = std::fopen(run.result.log_path.c_str(), "wb");
  if (graph_.nodes[node].timeout) run.deadline = run.result.start + *graph_.nodes[node].timeout;

  Launch launch = LaunchFor(session, run.report_path, cpus);
  if (settings_.tracer_exe) {
    std::vector<std::string> tracer = TracerArgs(session, files.trace);
    launch.argv.insert(launch.argv.begin(), tracer.begin(), tracer.end());
    trace_paths_[node] = files.trace;
  } else if (settings_.reaper_exe) {
    launch.argv.insert(launch.argv.begin(), {*settings_.reaper_exe, "__reap", "--parent",
                                             std::to_string(getpid()), "--"});
  }
  SpawnRequest request{std::move(launch.argv), std::move(launch.env), "", node};
  request.channel = settings_.tracer_exe && settings_.guard_ignores;
  std::string error;
  run.child = processes_.Add(request, &error);
  if (!run.child) {
    Completion failed{node, run.result, {}};
    failed.result.outcome = Outcome::kFailed;
    failed.result.reason = fmt::format("could not start nox: {}", error);
    failed.result.end = Clock::now();
    if (run.log) (void)std::fclose(run.log);  // nothing was written to it
    done_.push_back(std::move(failed));
    return;
  }
  running_[node] = std::move(run);
}

std::vector<std::string> NoxRunner::TracerArgs(const Session& session,
                                               const std::string& trace) const {
  std::vector<std::string> args = {*settings_.tracer_exe,   "__trace", "--log", trace, "--parent",
                                   std::to_string(getpid())};
  if (settings_.guard_ignores) {
    args.insert(args.end(), {"--guard", "3", "--root", project_.root});
    for (const std::string& pattern : *settings_.guard_ignores)
      args.insert(args.end(), {"--ignore", pattern});
    // Its own virtualenv is the session's alone.
    std::string own = RelativeToRoot(session.envdir, project_.root);
    if (!own.empty() && own != ".") args.insert(args.end(), {"--ignore", own + "/**"});
  }
  args.push_back("--");
  return args;
}

std::string NoxRunner::TracePath(int node) const {
  auto it = trace_paths_.find(node);
  return it == trace_paths_.end() ? "" : it->second;
}

std::string SelfExecutable() {
  std::string path(4096, '\0');
  ssize_t size = ::readlink("/proc/self/exe", path.data(), path.size());
  if (size <= 0 || static_cast<size_t>(size) >= path.size()) return "";
  path.resize(static_cast<size_t>(size));
  return path;
}

void NoxRunner::Handle(const std::vector<SubprocessEvent>& events) {
  for (const SubprocessEvent& event : events) {
    switch (event.kind) {
      case SubprocessEvent::Kind::kOutput: OnOutput(*event.child, event.bytes); break;
      case SubprocessEvent::Kind::kMessage: OnMessage(*event.child, event.bytes); break;
      case SubprocessEvent::Kind::kExit: OnExit(*event.child); break;
    }
  }
}

void NoxRunner::OnMessage(Subprocess& child, const std::string& bytes) {
  Running& run = running_.at(child.tag);
  std::optional<AccessRequest> request = DecodeAccessRequest(bytes);
  if (!request || run.ended) return;  // not a question; or the session is on its way out
  if (run.stopped || run.timed_out) {
    // parnox is ending it (--fail-fast, a timeout, an interrupt): what it does on its way
    // out (a handler of SIGTERM saving its state, as under sequential nox) goes on, but is
    // no evidence of a conflict and holds or undoes no one. The scheduler never hears of it.
    processes_.Send(*run.child, std::string(1, kAccessGranted));
    return;
  }
  run.asked = Clock::now();
  asked_.push_back({child.tag, std::move(*request)});
}

void NoxRunner::Answer(int node) {
  auto it = running_.find(node);
  if (it == running_.end()) return;
  Running& run = it->second;
  if (run.asked) {
    // A session held at a call does not spend its own time limit meanwhile.
    run.held += std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *run.asked);
    if (run.deadline) *run.deadline += Clock::now() - *run.asked;
    run.asked.reset();
  }
  processes_.Send(*run.child, std::string(1, kAccessGranted));
}

void NoxRunner::End(int node) {
  auto it = running_.find(node);
  if (it == running_.end() || it->second.ended) return;
  it->second.ended = true;
  processes_.Kill(*it->second.child);
}

double NoxRunner::CpuSeconds(int node) const {
  auto it = running_.find(node);
  return it == running_.end() ? -1 : ProcessGroupCpuSeconds(it->second.child->pid());
}

void NoxRunner::OnOutput(Subprocess& child, const std::string& bytes) {
  Running& run = running_.at(child.tag);
  if (run.log && std::fwrite(bytes.data(), 1, bytes.size(), run.log) != bytes.size())
    LogLost(run, errno);
  status_.SessionOutput(child.tag, bytes);
}

void NoxRunner::LogLost(Running& run, int error) {
  if (run.log) (void)std::fclose(run.log);  // the loss is known already
  run.log = nullptr;
  status_.Problem(fmt::format("could not write {}: {}; the session's log is incomplete",
                              DisplayPath(run.result.log_path), std::strerror(error)));
}

void NoxRunner::OnExit(Subprocess& child) {
  int node = child.tag;
  Running& run = running_.at(node);
  // fclose writes what is still buffered: a full disk often shows only here.
  if (std::FILE* log = std::exchange(run.log, nullptr); log && std::fclose(log) != 0)
    LogLost(run, errno);
  Completion completion{node, std::move(run.result), {}};
  SessionResult& result = completion.result;
  result.end = Clock::now();
  result.exit_code = child.exit().exit_code;
  completion.also_ran = ApplyNoxReport(
      ParseNoxReport(ReadWholeFile(run.report_path), *graph_.nodes[node].session), &result);
  ::unlink(run.report_path.c_str());
  if (run.timed_out) {
    result.outcome = Outcome::kTimedOut;
    result.reason = fmt::format("timed out after {}s ([tool.parnox] timeout)",
                                graph_.nodes[node].timeout->count() / 1000.0);
  } else if (run.stopped) {
    result.outcome = Outcome::kInterrupted;
    result.reason.clear();  // the scheduler knows why it stopped the session
  }
  running_.erase(node);
  done_.push_back(std::move(completion));
}

std::chrono::milliseconds NoxRunner::TimeUntilNextDeadline() const {
  auto wait = status_.TickInterval();
  Clock::time_point now = Clock::now();
  for (const auto& [node, run] : running_) {
    if (!run.deadline || run.timed_out) continue;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*run.deadline - now);
    wait = std::clamp(left + std::chrono::milliseconds(1), std::chrono::milliseconds(0), wait);
  }
  return wait;
}

void NoxRunner::EnforceTimeouts() {
  Clock::time_point now = Clock::now();
  for (auto& [node, run] : running_) {
    if (!run.deadline || run.timed_out || run.stopped || now < *run.deadline) continue;
    run.timed_out = true;
    processes_.Terminate(*run.child, settings_.grace);
  }
}

RunnerEvents NoxRunner::Wait(int* signal, std::chrono::milliseconds at_most) {
  std::optional<Clock::time_point> until;
  if (at_most.count() >= 0) until = Clock::now() + at_most;
  while (done_.empty() && asked_.empty() && (!until || Clock::now() < *until)) {
    std::vector<SubprocessEvent> events;
    std::chrono::milliseconds wait = TimeUntilNextDeadline();
    if (until)
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*until - Clock::now()));
    int received = processes_.DoWork(std::max(wait, std::chrono::milliseconds(0)), &events);
    Handle(events);
    EnforceTimeouts();
    status_.Tick();
    if (received) {
      *signal = received;
      break;
    }
  }
  return RunnerEvents{std::exchange(done_, {}), std::exchange(asked_, {})};
}

void NoxRunner::Stop(int node) {
  auto it = running_.find(node);
  if (it == running_.end() || it->second.stopped) return;
  it->second.stopped = true;
  // A session held at a call would not see the signal until answered: with its question
  // unanswerable, its tracer ends it.
  if (it->second.asked) processes_.Hangup(*it->second.child);
  processes_.Terminate(*it->second.child, settings_.grace);
}

std::vector<Completion> NoxRunner::StopAll() {
  for (auto& [node, run] : running_) run.stopped = true;
  std::vector<SubprocessEvent> events;
  processes_.TerminateAll(settings_.grace, &events);
  Handle(events);
  return std::exchange(done_, {});
}
