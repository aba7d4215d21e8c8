#include "trace_log.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

class TraceLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/parnox-trace-log-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/trace.log";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteRaw(const std::string& content) { std::ofstream(path_, std::ios::binary) << content; }

  std::string ReadError() {
    std::vector<Access> accesses;
    std::string error;
    EXPECT_FALSE(ReadTraceLog(path_, &accesses, &error));
    return error;
  }

  std::string dir_;
  std::string path_;
};

Access Make(AccessKind kind, std::string path, pid_t pid = 42, uint64_t when = 7) {
  Access access;
  access.kind = kind;
  access.path = std::move(path);
  access.pid = pid;
  access.when_ns = when;
  return access;
}

TEST(TraceFieldTest, EscapesWhatWouldBreakALine) {
  EXPECT_EQ(EscapeTraceField("/a b/c.py"), "/a b/c.py");
  EXPECT_EQ(EscapeTraceField("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
  EXPECT_EQ(EscapeTraceField(std::string("\x01\x7f", 2)), "\\x01\\x7f");
  EXPECT_EQ(EscapeTraceField("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 stays readable
  EXPECT_EQ(EscapeTraceField("bad\xff\xc3"), "bad\\xff\\xc3");
  EXPECT_EQ(EscapeTraceField("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(EscapeTraceField("\xc0\xaf"), "\\xc0\\xaf");           // an overlong '/'
}

TEST(TraceFieldTest, EveryByteStringRoundTrips) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) all.push_back(static_cast<char>(byte));
  for (const std::string& raw : {all, std::string(), std::string("\\x41"), all + "\xe2\x82\xac"}) {
    std::string back;
    ASSERT_TRUE(UnescapeTraceField(EscapeTraceField(raw), &back));
    EXPECT_EQ(back, raw);
  }
}

TEST(TraceFieldTest, RejectsMalformedEscapes) {
  std::string raw;
  EXPECT_FALSE(UnescapeTraceField("a\\", &raw));
  EXPECT_FALSE(UnescapeTraceField("\\q", &raw));
  EXPECT_FALSE(UnescapeTraceField("\\x4", &raw));
  EXPECT_FALSE(UnescapeTraceField("\\xg0", &raw));
}

TEST_F(TraceLogTest, RecordsRoundTrip) {
  std::vector<Access> written = {
      Make(AccessKind::kRead, "/src/a.py"),
      Make(AccessKind::kWrite, "/odd\tname\nwith\\escapes\xff", 43, 8),
      Make(AccessKind::kProbe, "/caf\xc3\xa9"),
      Make(AccessKind::kList, "/"),
  };
  Access exec = Make(AccessKind::kExec, "/usr/bin/python3.11", 44, 9);
  exec.argv0 = "python3\t-weird";
  Access spawn = Make(AccessKind::kSpawn, "", 45, 10);
  spawn.parent = 44;
  Access exit = Make(AccessKind::kExit, "", 45, 11);
  exit.status = 143;
  written.insert(written.end(), {exec, spawn, exit, Make(AccessKind::kBlindSpot, "io_uring")});
  for (AccessKind kind : {AccessKind::kCreate, AccessKind::kDelete, AccessKind::kMkdir})
    written.push_back(Make(kind, "/k"));

  TraceLogWriter writer;
  std::string error;
  ASSERT_TRUE(writer.Open(path_, &error)) << error;
  for (const Access& access : written) writer.Add(access);
  ASSERT_TRUE(writer.Close(&error)) << error;

  std::vector<Access> read;
  ASSERT_TRUE(ReadTraceLog(path_, &read, &error)) << error;
  EXPECT_EQ(read, written);
}

TEST_F(TraceLogTest, StartsWithTheFormatVersion) {
  TraceLogWriter writer;
  std::string error;
  ASSERT_TRUE(writer.Open(path_, &error));
  writer.Add(Make(AccessKind::kRead, "/x"));
  ASSERT_TRUE(writer.Close(&error));
  std::ifstream in(path_);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(first, "parnox-trace 1");
  EXPECT_EQ(second, "read\t42\t7\t/x\t");
}

TEST_F(TraceLogTest, AnEmptyTraceIsJustTheHeader) {
  TraceLogWriter writer;
  std::string error;
  ASSERT_TRUE(writer.Open(path_, &error));
  ASSERT_TRUE(writer.Close(&error));
  std::vector<Access> read = {Make(AccessKind::kRead, "/stale")};
  EXPECT_TRUE(ReadTraceLog(path_, &read, &error)) << error;
  EXPECT_TRUE(read.empty());
}

TEST_F(TraceLogTest, FlushesLongTracesAsTheyGrow) {
  TraceLogWriter writer;
  std::string error;
  ASSERT_TRUE(writer.Open(path_, &error));
  for (int i = 0; i < 5000; ++i)
    writer.Add(Make(AccessKind::kRead, "/some/longer/path/" + std::to_string(i)));
  // Before Close, most of it is already on disk, in whole lines.
  std::ifstream in(path_);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_GT(content.size(), 64u << 10);
  EXPECT_EQ(content.back(), '\n');
  ASSERT_TRUE(writer.Close(&error));
}

TEST_F(TraceLogTest, OpenFailureNamesTheFile) {
  TraceLogWriter writer;
  std::string error;
  EXPECT_FALSE(writer.Open(dir_ + "/missing/trace.log", &error));
  EXPECT_NE(error.find(dir_ + "/missing/trace.log"), std::string::npos) << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
  writer.Add(Make(AccessKind::kRead, "/x"));  // harmless when not open
}

TEST_F(TraceLogTest, WriteFailureIsReportedByClose) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  TraceLogWriter writer;
  std::string error;
  ASSERT_TRUE(writer.Open("/dev/full", &error)) << error;
  for (int i = 0; i < 10000; ++i) writer.Add(Make(AccessKind::kRead, "/x"));
  EXPECT_FALSE(writer.Close(&error));
  EXPECT_NE(error.find("/dev/full"), std::string::npos) << error;
}

TEST_F(TraceLogTest, MissingFileIsAnError) {
  std::vector<Access> read;
  std::string error;
  EXPECT_FALSE(ReadTraceLog(dir_ + "/nope", &read, &error));
  EXPECT_NE(error.find(dir_ + "/nope"), std::string::npos) << error;
}

TEST_F(TraceLogTest, CorruptFilesAreErrorsWithTheLine) {
  WriteRaw("");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":1: empty file, not a parnox trace log");
  WriteRaw("{\"version\": 1}\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":1: not a parnox trace log");
  WriteRaw("parnox-trace 2\nread\t1\t2\t/x\t\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ +
                             ":1: unsupported format 'parnox-trace 2' (this parnox reads "
                             "'parnox-trace 1')");
  WriteRaw("parnox-trace 1\nread\t1\t2\t/x\t\nsniff\t1\t2\t/x\t\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":3: unknown access kind 'sniff'");
  WriteRaw("parnox-trace 1\nread\t1\t2\t/x\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":2: expected 5 tab-separated fields, found 4");
  WriteRaw("parnox-trace 1\nread\tone\t2\t/x\t\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":2: bad pid or time");
  WriteRaw("parnox-trace 1\nread\t1\t-2\t/x\t\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":2: bad pid or time");
  WriteRaw("parnox-trace 1\nread\t1\t2\t/x\\q\t\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":2: bad escape in the path");
  WriteRaw("parnox-trace 1\nexit\t1\t2\t\tdead\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":2: bad last field for kind 'exit'");
  WriteRaw("parnox-trace 1\nread\t1\t2\t/x\textra\n");
  EXPECT_EQ(ReadError(), "trace log " + path_ + ":2: bad last field for kind 'read'");
}

TEST_F(TraceLogTest, TruncatedTailKeepsTheWholeRecords) {
  WriteRaw("parnox-trace 1\nread\t1\t2\t/a\t\nwrite\t1\t3\t/b");
  std::vector<Access> read;
  std::string error;
  EXPECT_FALSE(ReadTraceLog(path_, &read, &error));
  EXPECT_EQ(error, "trace log " + path_ + ":3: truncated record (the tracer was killed?)");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].path, "/a");
}

TEST_F(TraceLogTest, BinaryGarbageIsAnErrorNotACrash) {
  std::string garbage = "parnox-trace 1\n";
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) & 0xff));
  WriteRaw(garbage);
  EXPECT_FALSE(ReadError().empty());
}

}  // namespace
