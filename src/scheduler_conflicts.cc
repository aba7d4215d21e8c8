// What a guarded run adds to the list scheduler: the guard's verdicts (guard.h) carried out.
// A session held at a call gives up its worker slots until the session it waits for ends;
// a session that went ahead of its turn is ended at once, what it changed is undone from
// the journal, and it runs again after the other; a failure that a conflict may explain
// is not believed until the session ran again in order.

#include <fmt/format.h>

#include <algorithm>

#include "scheduler.h"

namespace {

/// The guard's questions for one call: a rename changes two names.
std::vector<AccessIntent> IntentsOf(const AccessRequest& request) {
  using Op = AccessRequest::Op;
  switch (request.op) {
    case Op::kRead: return {{Intent::kObserve, request.path, false, false, true}};
    case Op::kProbe: return {{Intent::kObserve, request.path}};
    case Op::kList: return {{Intent::kList, request.path, false}};
    case Op::kWrite: return {{Intent::kModify, request.path, false}};
    case Op::kCreate: return {{Intent::kModify, request.path, true, true}};
    case Op::kMakeDir: return {{Intent::kModify, request.path, true, true, false, true}};
    case Op::kDelete: return {{Intent::kModify, request.path, true}};
    case Op::kRename:  // what it renames into place is its own, as what it creates
      return {{Intent::kModify, request.path, true}, {Intent::kModify, request.path2, true, true}};
  }
  return {};
}

/// "writes", "reads", "lists" in the words of the message about a conflict.
std::string Verbs(ConflictKind kind, bool first) {
  switch (kind) {
    case ConflictKind::kWriteWrite: return "writes";
    case ConflictKind::kWriteRead: return first ? "writes" : "reads";
    case ConflictKind::kReadWrite: return first ? "reads" : "writes";
  }
  return "uses";
}

}  // namespace

void Scheduler::Discarded(int node, const SessionResult& result) {
  if (result.started()) record_.discarded.push_back({node, result.start, result.end});
}

std::string Scheduler::Why(const LiveConflict& conflict) const {
  const Evidence& e = conflict.evidence;
  std::string path = EvidencePattern(e.path);
  const std::string& first = graph_.Name(conflict.first);
  const std::string& second = graph_.Name(conflict.second);
  if (!e.listed.empty() && e.kind == ConflictKind::kWriteRead)
    return fmt::format("{} uses {} in {}, which {} makes", second, path, e.listed, first);
  if (!e.listed.empty())
    return fmt::format("{} uses {} in {}, which {} makes", first, path, e.listed, second);
  if (e.kind == ConflictKind::kWriteWrite) return fmt::format("both write {}", path);
  return fmt::format("{} {} {}, which {} {}", first, Verbs(e.kind, true), path, second,
                     Verbs(e.kind, false));
}

void Scheduler::Note(const LiveConflict& conflict, ConflictOutcome outcome, int affected) {
  Evidence evidence = conflict.evidence;
  evidence.path = EvidencePattern(evidence.path);
  record_.conflicts.push_back({conflict.first, conflict.second, evidence, outcome, affected});
}

GuardVerdict Scheduler::Decide(int node, const AccessRequest& request) {
  GuardVerdict verdict;
  for (const AccessIntent& intent : IntentsOf(request)) {
    GuardVerdict one = guard_->Check(node, intent);
    verdict.abort.insert(verdict.abort.end(), one.abort.begin(), one.abort.end());
    verdict.conflicts.insert(verdict.conflicts.end(), one.conflicts.begin(), one.conflicts.end());
    verdict.journal = verdict.journal || one.journal;
    verdict.stale_listers.insert(verdict.stale_listers.end(), one.stale_listers.begin(),
                                 one.stale_listers.end());
    verdict.restart = verdict.restart || one.restart;
    verdict.also_after.insert(verdict.also_after.end(), one.also_after.begin(),
                              one.also_after.end());
    if (one.wait_for >= 0 && verdict.wait_for < 0) verdict.wait_for = one.wait_for;
  }
  return verdict;
}

void Scheduler::OnAsked(int node, const AccessRequest& request) {
  if (state_[node] != State::kRunning && state_[node] != State::kHeld) return;  // ending
  GuardVerdict verdict = Decide(node, request);
  if (verdict.restart) {
    // It saw what it must not: it starts again (after the earlier session it saw unfinished),
    // and a later session it saw is undone and runs after it.
    std::vector<std::pair<int, int>> ends = {{node, verdict.wait_for}};
    for (int other : verdict.also_after) ends.push_back({node, other});
    for (int other : verdict.abort) ends.push_back({other, node});
    for (const LiveConflict& c : verdict.conflicts)
      Note(c, ConflictOutcome::kRunAgain, c.first == node ? c.second : node);
    return EndAndUndo(ends, -1, Why(verdict.conflicts.front()));
  }
  if (!verdict.abort.empty()) {
    // Undone first; then the call is decided again, on the project as it is then. What is
    // undone runs again after the requester, and after every earlier session not yet
    // ended, at work or queued: those may well touch the same paths, and it would only be
    // undone again.
    pending_[node] = request;
    std::vector<std::pair<int, int>> ends;
    for (int other : verdict.abort) {
      ends.push_back({other, node});
      for (size_t n = 0; n < state_.size(); ++n)
        if (static_cast<int>(n) != node && graph_.nodes[n].order < graph_.nodes[other].order &&
            state_[n] != State::kDone)
          ends.push_back({other, static_cast<int>(n)});
    }
    std::string why;
    for (const LiveConflict& c : verdict.conflicts) {
      if (c.first != node) continue;
      Note(c, ConflictOutcome::kRunAgain, c.second);
      if (why.empty()) why = Why(c);
    }
    return EndAndUndo(ends, node, why);
  }
  if (verdict.holds()) {
    Note(verdict.conflicts.front(), ConflictOutcome::kHeld, node);
    return Hold(node, verdict.wait_for, request, Why(verdict.conflicts.front()));
  }
  std::string error;
  if (verdict.journal && !options_.keeper->Keep(node, request, &error)) {
    // Without undo information the change must wait until no earlier session can see it.
    for (size_t other = 0; other < state_.size(); ++other)
      if (graph_.nodes[other].order < graph_.nodes[node].order && state_[other] != State::kDone)
        return Hold(node, static_cast<int>(other), request,
                    fmt::format("{}; it waits so that no earlier session sees the change", error));
  }
  pending_[node].reset();
  runner_.Answer(node);
  RunStaleListersAgain(node, request, verdict.stale_listers);
}

void Scheduler::RunStaleListersAgain(int node, const AccessRequest& request,
                                     const std::vector<int>& stale_listers) {
  // A later session that listed this directory, found it lacking and failed, may have
  // failed for lack of what this call makes: it runs again after this session.
  for (int lister : stale_listers)
    if (state_[lister] == State::kParked ||
        (state_[lister] == State::kDone && !Passed(record_.results[lister].outcome) &&
         record_.results[lister].outcome != Outcome::kInterrupted && !ran_again_[lister])) {
      ran_again_[lister] = true;
      parked_.erase(lister);
      // A failure -x stopped the run for turns out to be a conflict's: the run goes on.
      if (stop_cause_ == lister && !options_.fail_fast) stop_reason_.reset();
      // Where it looked for no family of what this call makes, the evidence is still this
      // call: a name made in a directory it listed, which its table row names.
      // That evidence is only suspected: learned if it passes when run again.
      std::optional<LiveConflict> listed = guard_->ListedTooEarly(lister);
      bool suspected = !listed;
      if (!listed) {
        const std::string& made =
            request.op == AccessRequest::Op::kRename ? request.path2 : request.path;
        listed =
            LiveConflict{node, lister, Evidence{made, ConflictKind::kWriteRead, ParentOf(made)}};
      }
      if (state_[lister] == State::kParked) Discarded(lister, parked_[lister].result);
      Note(*listed, ConflictOutcome::kRunAgain, lister);
      record_.conflicts.back().suspected = suspected;
      EndAndUndo(AfterEveryEarlier(lister, node), -1, Why(*listed));
    }
}

void Scheduler::Hold(int node, int on, const AccessRequest& request, const std::string& why) {
  if (state_[node] == State::kRunning) Release(node);
  if (state_[node] != State::kHeld) hold_began_[node] = runner_.Now();
  bool first_time = state_[node] != State::kHeld || held_on_[node] != on;
  state_[node] = State::kHeld;
  pending_[node] = request;
  held_on_[node] = on;
  held_since_[node] = runner_.Now();
  held_cpu_[node] = runner_.CpuSeconds(on);
  was_held_[node] = true;
  if (first_time) status_.SessionHeld(node, on, why);
}

void Scheduler::ResumeHeld() {
  // A held session already did part of its work: it goes back to a worker before any new
  // session starts, earliest in nox's order first.
  std::vector<int> resumable;
  for (size_t n = 0; n < state_.size(); ++n)
    if (state_[n] == State::kHeld && state_[held_on_[n]] == State::kDone)
      resumable.push_back(static_cast<int>(n));
  std::sort(resumable.begin(), resumable.end(),
            [&](int a, int b) { return graph_.nodes[a].order < graph_.nodes[b].order; });
  for (int node : resumable) {
    if (exclusive_running_ || !TakeSlots(node)) return;
    held_on_[node] = -1;
    record_.held[node] += std::chrono::duration<double>(runner_.Now() - hold_began_[node]).count();
    status_.SessionResumed(node);
    OnAsked(node, *pending_[node]);
  }
}

void Scheduler::EndAndUndo(std::vector<std::pair<int, int>> ends, int requester,
                           const std::string& why) {
  // Whatever built on what is undone goes too, and runs after what it built on: sessions
  // that read or changed it after them, and sessions ordered after them that already ran.
  std::set<int> ending;
  for (auto [node, after] : ends) ending.insert(node);
  for (size_t i = 0; i < ends.size(); ++i) {
    int node = ends[i].first;
    std::vector<int> more = guard_->Dependents(node);
    for (int e : graph_.nodes[node].out)
      if (state_[graph_.edges[e].to] != State::kWaiting &&
          state_[graph_.edges[e].to] != State::kReady)
        more.push_back(graph_.edges[e].to);
    for (int other : more)
      if (other != requester && ending.insert(other).second) ends.push_back({other, node});
  }
  std::set<int> said;
  for (auto [node, after] : ends) {
    undo_order_.push_back({node, after});
    if (!said.insert(node).second) continue;  // one more session it runs after
    status_.SessionRestarted(node, after, why);
    if (state_[node] == State::kRunning || state_[node] == State::kHeld) {
      Release(node);
      state_[node] = State::kEnding;
      undoing_.insert(node);
      runner_.End(node);
    } else {
      parked_.erase(node);
      state_[node] = State::kEnding;  // it had ended: nothing of it runs any more
    }
  }
  if (requester >= 0) awaiting_undo_.push_back(requester);
  if (undoing_.empty()) FinishUndo();
}

void Scheduler::OnEnded(Completion& completion) {
  Discarded(completion.node, completion.result);
  undoing_.erase(completion.node);
  if (undoing_.empty()) FinishUndo();
}

void Scheduler::FinishUndo() {
  std::set<int> nodes;
  for (auto [node, after] : undo_order_) nodes.insert(node);
  std::vector<std::string> problems;
  options_.keeper->Undo(nodes, &problems);
  for (const std::string& problem : problems) status_.Problem(problem);
  std::set<int> requeued;
  for (auto [node, after] : std::exchange(undo_order_, {})) {
    if (requeued.insert(node).second) {
      guard_->Discard(node);
      Requeue(node, after);
    } else if (after >= 0 && state_[after] != State::kDone) {
      after_[after].push_back(node);  // it also runs after this one
      ++unmet_[node];
      if (state_[node] == State::kReady) state_[node] = State::kWaiting;
    }
  }
  for (int requester : std::exchange(awaiting_undo_, {}))
    if (state_[requester] == State::kRunning && pending_[requester])
      OnAsked(requester, *pending_[requester]);
}

void Scheduler::Requeue(int node, int after) {
  state_[node] = State::kWaiting;
  Discarded(node, record_.results[node]);
  record_.results[node] = SessionResult();
  record_.held[node] = 0;
  pending_[node].reset();
  held_on_[node] = -1;
  // It is no longer done: what follows it waits again, and it waits for what it follows.
  for (int e : graph_.nodes[node].out)
    if (state_[graph_.edges[e].to] == State::kWaiting) ++unmet_[graph_.edges[e].to];
  unmet_[node] = 0;
  blocked_[node].clear();
  for (int e : graph_.nodes[node].in) {
    const Edge& edge = graph_.edges[e];
    if (state_[edge.from] != State::kDone)
      ++unmet_[node];
    else if (edge.hard() && !Passed(record_.results[edge.from].outcome))
      blocked_[node] = graph_.Name(edge.from);
  }
  if (after >= 0 && after != node && state_[after] != State::kDone) {
    after_[after].push_back(node);
    ++unmet_[node];
  }
  MarkReady(node);
}

bool Scheduler::RunAgainAfterFailure(int node, Completion& completion) {
  const SessionResult& result = completion.result;
  if (Passed(result.outcome) || result.outcome == Outcome::kInterrupted) return false;
  // A session held at a call lost time it cannot see (a test's own timeout may have
  // fired), and one that listed a directory before an earlier session filled it may have
  // failed for lack of those files (`coverage combine`: no data yet). Neither failure is
  // believed until the session ran again, in order.
  std::optional<LiveConflict> listed = guard_->ListedTooEarly(node);
  if (!ran_again_[node] && (was_held_[node] || listed)) {
    ran_again_[node] = true;
    Discarded(node, result);
    if (listed) Note(*listed, ConflictOutcome::kRunAgain, node);
    state_[node] = State::kEnding;
    EndAndUndo(AfterEveryEarlier(node, listed ? listed->first : -1), -1,
               listed ? Why(*listed) : "it failed after waiting at a call, which may be why");
    return true;
  }
  // Should an earlier session still change a directory it listed, the failure may be for
  // lack of that: it is not said until nothing earlier can. Not with -x or --fail-fast,
  // which ask for the first failure at once.
  bool stopping = options_.stop_on_first_error || options_.fail_fast;
  if (!stopping && guard_->Listed(node) && EarlierUnsettled(node)) {
    state_[node] = State::kParked;
    parked_[node] = std::move(completion);
    status_.SessionParked(node);
    return true;
  }
  return false;
}

std::vector<std::pair<int, int>> Scheduler::AfterEveryEarlier(int node, int first) const {
  // A session that consumes what others leave in a directory (a `coverage combine`) runs
  // again after every earlier session still to end: those may write theirs at their end.
  std::vector<std::pair<int, int>> ends = {{node, first}};
  for (size_t other = 0; other < state_.size(); ++other)
    if (static_cast<int>(other) != first && state_[other] != State::kDone &&
        graph_.nodes[other].order < graph_.nodes[node].order)
      ends.push_back({node, static_cast<int>(other)});
  return ends;
}

bool Scheduler::EarlierUnsettled(int node) const {
  for (size_t other = 0; other < state_.size(); ++other)
    if (graph_.nodes[other].order < graph_.nodes[node].order && state_[other] != State::kDone &&
        (!stop_reason_ || state_[other] == State::kRunning || state_[other] == State::kHeld ||
         state_[other] == State::kEnding || state_[other] == State::kParked))
      return true;
  return false;
}

void Scheduler::SettleParked(bool all) {
  // In nox's order: an earlier parked failure is said, or run again, first.
  std::vector<int> nodes;
  for (const auto& [node, completion] : parked_) nodes.push_back(node);
  std::sort(nodes.begin(), nodes.end(),
            [&](int a, int b) { return graph_.nodes[a].order < graph_.nodes[b].order; });
  for (int node : nodes) {
    if (!all && EarlierUnsettled(node)) return;
    Completion completion = std::move(parked_[node]);
    parked_.erase(node);
    Complete(completion);
  }
}

void Scheduler::BreakDeadlocks() {
  Clock::time_point now = runner_.Now();
  for (size_t n = 0; n < state_.size(); ++n) {
    int node = static_cast<int>(n), on = held_on_[n];
    if (state_[n] != State::kHeld || state_[on] != State::kRunning) continue;
    // While the awaited session works, the wait is a wait: it is measured from its last work.
    double cpu = runner_.CpuSeconds(on);
    if (cpu < 0 || cpu - held_cpu_[n] > 0.05) {
      held_since_[n] = now;
      held_cpu_[n] = cpu;
      continue;
    }
    if (now - held_since_[n] < options_.deadlock_after) continue;
    // It has stood still all this time: likely on something the held session keeps (a
    // lock). The held one gives way: ended, undone, run again after it.
    for (size_t c = record_.conflicts.size(); c-- > 0;)
      if (record_.conflicts[c].affected == node) {
        ConflictRecord again = record_.conflicts[c];
        again.outcome = ConflictOutcome::kRunAgain;
        record_.conflicts.push_back(again);
        break;
      }
    EndAndUndo(
        {{node, on}}, -1,
        fmt::format("{} stood still while {} waited for it", graph_.Name(on), graph_.Name(node)));
  }
}
