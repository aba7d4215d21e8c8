#include "hazards.h"

#include <set>

namespace {

bool Overlapped(const SessionResult& a, const SessionResult& b) {
  return a.started() && b.started() && a.start < b.end && b.start < a.end;
}

bool Conflict(const std::vector<SessionAudit>& audits, int a, int b) {
  if (!audits[a].traced || !audits[b].traced) return false;
  int first = std::min(a, b), second = std::max(a, b);
  return !FindConflicts(audits[first].sets, audits[second].sets).empty();
}

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

/// Entries `writer` made or removed in directories `lister` listed.
std::vector<Evidence> ListedTooEarly(const AccessSets& writer, const AccessSets& lister) {
  std::vector<Evidence> evidence;
  for (const auto* set : {&writer.create, &writer.remove})
    for (const std::string& entry : *set)
      if (entry != "." && lister.list.count(Parent(entry)))
        evidence.push_back(Evidence{entry, ConflictKind::kWriteRead, Parent(entry)});
  return evidence;
}

}  // namespace

std::vector<Hazard> FindHazards(const std::vector<SessionAudit>& audits,
                                const std::vector<SessionResult>& results) {
  std::vector<Hazard> hazards;
  int count = static_cast<int>(audits.size());
  for (int a = 0; a < count; ++a) {
    for (int b = a + 1; b < count; ++b) {
      if (!audits[a].traced || !audits[b].traced || !Overlapped(results[a], results[b]))
        continue;
      std::vector<Evidence> evidence = FindConflicts(audits[a].sets, audits[b].sets);
      if (evidence.empty() && !Passed(results[b].outcome))
        evidence = ListedTooEarly(audits[a].sets, audits[b].sets);
      if (!evidence.empty()) hazards.push_back(Hazard{a, b, std::move(evidence)});
    }
  }
  return hazards;
}

std::vector<int> SessionsToRerun(const std::vector<SessionAudit>& audits,
                                 const std::vector<Hazard>& hazards) {
  std::set<int> chosen;
  for (const Hazard& hazard : hazards) chosen.insert(hazard.second);
  for (bool grew = !chosen.empty(); grew;) {
    grew = false;
    for (int n = 0; n < static_cast<int>(audits.size()); ++n) {
      if (chosen.count(n)) continue;
      for (int c : chosen) {
        if (!Conflict(audits, n, c)) continue;
        chosen.insert(n);
        grew = true;
        break;
      }
    }
  }
  return std::vector<int>(chosen.begin(), chosen.end());
}
