#include "completion_main.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "completion.h"
#include "completion_cache.h"
#include "discovery.h"
#include "environment.h"
#include "nox_helper_file.h"
#include "nox_locator.h"
#include "util.h"

namespace {

using Clock = std::chrono::steady_clock;

/// Runs `work` in a child process, in a process group of its own with everything it
/// starts, and returns what `work` returned; nullopt when it failed or took longer than
/// `limit` (the whole group is killed then).
std::optional<std::string> InChildWithin(std::chrono::milliseconds limit,
                                         const std::function<std::optional<std::string>()>& work) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    setpgid(0, 0);
    close(fds[0]);
    std::optional<std::string> result = work();
    if (!result) _exit(1);
    for (size_t done = 0; done < result->size();) {
      ssize_t n = write(fds[1], result->data() + done, result->size() - done);
      if (n < 0 && errno != EINTR) _exit(1);
      if (n > 0) done += static_cast<size_t>(n);
    }
    _exit(0);
  }
  setpgid(pid, pid);  // also here, so the kill below cannot come before the child's own
  close(fds[1]);
  std::string out;
  Clock::time_point deadline = Clock::now() + limit;
  bool in_time = true;
  for (char buffer[4096];;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd wait{fds[0], POLLIN, 0};
    int ready = left.count() > 0 ? poll(&wait, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      in_time = false;
      break;
    }
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (!in_time) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!in_time || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

/// Session names as the child sends them: "s NAME" and "t TAG" lines.
std::string EncodeNames(const Project& project) {
  std::string text;
  for (const Session& session : project.sessions) {
    text += "s " + session.name + "\n";
    text += "s " + session.signature + "\n";
    for (const std::string& signature : session.signatures) text += "s " + signature + "\n";
    for (const std::string& tag : session.tags) text += "t " + tag + "\n";
  }
  return text;
}

SessionNames DecodeNames(const std::string& text) {
  SessionNames names;
  std::vector<std::string> seen;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line.size() < 2 || std::find(seen.begin(), seen.end(), line) != seen.end()) continue;
    seen.push_back(line);
    (line[0] == 's' ? names.sessions : names.tags).push_back(line.substr(2));
  }
  return names;
}

/// The sessions of `noxfile` through the discovery `parnox list` uses: the nox that --nox,
/// $PARNOX_NOX, PATH or python3 give (LocateNox), within kAskNoxLimit.
std::optional<SessionNames> AskNox(const std::string& noxfile,
                                   const std::optional<std::string>& nox_flag,
                                   const Environment& env) {
  std::string error;
  std::optional<NoxHelperFile> helper = NoxHelperFile::Write(&error);
  if (!helper) return std::nullopt;
  std::optional<std::string> encoded =
      InChildWithin(kAskNoxLimit, [&]() -> std::optional<std::string> {
        std::optional<NoxCommand> nox = LocateNox(nox_flag, env, &error);
        if (!nox) return std::nullopt;
        nox->helper = helper->path();
        auto discovered = Discover(*nox, {"--noxfile", noxfile});
        if (const Project* project = std::get_if<Project>(&discovered))
          return EncodeNames(*project);
        return std::nullopt;
      });
  if (!encoded) return std::nullopt;
  return DecodeNames(*encoded);
}

}  // namespace

int CompleteMain(int argc, char** argv) {
  // Nothing may reach the line being typed: not nox's complaints, not a warning of ours.
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDERR_FILENO), close(null);
  std::string shell = argc > 2 ? argv[2] : "";
  std::vector<std::string> words(argv + std::min(argc, 3), argv + argc);
  if (shell == "bash") words = UnquoteBashWords(words);
  if (words.empty()) words.emplace_back();

  RealDisk disk;
  Environment env = Environment::OfProcess();
  CachedSessions sessions(disk,
                          [&](const std::string& noxfile, const std::optional<std::string>& nox) {
                            return AskNox(noxfile, nox, env);
                          });
  std::string error;
  return PrintResult(RenderCompletion(Complete(words, sessions)), &error) ? 0 : 1;
}
