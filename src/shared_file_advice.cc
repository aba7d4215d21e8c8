#include "shared_file_advice.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "conflicts.h"

namespace {

/// Output directories a tool fills with the same names whoever runs it.
constexpr const char* kOutputDirs[] = {"build", "dist", "_build", "htmlcov", "site"};

std::string Fix(const std::string& shared) {
  if (shared == ".coverage")
    return "give each session its own coverage data file (`parallel = true` under "
           "[tool.coverage.run], or COVERAGE_FILE=.coverage.<session> in the session's env) and "
           "combine them in a session nox runs after them (`coverage combine`)";
  if (!shared.empty() && shared.back() == '/')
    return fmt::format(
        "give each session its own {} (a directory named after the session, such as "
        "f\"{}{{session.name}}\")",
        shared, shared);
  return fmt::format("give each session its own {} (a name with the session's name in it)", shared);
}

/// Per node, the longest path from its start to the end of everything after it.
std::vector<double> RemainingPath(const std::vector<double>& seconds,
                                  const std::vector<std::vector<int>>& after) {
  std::vector<double> remaining(seconds.size(), -1);
  auto visit = [&](auto&& self, int node) -> double {
    if (remaining[node] >= 0) return remaining[node];
    double longest = 0;
    for (int next : after[node]) longest = std::max(longest, self(self, next));
    return remaining[node] = seconds[node] + longest;
  };
  for (size_t n = 0; n < seconds.size(); ++n) visit(visit, static_cast<int>(n));
  return remaining;
}

}  // namespace

std::string SharedKey(const std::string& path) {
  std::string name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (name == ".coverage" || name.starts_with(".coverage.")) return ".coverage";
  // An output directory at the top or one level down (docs/_build) is shared whole.
  size_t start = 0;
  for (int depth = 0; depth < 2; ++depth) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) break;
    std::string component = path.substr(start, slash - start);
    for (const char* dir : kOutputDirs)
      if (component == dir) return path.substr(0, slash + 1);
    start = slash + 1;
  }
  return EvidencePattern(path);
}

double EstimateWallTime(const std::vector<double>& seconds,
                        const std::vector<std::pair<int, int>>& edges, int jobs) {
  size_t n = seconds.size();
  std::vector<std::vector<int>> after(n);
  std::vector<int> waiting(n, 0);
  for (const auto& [first, second] : edges) {
    after[first].push_back(second);
    ++waiting[second];
  }
  std::vector<double> priority = RemainingPath(seconds, after);
  std::vector<bool> started(n, false);
  std::multimap<double, int> running;  // end time -> node
  double now = 0;
  size_t done = 0;
  while (done < n) {
    // Start the ready sessions with the longest path ahead while a worker is free.
    while (static_cast<int>(running.size()) < std::max(jobs, 1)) {
      int best = -1;
      for (size_t i = 0; i < n; ++i)
        if (!started[i] && waiting[i] == 0 && (best < 0 || priority[i] > priority[best]))
          best = static_cast<int>(i);
      if (best < 0) break;
      started[best] = true;
      running.emplace(now + seconds[best], best);
    }
    if (running.empty()) break;  // a cycle: nothing left can start
    auto next = running.begin();
    now = next->first;
    for (int later : after[next->second]) --waiting[later];
    running.erase(next);
    ++done;
  }
  return now;
}

std::vector<SharedFileAdvice> AdviseOnSharedFiles(const std::vector<LearnedEdge>& edges,
                                                  const std::vector<TimedSession>& sessions,
                                                  int jobs) {
  std::map<std::string, int> index;
  for (size_t i = 0; i < sessions.size(); ++i) index[sessions[i].signature] = static_cast<int>(i);
  std::vector<std::pair<int, int>> all;
  std::map<std::string, std::vector<size_t>> by_key;  // key -> positions in `all`
  for (const LearnedEdge& edge : edges) {
    auto first = index.find(edge.first), second = index.find(edge.second);
    if (first == index.end() || second == index.end() || edge.evidence.empty()) continue;
    std::set<std::string> keys;
    for (const Evidence& e : edge.evidence) keys.insert(SharedKey(e.path));
    if (keys.size() == 1) by_key[*keys.begin()].push_back(all.size());
    all.push_back({first->second, second->second});
  }

  bool timed = std::all_of(sessions.begin(), sessions.end(),
                           [](const TimedSession& s) { return s.seconds.has_value(); });
  std::vector<double> seconds;
  seconds.reserve(sessions.size());
  for (const TimedSession& s : sessions) seconds.push_back(s.seconds.value_or(0));
  double now = timed ? EstimateWallTime(seconds, all, jobs) : 0;

  std::vector<SharedFileAdvice> advice;
  for (const auto& [key, positions] : by_key) {
    std::set<int> ordered;
    for (size_t i : positions) ordered.insert({all[i].first, all[i].second});
    if (ordered.size() < 3) continue;
    int last = *ordered.rbegin();  // in nox's order: what may gather the others' files
    // Every one of them only before the gatherer (tests, then `coverage combine`): the
    // files already are the sessions' own, and that order is the work itself.
    if (std::all_of(positions.begin(), positions.end(),
                    [&](size_t i) { return all[i].second == last; }))
      continue;
    SharedFileAdvice one{key, {}, Fix(key)};
    for (int node : ordered) one.sessions.push_back(sessions[node].signature);
    std::vector<std::pair<int, int>> rest;
    for (size_t i = 0; i < all.size(); ++i)
      if (std::find(positions.begin(), positions.end(), i) == positions.end() ||
          all[i].second == last)
        rest.push_back(all[i]);
    if (timed) {
      one.seconds_now = now;
      one.seconds_without = EstimateWallTime(seconds, rest, jobs);
    }
    advice.push_back(std::move(one));
  }
  std::stable_sort(advice.begin(), advice.end(),
                   [](const SharedFileAdvice& a, const SharedFileAdvice& b) {
                     if (a.seconds_saved() != b.seconds_saved())
                       return a.seconds_saved() > b.seconds_saved();
                     return a.sessions.size() > b.sessions.size();
                   });
  return advice;
}

std::string DescribeAdvice(const SharedFileAdvice& advice, int jobs) {
  std::string text = fmt::format(
      "{} alone orders {} sessions one after another ({}): to let them run in parallel, {}.",
      advice.shared, advice.sessions.size(), fmt::join(advice.sessions, ", "), advice.fix);
  if (advice.seconds_now > 0)
    text += fmt::format(
        " On the remembered durations that would save at least {:.0f}s of {:.0f}s on {} "
        "worker{}.",
        advice.seconds_saved(), advice.seconds_now, jobs, jobs == 1 ? "" : "s");
  return text;
}
