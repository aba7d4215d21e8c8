#include "junit.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_run.h"

namespace {

/// Parses the XML with Python's ElementTree, as a CI reader would, and returns what the
/// readers look at: the suite's counts and each testcase's attributes and children.
nlohmann::json ParseWithElementTree(const std::string& xml) {
  const char* code = R"(
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suites = [root] if root.tag == "testsuite" else list(root)
out = {"root": root.tag, "root_attrib": root.attrib, "suites": []}
for suite in suites:
    cases = []
    for case in suite.iter("testcase"):
        children = {c.tag: {"attrib": c.attrib, "text": c.text or ""} for c in case}
        cases.append({"attrib": case.attrib, "children": children})
    out["suites"].append({"attrib": suite.attrib, "cases": cases})
print(json.dumps(out))
)";
  int status = 0;
  std::string output = RunPython(code, xml, &status);
  EXPECT_EQ(status, 0) << output;
  return nlohmann::json::parse(output, nullptr, false);
}

/// xmllint's verdict, when it is installed: well-formed or the complaint.
std::string Xmllint(const std::string& xml) {
  if (::access("/usr/bin/xmllint", X_OK) != 0) return "";
  int status = 0;
  std::string out = RunPython(
      "import subprocess, sys\n"
      "r = subprocess.run(['/usr/bin/xmllint', '--noout', '-'], stdin=sys.stdin)\n"
      "sys.exit(r.returncode)\n",
      xml, &status);
  return status == 0 ? "" : out;
}

nlohmann::json Case(const nlohmann::json& parsed, const std::string& name) {
  for (const auto& c : parsed["suites"][0]["cases"])
    if (c["attrib"]["name"] == name) return c;
  ADD_FAILURE() << "no testcase " << name;
  return {};
}

TEST(JunitTest, OneSuiteOneCasePerSessionWithTheCountsReadersNeed) {
  FakeRun f;
  int tests = f.Add("tests(kind='unit')", Outcome::kFailed, 0, 6.25, 0,
                    "collecting\nE   assert 1 == 2\n1 failed\n", "nox exited with status 1");
  int cover = f.Add("coverage", Outcome::kAborted, 0, 0, -1, "",
                    "Prerequisite session tests(kind='unit') was not successful");
  f.Add("lint", Outcome::kSuccess, 0, 1.5, 1);
  f.Add("docs", Outcome::kSkipped, 1.5, 2, 1, "", "no sphinx");
  f.Add("slow", Outcome::kTimedOut, 2, 8, 1, "sleeping\n", "timed out after 6s");
  f.Add("later", Outcome::kNotStarted, 0, 0, -1);
  f.Edge(tests, cover);
  std::string xml = RenderJunit(f.project, f.Finish(2, 8.5));

  EXPECT_EQ(Xmllint(xml), "");
  nlohmann::json parsed = ParseWithElementTree(xml);
  ASSERT_TRUE(parsed.is_object()) << xml;
  EXPECT_EQ(parsed["root"], "testsuites");
  ASSERT_EQ(parsed["suites"].size(), 1u);
  const auto& suite = parsed["suites"][0]["attrib"];
  EXPECT_EQ(suite["name"], "parnox");
  EXPECT_EQ(suite["tests"], "6");
  EXPECT_EQ(suite["failures"], "2");
  EXPECT_EQ(suite["errors"], "0");
  EXPECT_EQ(suite["skipped"], "3");
  EXPECT_EQ(suite["time"], "8.500");
  EXPECT_TRUE(suite.contains("timestamp"));
  EXPECT_EQ(parsed["root_attrib"]["tests"], "6");

  nlohmann::json failed = Case(parsed, "tests(kind='unit')");
  EXPECT_EQ(failed["attrib"]["classname"], "parnox");
  EXPECT_EQ(failed["attrib"]["time"], "6.250");
  EXPECT_EQ(failed["attrib"]["file"], f.project.noxfile);
  EXPECT_EQ(failed["children"]["failure"]["attrib"]["message"], "nox exited with status 1");
  std::string text = failed["children"]["failure"]["text"];
  EXPECT_NE(text.find("E   assert 1 == 2\n1 failed\n"), std::string::npos) << text;
  EXPECT_NE(text.find("log: .parnox/logs/"), std::string::npos) << text;

  EXPECT_EQ(Case(parsed, "slow")["children"]["failure"]["attrib"]["type"], "timeout");
  EXPECT_TRUE(Case(parsed, "lint")["children"].empty());
  EXPECT_EQ(Case(parsed, "coverage")["children"]["skipped"]["attrib"]["message"],
            "Prerequisite session tests(kind='unit') was not successful");
  EXPECT_TRUE(Case(parsed, "later")["children"].contains("skipped"));
  EXPECT_EQ(Case(parsed, "docs")["children"]["skipped"]["attrib"]["message"], "no sphinx");
}

TEST(JunitTest, AnInterruptedSessionIsAnErrorWithItsLog) {
  FakeRun f;
  f.Add("tests", Outcome::kInterrupted, 0, 3, 0, "halfway\n", "the run was interrupted (signal 2)");
  nlohmann::json parsed = ParseWithElementTree(RenderJunit(f.project, f.Finish(1, 3)));
  EXPECT_EQ(parsed["suites"][0]["attrib"]["errors"], "1");
  nlohmann::json error = Case(parsed, "tests")["children"]["error"];
  EXPECT_EQ(error["attrib"]["message"], "the run was interrupted (signal 2)");
  EXPECT_NE(error["text"].get<std::string>().find("halfway"), std::string::npos);
}

TEST(JunitTest, LogsWithEscapesControlCharactersAndBadUtf8StayWellFormed) {
  FakeRun f;
  std::string log = "\x1B[31mred\x1B[0m <tag> & \"q\" ]]> \x01\x02\x0B\x0C bell\a\n";
  log +=
      "bad utf8: \xC3\x28 \xFF \xED\xA0\x80 nonchar \xEF\xBF\xBF ok: \xC3\xA9 \xF0\x9F\x98\x80\n";
  log += "progress 10%\rprogress 100%\n";
  log += std::string("nul\0byte\n", 9);
  f.Add("weird \"name\" <&>", Outcome::kFailed, 0, 1, 0, log, "line one\nline two");
  std::string xml = RenderJunit(f.project, f.Finish(1, 1));
  EXPECT_EQ(Xmllint(xml), "");
  nlohmann::json parsed = ParseWithElementTree(xml);
  ASSERT_TRUE(parsed.is_object()) << xml;
  nlohmann::json c = parsed["suites"][0]["cases"][0];
  EXPECT_EQ(c["attrib"]["name"], "weird \"name\" <&>");
  EXPECT_EQ(c["children"]["failure"]["attrib"]["message"], "line one");
  std::string text = c["children"]["failure"]["text"];
  EXPECT_NE(text.find("red <tag> & \"q\" ]]>  bell\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ok: \u00e9 \U0001F600"), std::string::npos) << text;
  EXPECT_NE(text.find("\nprogress 100%\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("progress 10%"), std::string::npos) << text;
  EXPECT_NE(text.find("nulbyte"), std::string::npos) << text;
}

TEST(JunitTest, AFailureQuotesOnlyTheTailOfAHugeLog) {
  FakeRun f;
  std::string log;
  for (int i = 0; i < 100000; ++i) log += "line " + std::to_string(i) + "\n";
  f.Add("big", Outcome::kFailed, 0, 1, 0, log, "nox exited with status 1");
  std::string xml = RenderJunit(f.project, f.Finish(1, 1));
  EXPECT_LT(xml.size(), 70u * 1024);
  nlohmann::json parsed = ParseWithElementTree(xml);
  std::string text = parsed["suites"][0]["cases"][0]["children"]["failure"]["text"];
  EXPECT_NE(text.find("\nline 99999\n"), std::string::npos);
  EXPECT_NE(text.find("\nline 99900\n"), std::string::npos);
  EXPECT_EQ(text.find("line 99899\n"), std::string::npos);
  EXPECT_NE(text.find("(its last lines)"), std::string::npos);
}

TEST(JunitTest, ANotifiedSessionIsATestcaseWithoutTimeOfItsOwn) {
  FakeRun f;
  int host = f.Add("tests", Outcome::kSuccess, 0, 4, 0);
  f.Notified("coverage", host, Outcome::kSuccess);
  nlohmann::json parsed = ParseWithElementTree(RenderJunit(f.project, f.Finish(1, 4)));
  EXPECT_EQ(parsed["suites"][0]["attrib"]["tests"], "2");
  EXPECT_EQ(Case(parsed, "coverage")["attrib"]["time"], "0.000");
  EXPECT_EQ(Case(parsed, "tests")["attrib"]["time"], "4.000");
}

}  // namespace
