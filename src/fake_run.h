#pragma once

// A finished run made by hand for the report tests: a project, its graph and the record,
// with real log files in a scratch directory and nothing forked.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "graph.h"
#include "run_record.h"
#include "scheduler.h"
#include "session.h"

class FakeRun {
 public:
  FakeRun() {
    std::string pattern = testing::TempDir() + "/parnox-report-XXXXXX";
    root_ = ::mkdtemp(pattern.data()) ? pattern : testing::TempDir();
    project.root = root_;
    project.noxfile = root_ + "/noxfile.py";
    project.nox_version = "2022.11.21";
    std::filesystem::create_directories(root_ + "/.parnox/logs");
  }
  ~FakeRun() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  /// A session that ran from `start` to `end` seconds after the run's start on `worker`
  /// (-1: never started), printing `log`. Returns its node.
  int Add(const std::string& signature, Outcome outcome, double start = 0, double end = 1,
          int worker = 0, const std::string& log = "", const std::string& reason = "") {
    Spec spec{signature, SessionResult{}};
    spec.result.outcome = outcome;
    spec.result.reason = reason;
    if (worker >= 0) {
      spec.result.worker = worker;
      spec.result.start = run.start + Seconds(start);
      spec.result.end = run.start + Seconds(end);
      spec.result.log_path = root_ + "/.parnox/logs/" + std::to_string(specs_.size()) + ".log";
      std::ofstream(spec.result.log_path, std::ios::binary) << log;
    }
    specs_.push_back(spec);
    return static_cast<int>(specs_.size()) - 1;
  }

  void Edge(int from, int to) { edges_.push_back({from, to}); }

  /// A session nox ran inside `host`'s process, with the host's times and log.
  void Notified(const std::string& signature, int host, Outcome outcome) {
    notified_.push_back({signature, host, outcome});
  }

  /// Builds the project and graph, and completes the record of a `wall`-second run.
  const RunRecord& Finish(int jobs, double wall) {
    for (const Spec& spec : specs_) {
      Session session;
      session.signature = session.name = spec.signature;
      session.signatures = {spec.signature};
      project.sessions.push_back(session);
      project.queue.push_back(spec.signature);
    }
    for (size_t n = 0; n < specs_.size(); ++n) {
      graph.nodes.push_back(Node{&project.sessions[n], static_cast<int>(n)});
      graph.index[specs_[n].signature] = static_cast<int>(n);
      run.results.push_back(specs_[n].result);
    }
    for (auto [from, to] : edges_) {
      graph.nodes[from].out.push_back(static_cast<int>(graph.edges.size()));
      graph.nodes[to].in.push_back(static_cast<int>(graph.edges.size()));
      graph.edges.push_back({from, to, EdgeKind::kRequires, "requires"});
    }
    run.hosts.assign(specs_.size(), -1);
    for (const Notify& n : notified_) {
      SessionResult result = run.results[n.host];
      result.outcome = n.outcome;
      run.notified.push_back(NotifiedRun{n.signature, n.host, result});
    }
    run.graph = &graph;
    run.jobs = jobs;
    run.end = run.start + Seconds(wall);
    std::vector<double> actual;
    for (const SessionResult& r : run.results) actual.push_back(r.started() ? r.seconds() : 0);
    run.lower_bound_seconds = LowerBound(graph, actual, jobs);
    return run;
  }

  Project project;
  Graph graph;
  RunRecord run{.start = Clock::now()};

 private:
  struct Spec {
    std::string signature;
    SessionResult result;
  };
  struct Notify {
    std::string signature;
    int host;
    Outcome outcome;
  };

  static Clock::duration Seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  }

  std::string root_;
  std::vector<Spec> specs_;
  std::vector<std::pair<int, int>> edges_;
  std::vector<Notify> notified_;
};

/// Runs `python_code` with /usr/bin/python3, `input` on its stdin; returns its stdout, and
/// its exit status in `*status`.
inline std::string RunPython(const std::string& python_code, const std::string& input,
                             int* status) {
  std::string dir = testing::TempDir();
  std::string input_path = dir + "/parnox-python-input-" + std::to_string(::getpid());
  std::string code_path = input_path + ".py";
  std::ofstream(input_path, std::ios::binary) << input;
  std::ofstream(code_path, std::ios::binary) << python_code;
  std::string command = "/usr/bin/python3 " + code_path + " < " + input_path + " 2>&1";
  std::string output;
  if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    *status = ::pclose(pipe);
  } else {
    *status = -1;
  }
  (void)std::remove(input_path.c_str());
  (void)std::remove(code_path.c_str());
  return output;
}
