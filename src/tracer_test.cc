#include "tracer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tracer_fixture.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace tracer_test;

// --- One program per syscall family -------------------------------------------------

TEST_F(TracerTest, OpenForReading) {
  File("input");
  Outcome run = Trace({Program("open_read"), dir_});
  EXPECT_EQ(run.status, 0) << run.error;
  EXPECT_EQ(run.out, "input: hello\n");
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"read input", "read input"}));
}

TEST_F(TracerTest, OpenForWriting) {
  for (const char* name : {"out", "rw", "append"}) File(name);
  Outcome run = Trace({Program("open_write"), dir_});
  EXPECT_EQ(run.status, 0) << run.error;
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"write out", "write rw", "write append"}));
}

TEST_F(TracerTest, OpenWithCreateTellsNewFromExisting) {
  File("existing");
  Outcome run = Trace({Program("open_create"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"create new1", "create new2", "write existing",
                                                 "probe existing", "read existing", "create new3",
                                                 "create new4", "write new1"}));
}

TEST_F(TracerTest, OpensThatReadNothingAreProbes) {
  File("input");
  Dir("sub");
  Outcome run = Trace({Program("open_fail"), dir_});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(Seen(run),
            (std::vector<std::string>{"probe missing", "probe nodir/x", "probe input/x",
                                      "probe sub", "probe input", "probe sub", "probe sub"}));
}

TEST_F(TracerTest, UnlinkAndRmdir) {
  for (const char* name : {"a", "b"}) File(name);
  for (const char* name : {"d", "e", "full"}) Dir(name);
  File("full/x");
  Outcome run = Trace({Program("unlink"), dir_});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"delete a", "probe a", "probe .", "delete b",
                                                 "delete d", "delete e", "probe full"}));
}

TEST_F(TracerTest, RenameIsADeleteAndAWrite) {
  for (const char* name : {"a", "c", "d", "e", "g", "i", "j"}) File(name, name);
  Outcome run = Trace({Program("rename"), dir_});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(Seen(run),
            (std::vector<std::string>{"delete a", "create b", "delete c", "write d", "probe .",
                                      "delete e", "create f", "delete g", "create h", "write i",
                                      "write j", "probe missing", "probe x"}));
  EXPECT_EQ(ReadFile(At("i")), "j");
}

TEST_F(TracerTest, MkdirAndMknod) {
  Outcome run = Trace({Program("mkdir"), dir_});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(Seen(run),
            (std::vector<std::string>{"mkdir d1", "probe .", "mkdir d2", "probe d1",
                                      "probe nope/d3", "delete d1", "create fifo", "create node"}));
}

TEST_F(TracerTest, LinksAndSymlinks) {
  File("a");
  Outcome run = Trace({Program("link"), dir_});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"read a", "create b", "probe a", "probe b",
                                                 "create s", "create s2", "probe .", "read a",
                                                 "create c", "create s3", "probe .", "create t"}));
  // linkat of /proc/self/fd/N: "self" is the tracee, not the tracer.
  std::string own_fd = "/proc/" + std::to_string(MainPid(run)) + "/fd/";
  bool found = false;
  for (const Access& access : run.accesses) found |= access.path.starts_with(own_fd);
  EXPECT_TRUE(found);
}

TEST_F(TracerTest, StatAccessAndReadlinkAreProbesAndFstatIsNothing) {
  File("f");
  Symlink("f", "l");
  Outcome run = Trace({Program("stat"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"probe .", "probe f", "probe l", "probe f",
                                                 "probe f", "probe f", "probe f", "probe l",
                                                 "probe l", "probe missing", "probe f", "probe l",
                                                 "probe f", "probe l", "probe f", "read f"}));
}

TEST_F(TracerTest, DirectoryListings) {
  Dir("listed");
  File("listed/x");
  File("listed/y");
  Outcome run = Trace({Program("getdents"), dir_});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "2 names\n");
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"probe listed", "list listed", "read listed/x",
                                                 "probe listed", "list listed"}));
}

TEST_F(TracerTest, RelativePathsFollowChdirAndFchdir) {
  Dir("sub");
  Dir("a/b");
  File("sub/file");
  File("top");
  File("a/x");
  Symlink("sub", "link");
  Symlink(At("a/b"), "deep");
  Outcome run = Trace({Program("chdir"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(Seen(run),
            (std::vector<std::string>{"probe sub", "read sub/file", "read top", "probe .",
                                      "probe .", "create sub/file2", "probe link", "read top",
                                      "read a/x", "read sub/file"}));
}

TEST_F(TracerTest, OpenatResolvesAgainstItsDirectory) {
  Dir("sub");
  File("sub/f");
  File("abs");
  Outcome run = Trace({Program("openat"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"probe sub", "read sub/f", "create sub/g",
                                                 "read abs", "read abs", "read sub/f",
                                                 "create sub/h", "probe sub/missing"}));
}

TEST_F(TracerTest, MetadataChangesAreWrites) {
  File("f");
  Symlink("f", "l");
  Outcome run = Trace({Program("metadata"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  std::vector<std::string> expected = {"write f", "probe .", "write f", "write f", "write l",
                                       "write f", "write f", "write f", "read f",  "write f",
                                       "write f", "write f", "write f"};
  if (run.out == "xattr ok\n") {
    expected.insert(expected.end(), {"write f", "write f"});
  } else {
    EXPECT_EQ(run.out, "xattr unsupported\n");
    expected.push_back("probe f");
  }
  expected.push_back("probe missing");
  EXPECT_EQ(Seen(run), expected);
}

// --- Processes and threads ------------------------------------------------------------

TEST_F(TracerTest, ThreadsAreRecordedAsTheirProcess) {
  File("input");
  Outcome run = Trace({Program("threads"), dir_, "open"});
  EXPECT_EQ(run.status, 0);
  std::vector<std::string> seen = Seen(run, MainPid(run));
  std::multiset<std::string> got(seen.begin(), seen.end());
  EXPECT_EQ(got,
            (std::multiset<std::string>{"create t0", "create t1", "create t2", "create t3",
                                        "read input", "read input", "read input", "read input"}));
  EXPECT_EQ(Seen(run).size(), seen.size());  // nothing under another pid
  EXPECT_EQ(OfKind(run, AccessKind::kSpawn).size(), 1u);
}

TEST_F(TracerTest, ExecFromASecondThreadKeepsTheProcessId) {
  File("input");
  Outcome run = Trace({Program("threads"), dir_, "exec", Program("open_read")});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "input: hello\n");
  pid_t main = MainPid(run);
  EXPECT_EQ(Seen(run, main), (std::vector<std::string>{"read input", "read input"}));
  std::vector<const Access*> execs = OfKind(run, AccessKind::kExec);
  ASSERT_EQ(execs.size(), 2u);
  EXPECT_EQ(execs[1]->path, NormalizePath(Program("open_read")));
  EXPECT_EQ(execs[1]->pid, main);
  EXPECT_EQ(run.accesses.back().kind, AccessKind::kExit);
  EXPECT_EQ(run.accesses.back().pid, main);
}

TEST_F(TracerTest, ForkAndExecChain) {
  File("input");
  File("script.sh", "#!/bin/sh\necho from-script > \"$1/script-out\"\n");
  fs::permissions(At("script.sh"), fs::perms::owner_all);
  Outcome run = Trace({Program("fork_exec"), dir_, Program("open_read")});
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(run.out, "input: hello\nchildren done\n");
  pid_t main = MainPid(run);
  EXPECT_EQ(Seen(run, main), (std::vector<std::string>{"create before", "create after"}));

  std::vector<const Access*> spawns = OfKind(run, AccessKind::kSpawn);
  ASSERT_EQ(spawns.size(), 3u);
  pid_t first = spawns[1]->pid, second = spawns[2]->pid;
  EXPECT_EQ(spawns[1]->parent, main);
  EXPECT_EQ(spawns[2]->parent, main);
  EXPECT_EQ(Seen(run, first), (std::vector<std::string>{"create child", "probe missing-program",
                                                        "read input", "read input"}));
  // The kernel starts the interpreter, which then opens the script itself.
  EXPECT_EQ(Seen(run, second),
            (std::vector<std::string>{"exec script.sh", "read script.sh", "create script-out"}));

  std::vector<const Access*> execs = OfKind(run, AccessKind::kExec);
  ASSERT_EQ(execs.size(), 3u);
  EXPECT_EQ(execs[0]->pid, main);
  EXPECT_EQ(execs[0]->argv0, Program("fork_exec"));
  EXPECT_EQ(execs[1]->pid, first);
  EXPECT_EQ(execs[1]->path, NormalizePath(Program("open_read")));
  EXPECT_EQ(execs[1]->argv0, "renamed-argv0");
  EXPECT_EQ(execs[2]->argv0, "script.sh");
  // The script's interpreter is read right after the exec.
  auto after_script = std::find_if(run.accesses.begin(), run.accesses.end(),
                                   [&](const Access& a) { return &a == execs[2]; }) +
                      1;
  EXPECT_EQ(after_script->kind, AccessKind::kRead);
  EXPECT_EQ(after_script->path, fs::canonical("/bin/sh").string());

  std::vector<const Access*> exits = OfKind(run, AccessKind::kExit);
  ASSERT_EQ(exits.size(), 3u);
  for (const Access* exit : exits) EXPECT_EQ(exit->status, 0);
  EXPECT_EQ(run.accesses.back().pid, main);
}

TEST_F(TracerTest, VforkAndPosixSpawn) {
  File("input");
  Outcome run = Trace({Program("vfork"), dir_, Program("open_read")});
  EXPECT_EQ(run.status, 0) << run.out;
  pid_t main = MainPid(run);
  std::vector<const Access*> spawns = OfKind(run, AccessKind::kSpawn);
  ASSERT_EQ(spawns.size(), 3u);
  for (int i : {1, 2}) {
    EXPECT_EQ(spawns[i]->parent, main);
    EXPECT_EQ(Seen(run, spawns[i]->pid), (std::vector<std::string>{"read input", "read input"}));
  }
  EXPECT_EQ(Seen(run, main), (std::vector<std::string>{"create after"}));
}

TEST_F(TracerTest, Clone3AndCloneChildren) {
  Outcome run = Trace({Program("clone3"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  pid_t main = MainPid(run);
  std::vector<const Access*> spawns = OfKind(run, AccessKind::kSpawn);
  ASSERT_EQ(spawns.size(), 4u);
  const char* files[] = {"create c1", "create c2", "create c3"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(spawns[i + 1]->parent, main);
    EXPECT_EQ(Seen(run, spawns[i + 1]->pid), std::vector<std::string>{files[i]});
  }
}

TEST_F(TracerTest, StaticBinary) {
  File("input");
  File("gone");
  Outcome run = Trace({Program("static_files"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  EXPECT_EQ(Seen(run),
            (std::vector<std::string>{"read input", "create out", "delete gone", "mkdir d",
                                      "create child-out", "create exec-out"}));
  std::vector<const Access*> execs = OfKind(run, AccessKind::kExec);
  ASSERT_EQ(execs.size(), 2u);
  EXPECT_EQ(execs[1]->argv0, "static_files");
}

TEST_F(TracerTest, ThirtyTwoBitSystemCalls) {
  File("input");
  Outcome run = Trace({Program("int80"), dir_});
  EXPECT_EQ(run.status, 0) << run.out;
  if (run.out == "no ia32\n") GTEST_SKIP() << "the kernel has no IA32 emulation";
  EXPECT_EQ(Seen(run), (std::vector<std::string>{"read input", "create out", "probe input",
                                                 "mkdir made", "delete out"}));
}

TEST_F(TracerTest, IoUringIsABlindSpot) {
  Outcome run = Trace({Program("io_uring"), dir_});
  EXPECT_EQ(run.status, 0);
  std::vector<const Access*> blind = OfKind(run, AccessKind::kBlindSpot);
  ASSERT_EQ(blind.size(), 1u);
  EXPECT_EQ(blind[0]->path, "io_uring_setup");
}

// --- Exit statuses and signals ---------------------------------------------------------

TEST_F(TracerTest, ExitStatusesAndSignalsAreThoseOfTheCommand) {
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string out;
  };
  std::vector<Case> cases = {
      {{"exit", "0"}, 0, ""},
      {{"exit", "7"}, 7, ""},
      {{"raise", std::to_string(SIGTERM)}, 128 + SIGTERM, ""},
      {{"raise", std::to_string(SIGSEGV)}, 128 + SIGSEGV, ""},
      {{"raise", std::to_string(SIGKILL)}, 128 + SIGKILL, ""},
      {{"ignore-term"}, 0, "survived\n"},
      {{"handle-term"}, 0, "handled 1\n"},
      {{"stop-cont"}, 0, "stopped: 1\ncontinued\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {Program("signals"), dir_};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Outcome traced = Trace(argv);
    Outcome plain = Plain(argv);
    EXPECT_EQ(traced.status, c.status) << c.args[0];
    EXPECT_EQ(plain.status, c.status) << c.args[0];
    EXPECT_EQ(traced.out, c.out) << c.args[0];
    EXPECT_EQ(plain.out, c.out) << c.args[0];
    ASSERT_FALSE(traced.accesses.empty());
    EXPECT_EQ(traced.accesses.back().kind, AccessKind::kExit);
    EXPECT_EQ(traced.accesses.back().status, c.status);
  }
}

TEST_F(TracerTest, CommandThatCannotRun) {
  Outcome missing = Trace({At("missing")});
  EXPECT_EQ(missing.status, 127);
  EXPECT_EQ(missing.error, "cannot run '" + At("missing") + "': No such file or directory");
  EXPECT_EQ(Seen(missing), (std::vector<std::string>{"probe missing"}));
  File("not-executable");
  Outcome denied = Trace({At("not-executable")});
  EXPECT_EQ(denied.status, 126);
  EXPECT_NE(denied.error.find("Permission denied"), std::string::npos) << denied.error;
}

TEST_F(TracerTest, WorksWhereTheCallerIgnoresSigchld) {
  fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGCHLD, SIG_IGN);  // children would be reaped before waitpid saw them
    AccessList sink;
    std::string error;
    int status = RunTraced({Program("signals"), dir_, "exit", "5"}, sink, &error);
    bool ignored_again = signal(SIGCHLD, SIG_DFL) == SIG_IGN;
    _exit(status == 5 && ignored_again && sink.accesses.back().status == 5 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST_F(TracerTest, WhatTheCommandLeavesRunningIsKilledWhenItExits) {
  Outcome run = Trace({"/bin/sh", "-c", "sleep 100 & echo $! > " + At("pid")});
  EXPECT_EQ(run.status, 0);
  pid_t sleeper = std::stoi(ReadFile(At("pid")));
  EXPECT_TRUE(WaitUntil([&] { return !Alive(sleeper); }, 5s));
}

// --- Same behaviour as untraced ---------------------------------------------------------

/// Every file under `dir`: relative name -> type and content (or link target).
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string name = entry.path().string().substr(dir.size());
    if (entry.is_symlink())
      files[name] = "symlink " + fs::read_symlink(entry.path()).string();
    else if (entry.is_directory())
      files[name] = "dir";
    else if (entry.is_regular_file())
      files[name] = "file " + ReadFile(entry.path());
    else
      files[name] = "other";
  }
  return files;
}

TEST_F(TracerTest, TracedRunsEndLikeUntracedOnes) {
  struct Case {
    std::string program;
    std::vector<std::string> files;
    std::vector<std::string> extra_args;
  };
  std::vector<Case> cases = {
      {"open_create", {"existing"}, {}},
      {"rename", {"a", "c", "d", "e", "g", "i", "j"}, {}},
      {"link", {"a"}, {}},
      {"metadata", {"f"}, {}},
      {"fork_exec", {"input"}, {Program("open_read")}},
      {"vfork", {"input"}, {Program("open_read")}},
      {"static_files", {"input", "gone"}, {}},
      {"threads", {"input"}, {"open"}},
  };
  for (const Case& c : cases) {
    std::map<std::string, std::string> results[2];
    Outcome outcomes[2];
    for (int traced = 0; traced < 2; ++traced) {
      fs::remove_all(dir_);
      fs::create_directory(dir_);
      for (const std::string& name : c.files) File(name, name + "\n");
      if (c.program == "metadata") Symlink("f", "l");
      if (c.program == "fork_exec") {
        File("script.sh", "#!/bin/sh\necho from-script > \"$1/script-out\"\n");
        fs::permissions(At("script.sh"), fs::perms::owner_all);
      }
      std::vector<std::string> argv = {Program(c.program), dir_};
      argv.insert(argv.end(), c.extra_args.begin(), c.extra_args.end());
      outcomes[traced] = traced ? Trace(argv) : Plain(argv);
      results[traced] = Snapshot(dir_);
    }
    EXPECT_EQ(outcomes[1].status, outcomes[0].status) << c.program;
    EXPECT_EQ(outcomes[1].out, outcomes[0].out) << c.program;
    EXPECT_EQ(results[1], results[0]) << c.program;
  }
}

// --- Real programs ----------------------------------------------------------------------

TEST_F(TracerTest, ShellCommands) {
  Outcome run = Trace({"/bin/sh", "-c",
                       "cd " + dir_ +
                           " && echo hi > a && cat a > b && rm a && mkdir d && "
                           "mv b d/c && ls d"});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.out, "c\n");
  std::vector<std::string> seen = Seen(run);
  EXPECT_TRUE(InOrder(seen, {"probe .", "create a", "create b", "read a", "delete a", "mkdir d",
                             "delete b", "create d/c", "probe d", "list d"}))
      << Join(seen);
  for (const std::string& entry : seen) EXPECT_FALSE(entry.starts_with("write ")) << entry;
}

TEST_F(TracerTest, Python) {
  if (access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  std::string script =
      "import os, json\n"
      "d = " +
      std::string("'") + dir_ +
      "'\n"
      "open(d + '/f', 'w').write(json.dumps([1]))\n"
      "print(open(d + '/f').read())\n"
      "print(sorted(os.listdir(d)))\n"
      "os.rename(d + '/f', d + '/g')\n";
  Outcome run = Trace({"/usr/bin/python3", "-c", script});
  EXPECT_EQ(run.status, 0) << run.error;
  EXPECT_EQ(run.out, "[1]\n['f']\n");
  std::vector<std::string> seen = Seen(run);
  EXPECT_TRUE(InOrder(seen, {"create f", "read f", "probe .", "list .", "delete f", "create g"}))
      << Join(seen);
  // The interpreter's own files are traced too (outside the work directory): the import
  // system probes json/__init__.py and reads its cached bytecode.
  bool read_json = false;
  for (const Access& access : run.accesses)
    read_json |=
        access.kind == AccessKind::kRead && access.path.find("/json/") != std::string::npos;
  EXPECT_TRUE(read_json);
}

}  // namespace
