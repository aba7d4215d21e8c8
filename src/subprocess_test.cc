#include "subprocess.h"

#include <gtest/gtest.h>

namespace {

TEST(RunAndCaptureTest, CapturesStdoutAndExitCode) {
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "printf 'a\\nb'; echo err >&2; exit 3"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->out, "a\nb");
  EXPECT_EQ(run->exit.exit_code, 3);
  EXPECT_EQ(run->exit.signal, 0);
}

TEST(RunAndCaptureTest, SignalDeathIs128PlusN) {
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "kill -KILL $$"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->exit.signal, SIGKILL);
  EXPECT_EQ(run->exit.exit_code, 128 + SIGKILL);
}

TEST(RunAndCaptureTest, StdinIsDevNull) {
  std::string error;
  auto run = RunAndCapture({"sh", "-c", "cat; echo done"}, &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->out, "done\n");
}

TEST(RunAndCaptureTest, MissingProgramIsAClearError) {
  std::string error;
  auto run = RunAndCapture({"parnox-no-such-program", "x"}, &error);
  EXPECT_FALSE(run);
  EXPECT_NE(error.find("parnox-no-such-program"), std::string::npos) << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

}  // namespace
