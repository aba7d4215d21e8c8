#include "lifetime.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

TEST(LifetimeTest, KillDescendantsReachesGrandchildrenInSessionsOfTheirOwn) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  if (child == 0) {
    if (fork() == 0) {  // a daemon: a session of its own, its parent still waiting
      setsid();
      (void)!write(ready[1], "g", 1);
      pause();
      _exit(0);
    }
    (void)!write(ready[1], "c", 1);
    pause();
    _exit(0);
  }
  char both[2];
  ASSERT_EQ(read(ready[0], both, 1) + read(ready[0], both + 1, 1), 2);
  EXPECT_EQ(KillDescendants(), 2);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(KillDescendants(), 0);  // nothing left
  close(ready[0]);
  close(ready[1]);
}

TEST(LifetimeTest, AParentAlreadyGoneIsSaid) {
  EXPECT_TRUE(DieWithParent(getppid(), 0));  // 0: no signal; the parent is alive
  EXPECT_FALSE(DieWithParent(getppid() + 100000, 0));
}

}  // namespace
