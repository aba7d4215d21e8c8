#pragma once

// A runner on a virtual clock for the scheduler's tests (ninja's FakeCommandRunner): each
// session works for its scripted seconds and ends with its scripted outcome; at scripted
// points of its work it asks the guard about an access and stands still until answered.
// Nothing is forked, so every interleaving a test means is exactly the one it gets.

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scheduler.h"

class FakeRunner : public Runner {
 public:
  struct Script {
    double seconds = 1;
    Outcome outcome = Outcome::kSuccess;
    std::vector<std::pair<std::string, Outcome>> also_ran;
    /// Accesses it asks about, at this many seconds of its own work.
    std::vector<std::pair<double, AccessRequest>> accesses;
    /// From this many seconds of its work on, it waits on something (a lock): no progress,
    /// no processor time, until it is ended, or until `stuck_on` (a session that holds the
    /// lock) is not running.
    double stuck_at = -1;
    std::string stuck_on;
    /// The outcome of a run after the first (a failure a conflict caused, not there again).
    std::optional<Outcome> outcome_again;
  };
  struct Event {
    double at;
    int node;
    int worker;
    int cpus;
  };
  struct Asked {
    double at;
    int node;
    AccessRequest request;
  };

  explicit FakeRunner(const Graph& graph) : graph_(graph) {}

  std::map<std::string, Script> scripts;
  std::vector<Event> starts;
  std::vector<std::pair<double, int>> ends;  ///< (time, node), ended sessions included
  std::vector<Asked> asked;
  std::vector<std::pair<double, int>> answered;  ///< (time, node)
  std::vector<std::pair<double, int>> ended;     ///< End(node), at this time
  std::optional<double> signal_at;               ///< an interrupting signal arrives then

  void Start(int node, int worker, int cpus) override {
    starts.push_back({now_, node, worker, cpus});
    live_[node] = Live{now_, now_, 0, 0, false};
  }

  RunnerEvents Wait(int* signal, std::chrono::milliseconds at_most) override {
    double next = NextEventTime();
    if (signal_at && *signal_at <= next) {
      Advance(*signal_at);
      signal_at.reset();
      *signal = 2;
      return {};
    }
    double limit = at_most.count() >= 0 ? now_ + at_most.count() / 1000.0 : 1e18;
    if (limit < next) {
      Advance(limit);
      return {};
    }
    Advance(next);
    return Collect();
  }

  void Stop(int node) override {
    stopped_.insert(node);
    if (live_.count(node)) live_[node].ends_now = true;
  }
  std::vector<Completion> StopAll() override {
    std::vector<Completion> done;
    for (auto& [node, live] : live_) done.push_back(Complete(node, Outcome::kInterrupted));
    live_.clear();
    return done;
  }
  void Answer(int node) override {
    answered.push_back({now_, node});
    if (live_.count(node)) live_[node].paused = false;
  }
  void End(int node) override {
    ended.push_back({now_, node});
    if (live_.count(node)) live_[node].ends_now = true;
  }
  double CpuSeconds(int node) const override {
    auto it = live_.find(node);
    return it == live_.end() ? -1 : it->second.progress;
  }
  Clock::time_point Now() const override { return At(now_); }
  static Clock::time_point At(double seconds) {
    return Clock::time_point() +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }

  double StartOf(const std::string& name) const {
    for (const Event& e : starts)
      if (graph_.Name(e.node) == name) return e.at;
    return -1;
  }
  /// When it last ended.
  double EndOf(const std::string& name) const {
    double last = -1;
    for (auto& [at, node] : ends)
      if (graph_.Name(node) == name) last = at;
    return last;
  }
  int StartsOf(const std::string& name) const {
    return static_cast<int>(std::count_if(
        starts.begin(), starts.end(), [&](const Event& e) { return graph_.Name(e.node) == name; }));
  }
  /// The most worker slots in use at any moment.
  int PeakSlots() const {
    int peak = 0;
    for (const Event& e : starts) {
      int used = 0;
      for (const Event& other : starts)
        if (other.at <= e.at && EndOfStart(other) > e.at) used += other.cpus;
      peak = std::max(peak, used);
    }
    return peak;
  }

 private:
  struct Live {
    double started;
    double last_update;  ///< the virtual time `progress` was last brought up to date
    double progress;     ///< seconds of its own work done
    size_t next_access;
    bool paused;  ///< asked, not answered
    bool ends_now = false;
  };

  const Script& ScriptOf(int node) { return scripts[graph_.Name(node)]; }
  bool Stuck(int node, const Live& live) {
    const Script& script = ScriptOf(node);
    if (script.stuck_at < 0 || live.progress < script.stuck_at - 1e-9) return false;
    if (script.stuck_on.empty()) return true;
    int holder = graph_.Find(script.stuck_on);
    return live_.count(holder) > 0;
  }
  /// Work done by `node` until `t`.
  double ProgressAt(int node, const Live& live, double t) {
    if (live.paused || Stuck(node, live)) return live.progress;
    double progress = live.progress + (t - live.last_update);
    const Script& script = ScriptOf(node);
    bool stops = script.stuck_at >= 0 && live.progress < script.stuck_at &&
                 (script.stuck_on.empty() || live_.count(graph_.Find(script.stuck_on)));
    return stops ? std::min(progress, script.stuck_at) : progress;
  }
  double NextEventTime() {
    double next = 1e18;
    for (auto& [node, live] : live_) {
      if (live.ends_now) return now_;
      if (live.paused || Stuck(node, live)) continue;
      const Script& script = ScriptOf(node);
      double target = script.seconds;
      if (live.next_access < script.accesses.size())
        target = std::min(target, script.accesses[live.next_access].first);
      if (script.stuck_at >= 0 && live.progress < script.stuck_at)
        target = std::min(target, script.stuck_at);
      next = std::min(next, now_ + std::max(0.0, target - live.progress));
    }
    return next;
  }
  void Advance(double t) {
    for (auto& [node, live] : live_) {
      live.progress = ProgressAt(node, live, t);
      live.last_update = t;
    }
    now_ = t;
  }
  RunnerEvents Collect() {
    RunnerEvents events;
    for (auto it = live_.begin(); it != live_.end();) {
      auto& [node, live] = *it;
      const Script& script = ScriptOf(node);
      bool done = live.ends_now || (!live.paused && live.progress >= script.seconds - 1e-9);
      if (done) {
        Outcome outcome = StartsOf(graph_.Name(node)) > 1 && script.outcome_again
                              ? *script.outcome_again
                              : script.outcome;
        events.done.push_back(Complete(node, outcome));
        it = live_.erase(it);
        continue;
      }
      if (!live.paused && live.next_access < script.accesses.size() &&
          live.progress >= script.accesses[live.next_access].first - 1e-9) {
        const AccessRequest& request = script.accesses[live.next_access++].second;
        live.paused = true;
        asked.push_back({now_, node, request});
        events.asked.push_back({node, request});
      }
      ++it;
    }
    return events;
  }
  Completion Complete(int node, Outcome outcome) {
    if (stopped_.count(node)) outcome = Outcome::kInterrupted;
    ends.push_back({now_, node});
    Completion c;
    c.node = node;
    c.result.outcome = outcome;
    c.result.worker = 0;
    c.result.start = At(live_.count(node) ? live_[node].started : now_);
    c.result.end = At(now_);
    for (auto& [signature, o] : ScriptOf(node).also_ran) {
      SessionResult r;
      r.outcome = o;
      c.also_ran.emplace_back(signature, r);
    }
    return c;
  }
  /// When the run that began with `start` ended.
  double EndOfStart(const Event& start) const {
    for (auto& [at, node] : ends)
      if (node == start.node && at >= start.at) return at;
    return 1e18;
  }

  const Graph& graph_;
  double now_ = 0;
  std::map<int, Live> live_;
  std::set<int> stopped_;
};
