#include "log_text.h"

#include <gtest/gtest.h>

#include <fstream>

namespace {

std::string WriteTemp(const std::string& content) {
  std::string path = testing::TempDir() + "/parnox-log-text-" + std::to_string(::getpid());
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(LogTextTest, TailKeepsTheLastLinesAndSaysSo) {
  std::string path = WriteTemp("a\nb\nc\nd\n");
  LogTail tail = ReadLogTail(path, 1000, 2);
  EXPECT_EQ(tail.bytes, "c\nd\n");
  EXPECT_TRUE(tail.truncated);
  EXPECT_EQ(tail.size, 8u);
  tail = ReadLogTail(path, 1000, 10);
  EXPECT_EQ(tail.bytes, "a\nb\nc\nd\n");
  EXPECT_FALSE(tail.truncated);
  (void)std::remove(path.c_str());
}

TEST(LogTextTest, TailByBytesStartsAtALineBoundary) {
  std::string path = WriteTemp("first line\nsecond\nthird");
  EXPECT_EQ(ReadLogTail(path, 10, 100).bytes, "third");
  EXPECT_EQ(ReadLogTail(path, 3, 100).bytes, "ird");  // all one line: keep what was read
  (void)std::remove(path.c_str());
}

TEST(LogTextTest, AMissingLogIsSaidToBeMissing) {
  EXPECT_TRUE(ReadLogTail("/nonexistent/parnox.log", 10, 10).missing);
}

TEST(LogTextTest, CleanTextIsValidUtf8WithoutControlCharacters) {
  EXPECT_EQ(CleanLogText("a\x01"
                         "b\tc\x7F\x1B[1m"),
            "ab\tc\x1B[1m");
  EXPECT_EQ(CleanLogText("\xC3\xA9\xC3"), "\xC3\xA9\xEF\xBF\xBD");
  EXPECT_EQ(CleanLogText("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(CleanLogText("\xC2\x9B"
                         "1m"),
            "1m");  // C1 CSI
  EXPECT_EQ(CleanLogText("10%\r50%\r100%\r\nnext\r\n"), "100%\nnext\n");
}

TEST(LogTextTest, StripsEveryKindOfEscapeSequence) {
  EXPECT_EQ(StripAnsi("\x1B[1;31mred\x1B[0m \x1B(B\x1B[m"), "red ");
  EXPECT_EQ(StripAnsi("\x1B]8;;http://x\x1B\\link\x1B]8;;\a!"), "link!");
  EXPECT_EQ(StripAnsi("\x1B[2K\x1B[1Gdone"), "done");
  EXPECT_EQ(StripAnsi("broken \x1B[12\nnext"), "broken \nnext");
  EXPECT_EQ(StripAnsi("end\x1B"), "end");
}

TEST(LogTextTest, ReportsColourCodesSeparately) {
  std::string text, codes;
  ForEachAnsiPiece(
      "a\x1B[1;32mb\x1B[Kc\x1B[m", [&](std::string_view t) { text += t; },
      [&](std::string_view c) { codes += "[" + std::string(c) + "]"; });
  EXPECT_EQ(text, "abc");
  EXPECT_EQ(codes, "[1;32][]");
}

}  // namespace
