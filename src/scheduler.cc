#include "scheduler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

std::vector<double> NoxOrderEstimates(const Graph& graph) {
  std::vector<double> estimates;
  int count = static_cast<int>(graph.nodes.size());
  for (int n = 0; n < count; ++n) estimates.push_back(std::ldexp(1.0, std::min(count - n, 1000)));
  return estimates;
}

Scheduler::Scheduler(const Graph& graph, std::vector<double> estimates, ScheduleOptions options,
                     Runner& runner, Status& status)
    : graph_(graph),
      priority_(RemainingPathLengths(graph, estimates)),
      options_(options),
      runner_(runner),
      status_(status),
      state_(graph.nodes.size(), State::kWaiting),
      unmet_(graph.nodes.size()),
      blocked_(graph.nodes.size()),
      slot_owner_(std::max(1, options.jobs), -1) {
  options_.jobs = std::max(1, options_.jobs);
  record_.graph = &graph;
  record_.jobs = options_.jobs;
  record_.results.resize(graph.nodes.size());
  record_.hosts.assign(graph.nodes.size(), -1);
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    unmet_[n] = static_cast<int>(graph.nodes[n].in.size());
    if (unmet_[n] == 0) state_[n] = State::kReady;
  }
}

RunRecord Scheduler::Run() {
  record_.start = runner_.Now();
  for (;;) {
    if (!stop_reason_) StartReady();
    if (running_ == 0) break;
    int signal = 0;
    std::vector<Completion> completions = runner_.Wait(&signal);
    for (Completion& completion : completions) Absorb(completion);
    if (signal) {
      record_.signal = signal;
      StopStarting(fmt::format("the run was interrupted (signal {})", signal));
      for (Completion& completion : runner_.StopAll()) Absorb(completion);
    }
  }
  // Whatever never started says why: the run stopped first. Finishing one can make a
  // successor ready again, so sweep until every session is done.
  for (bool again = true; again;) {
    again = false;
    for (size_t n = 0; n < graph_.nodes.size(); ++n) {
      if (state_[n] == State::kDone) continue;
      SessionResult result;
      result.reason = stop_reason_.value_or("never became ready");
      Finish(static_cast<int>(n), std::move(result));
      again = true;
    }
  }
  record_.end = runner_.Now();
  // The bound of this very run: its real durations, as if scheduled perfectly.
  // A session that ran inside another's nox process shares its time: count it once.
  std::vector<double> actual;
  for (size_t n = 0; n < record_.results.size(); ++n) {
    const SessionResult& r = record_.results[n];
    actual.push_back(r.started() && record_.HostOf(n) < 0 ? r.seconds() : 0);
  }
  record_.lower_bound_seconds = LowerBound(graph_, actual, options_.jobs);
  return std::move(record_);
}

void Scheduler::StartReady() {
  std::vector<int> ready;
  for (size_t n = 0; n < graph_.nodes.size(); ++n)
    if (state_[n] == State::kReady) ready.push_back(static_cast<int>(n));
  std::sort(ready.begin(), ready.end(), [&](int a, int b) {
    if (priority_[a] != priority_[b]) return priority_[a] > priority_[b];
    return graph_.nodes[a].order < graph_.nodes[b].order;
  });
  for (int node : ready) {
    if (exclusive_running_) return;
    // An exclusive session waits for the workers to drain, and nothing overtakes it
    // meanwhile, or it could wait forever.
    if (graph_.nodes[node].exclusive && running_ > 0) return;
    TryStart(node);
  }
}

bool Scheduler::TryStart(int node) {
  const Node& n = graph_.nodes[node];
  int slots = n.exclusive ? options_.jobs : std::min(n.cpus, options_.jobs);
  if (slots > FreeSlots()) return false;
  int worker = -1;
  for (size_t s = 0, taken = 0; s < slot_owner_.size() && taken < static_cast<size_t>(slots);
       ++s) {
    if (slot_owner_[s] != -1) continue;
    slot_owner_[s] = node;
    if (worker < 0) worker = static_cast<int>(s);
    ++taken;
  }
  state_[node] = State::kRunning;
  ++running_;
  exclusive_running_ = n.exclusive;
  status_.SessionStarted(node);
  runner_.Start(node, worker, slots);
  return true;
}

int Scheduler::FreeSlots() const {
  return static_cast<int>(std::count(slot_owner_.begin(), slot_owner_.end(), -1));
}

void Scheduler::Release(int node) {
  for (int& owner : slot_owner_)
    if (owner == node) owner = -1;
  --running_;
  if (graph_.nodes[node].exclusive) exclusive_running_ = false;
}

void Scheduler::Absorb(Completion& completion) {
  int node = completion.node;
  Release(node);
  if (completion.result.outcome == Outcome::kInterrupted && completion.result.reason.empty())
    completion.result.reason = stop_reason_.value_or("ended by a signal");
  Finish(node, std::move(completion.result));
  for (auto& [signature, result] : completion.also_ran) {
    // A notified session that parnox would have started itself already ran inside the
    // notifier's nox, right after it, as sequential nox runs it: take that result.
    int other = graph_.Find(signature);
    if (other >= 0 && state_[other] != State::kRunning && state_[other] != State::kDone) {
      record_.hosts[other] = node;
      Finish(other, std::move(result));
    } else {
      record_.notified.push_back(NotifiedRun{signature, node, std::move(result)});
    }
  }
}

void Scheduler::StopStarting(const std::string& why) {
  if (!stop_reason_) stop_reason_ = why;
}

void Scheduler::Finish(int node, SessionResult result) {
  state_[node] = State::kDone;
  bool failed = result.outcome == Outcome::kFailed || result.outcome == Outcome::kTimedOut;
  bool passed = Passed(result.outcome);
  record_.results[node] = std::move(result);
  status_.SessionFinished(node, record_.results[node]);
  if (failed && (options_.stop_on_first_error || options_.fail_fast)) {
    StopStarting(fmt::format("{} failed and {} was given", graph_.Name(node),
                             options_.fail_fast ? "--fail-fast" : "-x"));
    if (options_.fail_fast)
      for (size_t n = 0; n < graph_.nodes.size(); ++n)
        if (state_[n] == State::kRunning) runner_.Stop(static_cast<int>(n));
  }
  for (int e : graph_.nodes[node].out) {
    const Edge& edge = graph_.edges[e];
    if (edge.hard() && !passed && blocked_[edge.to].empty()) blocked_[edge.to] = graph_.Name(node);
    if (--unmet_[edge.to] > 0 || state_[edge.to] != State::kWaiting) continue;
    if (blocked_[edge.to].empty()) {
      state_[edge.to] = State::kReady;
      continue;
    }
    SessionResult aborted;
    aborted.outcome = Outcome::kAborted;
    aborted.reason =
        fmt::format("Prerequisite session {} was not successful", blocked_[edge.to]);
    Finish(edge.to, std::move(aborted));
  }
}
