// The list scheduler: which ready session starts next, on which worker slots, and what a
// session's end makes ready. What a guarded run adds (holds, undoing, running again) is in
// scheduler_conflicts.cc.

#include "scheduler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

std::vector<double> NoxOrderEstimates(const Graph& graph) {
  std::vector<double> estimates;
  estimates.reserve(graph.nodes.size());
  int count = static_cast<int>(graph.nodes.size());
  for (int n = 0; n < count; ++n) estimates.push_back(std::ldexp(1.0, std::min(count - n, 1000)));
  return estimates;
}

Scheduler::Scheduler(const Graph& graph, const std::vector<double>& estimates,
                     ScheduleOptions options, Runner& runner, Status& status)
    : graph_(graph),
      priority_(RemainingPathLengths(graph, estimates)),
      options_(options),
      runner_(runner),
      status_(status),
      state_(graph.nodes.size(), State::kWaiting),
      unmet_(graph.nodes.size()),
      after_(graph.nodes.size()),
      blocked_(graph.nodes.size()),
      slot_owner_(std::max(1, options.jobs), -1) {
  size_t count = graph.nodes.size();
  options_.jobs = std::max(1, options_.jobs);
  record_.graph = &graph;
  record_.jobs = options_.jobs;
  record_.results.resize(count);
  record_.hosts.assign(count, -1);
  record_.runs.assign(count, 0);
  for (size_t n = 0; n < count; ++n) {
    unmet_[n] = static_cast<int>(graph.nodes[n].in.size());
    if (unmet_[n] == 0) state_[n] = State::kReady;
  }
  if (options_.keeper) {
    std::vector<int> rank;
    for (const Node& node : graph.nodes) rank.push_back(node.order);
    guard_.emplace(rank);
    pending_.resize(count);
    held_on_.assign(count, -1);
    held_since_.resize(count);
    hold_began_.resize(count);
    record_.held.assign(count, 0);
    held_cpu_.assign(count, 0);
    was_held_.assign(count, false);
    ran_again_.assign(count, false);
  }
}

RunRecord Scheduler::Run() {
  record_.start = runner_.Now();
  for (;;) {
    if (guard_) {
      ResumeHeld();
      SettleParked(false);
    }
    if (!stop_reason_) StartReady();
    if (!Live()) break;
    int signal = 0;
    // A held session is looked at every second, in case what it waits for is stuck on it.
    bool holding = std::count(state_.begin(), state_.end(), State::kHeld) > 0;
    RunnerEvents events = runner_.Wait(
        &signal, holding ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(-1));
    for (AccessAsked& asked : events.asked) OnAsked(asked.node, asked.request);
    for (Completion& completion : events.done) Absorb(completion);
    if (holding) BreakDeadlocks();
    if (signal) {
      record_.signal = signal;
      StopStarting(fmt::format("the run was interrupted (signal {})", signal));
      for (Completion& completion : runner_.StopAll()) Absorb(completion);
    }
  }
  if (guard_) SettleParked(true);
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
  // The bound of this very run: its real durations, as if scheduled perfectly, less the
  // time a session stood held (no work of its). A session that ran inside another's nox
  // process shares its time: count it once.
  std::vector<double> actual;
  for (size_t n = 0; n < record_.results.size(); ++n) {
    const SessionResult& r = record_.results[n];
    bool own = r.started() && record_.HostOf(n) < 0;
    actual.push_back(own ? std::max(0.0, r.seconds() - record_.HeldOf(n)) : 0);
  }
  record_.lower_bound_seconds = LowerBound(graph_, actual, options_.jobs);
  return std::move(record_);
}

bool Scheduler::Live() const {
  return std::any_of(state_.begin(), state_.end(), [](State s) {
    return s == State::kRunning || s == State::kHeld || s == State::kEnding;
  });
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

bool Scheduler::TakeSlots(int node) {
  const Node& n = graph_.nodes[node];
  int slots = n.exclusive ? options_.jobs : std::min(n.cpus, options_.jobs);
  if (slots > FreeSlots()) return false;
  for (size_t s = 0, taken = 0; s < slot_owner_.size() && taken < static_cast<size_t>(slots); ++s) {
    if (slot_owner_[s] != -1) continue;
    slot_owner_[s] = node;
    ++taken;
  }
  state_[node] = State::kRunning;
  ++running_;
  exclusive_running_ = n.exclusive;
  return true;
}

bool Scheduler::TryStart(int node) {
  if (!TakeSlots(node)) return false;
  int worker = static_cast<int>(std::find(slot_owner_.begin(), slot_owner_.end(), node) -
                                slot_owner_.begin());
  int slots = static_cast<int>(std::count(slot_owner_.begin(), slot_owner_.end(), node));
  ++record_.runs[node];
  if (guard_) {
    guard_->Started(node);
    was_held_[node] = false;
  }
  status_.SessionStarted(node);
  runner_.Start(node, worker, slots);
  return true;
}

int Scheduler::FreeSlots() const {
  return static_cast<int>(std::count(slot_owner_.begin(), slot_owner_.end(), -1));
}

void Scheduler::Release(int node) {
  bool had = false;
  for (int& owner : slot_owner_)
    if (owner == node) owner = -1, had = true;
  if (!had) return;
  --running_;
  if (graph_.nodes[node].exclusive) exclusive_running_ = false;
}

void Scheduler::Absorb(Completion& completion) {
  int node = completion.node;
  // Ended to be undone: its result says nothing. (Not so once the run is interrupted:
  // then nothing is undone or run again, and it ends as interrupted.)
  if (state_[node] == State::kEnding && !record_.signal) return OnEnded(completion);
  Release(node);
  if (completion.result.outcome == Outcome::kInterrupted && completion.result.reason.empty())
    completion.result.reason = stop_reason_.value_or("ended by a signal");
  if (guard_ && !record_.signal && RunAgainAfterFailure(node, completion)) return;
  Complete(completion);
}

void Scheduler::Complete(Completion& completion) {
  int node = completion.node;
  if (guard_) guard_->Finished(node);
  Finish(node, std::move(completion.result));
  for (auto& [signature, result] : completion.also_ran) {
    // A notified session that parnox would have started itself already ran inside the
    // notifier's nox, right after it, as sequential nox runs it: take that result.
    int other = graph_.Find(signature);
    if (other >= 0 && (state_[other] == State::kWaiting || state_[other] == State::kReady)) {
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

void Scheduler::MarkReady(int node) {
  if (state_[node] != State::kWaiting || unmet_[node] != 0) return;
  if (blocked_[node].empty()) {
    state_[node] = State::kReady;
    return;
  }
  SessionResult aborted;
  aborted.outcome = Outcome::kAborted;
  aborted.reason = fmt::format("Prerequisite session {} was not successful", blocked_[node]);
  Finish(node, std::move(aborted));
}

void Scheduler::Unmet(int node, int delta) {
  unmet_[node] += delta;
  MarkReady(node);
}

void Scheduler::Finish(int node, SessionResult result) {
  state_[node] = State::kDone;
  bool failed = result.outcome == Outcome::kFailed || result.outcome == Outcome::kTimedOut;
  bool passed = Passed(result.outcome);
  record_.results[node] = std::move(result);
  status_.SessionFinished(node, record_.results[node]);
  if (failed && (options_.stop_on_first_error || options_.fail_fast)) {
    if (!stop_reason_) stop_cause_ = node;
    StopStarting(fmt::format("{} failed and {} was given", graph_.Name(node),
                             options_.fail_fast ? "--fail-fast" : "-x"));
    if (options_.fail_fast)
      for (size_t n = 0; n < graph_.nodes.size(); ++n)
        if (state_[n] == State::kRunning || state_[n] == State::kHeld)
          runner_.Stop(static_cast<int>(n));
  }
  for (int waiting : std::exchange(after_[node], {})) Unmet(waiting, -1);
  for (int e : graph_.nodes[node].out) {
    const Edge& edge = graph_.edges[e];
    if (edge.hard() && !passed && blocked_[edge.to].empty()) blocked_[edge.to] = graph_.Name(node);
    Unmet(edge.to, -1);
  }
}
