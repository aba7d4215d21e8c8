#include "html_report.h"

#include <gtest/gtest.h>

#include <regex>

#include "fake_run.h"
#include "markup.h"

namespace {

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t count = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++count;
  return count;
}

/// The element with id `id`, from its start tag to the next `</tag>`.
std::string Element(const std::string& html, const std::string& tag, const std::string& id) {
  size_t start = html.find("<" + tag + " class=\"session");
  while (start != std::string::npos &&
         html.find("id=\"" + id + "\"", start) > html.find('>', start))
    start = html.find("<" + tag + " class=\"session", start + 1);
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</" + tag + ">", start) - start);
}

/// Checks with Python's HTML parser that every element is closed in order; returns the
/// problems, "" when there are none.
std::string Unbalanced(const std::string& html) {
  const char* code = R"(
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "source"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1:]}")
        else:
            self.stack.pop()
c = Check()
c.feed(sys.stdin.read())
c.close()
print("\n".join(c.problems + [f"unclosed {t} from {p}" for t, p in c.stack]))
)";
  int status = 0;
  std::string out = RunPython(code, html, &status);
  return status == 0 ? out.substr(0, out.find_last_not_of('\n') + 1) : "python failed: " + out;
}

struct Sample {
  FakeRun f;
  int unit, integration, lint, cover, docs;
  std::string html;

  Sample() {
    unit = f.Add("tests(kind='unit')", Outcome::kFailed, 0, 6, 0,
                 "\x1B[1;31mE   assert <1> == 2\x1B[0m\n1 failed\n", "nox exited with status 1");
    integration = f.Add("tests(kind='integration')", Outcome::kSuccess, 0, 4, 1, "ok & fine\n");
    lint = f.Add("lint", Outcome::kSuccess, 4, 5, 1, "");
    cover = f.Add("coverage", Outcome::kSuccess, 6, 7, 1, "TOTAL 100%\n");
    docs = f.Add("docs", Outcome::kNotStarted, 0, 0, -1, "", "never became ready");
    f.Edge(unit, cover);
    f.Edge(integration, cover);
    html = RenderHtmlReport(f.project, f.Finish(2, 7));
  }
};

TEST(HtmlReportTest, OneBarPerSessionThatRanEachLinkedToItsRow) {
  Sample s;
  EXPECT_EQ(Count(s.html, "<g class=\"bar "), 4u);
  std::smatch m;
  std::string rest = s.html;
  std::regex bar(R"re(<g class="bar ([^"]*)" data-session="(s\d+)">)re");
  int seen = 0;
  while (std::regex_search(rest, m, bar)) {
    EXPECT_NE(s.html.find("<tbody class=\"session"), std::string::npos);
    EXPECT_NE(s.html.find("id=\"" + m[2].str() + "\""), std::string::npos) << m[2];
    ++seen;
    rest = m.suffix();
  }
  EXPECT_EQ(seen, 4);
  EXPECT_NE(s.html.find("<g class=\"bar r-failed crit\" data-session=\"s0\">"), std::string::npos);
  EXPECT_NE(s.html.find("<g class=\"bar r-success crit\" data-session=\"s3\">"), std::string::npos);
  EXPECT_NE(s.html.find("<g class=\"bar r-success\" data-session=\"s1\">"), std::string::npos);
  EXPECT_NE(s.html.find("class=\"crit-link\""), std::string::npos);
  EXPECT_NE(s.html.find(">worker 1</text>"), std::string::npos);
}

TEST(HtmlReportTest, EachLogIsFoldedUnderItsRowEscapedWithColours) {
  Sample s;
  std::string unit = Element(s.html, "tbody", "s0");
  EXPECT_NE(unit.find("<details open>"), std::string::npos) << unit;
  EXPECT_NE(unit.find("<span class=\"ab f1\">E   assert &lt;1&gt; == 2</span>\n1 failed"),
            std::string::npos)
      << unit;
  EXPECT_NE(unit.find("nox exited with status 1"), std::string::npos);
  std::string integration = Element(s.html, "tbody", "s1");
  EXPECT_NE(integration.find("<details><summary>"), std::string::npos) << integration;
  EXPECT_NE(integration.find("ok &amp; fine"), std::string::npos);
  EXPECT_NE(Element(s.html, "tbody", "s2").find("No output"), std::string::npos);
  std::string docs = Element(s.html, "tbody", "s4");
  EXPECT_EQ(docs.find("<details"), std::string::npos) << docs;
  EXPECT_NE(docs.find("never became ready"), std::string::npos);
}

TEST(HtmlReportTest, TheHeaderHasTheRunsNumbers) {
  Sample s;
  EXPECT_NE(s.html.find("<title>❌ parnox: 2 of 5 sessions did not pass"), std::string::npos);
  EXPECT_NE(s.html.find("<dt>Wall time</dt><dd>7.0s"), std::string::npos);
  EXPECT_NE(s.html.find("<dt>Sequential nox</dt><dd>≤ 12.0s"), std::string::npos);
  EXPECT_NE(s.html.find("<dt>Lower bound</dt><dd>7.0s"), std::string::npos);
  EXPECT_NE(s.html.find("<dt>Speedup</dt><dd>≤ 1.71×"), std::string::npos);
  EXPECT_NE(s.html.find("(7.0s): <code>tests(kind=&#39;unit&#39;)</code> → <code>coverage</code>"),
            std::string::npos);
}

TEST(HtmlReportTest, ThePageIsSelfContainedAndWellFormed) {
  Sample s;
  EXPECT_EQ(Unbalanced(s.html), "");
  std::string without_xmlns = std::regex_replace(s.html, std::regex("xmlns=\"[^\"]*\""), "");
  EXPECT_EQ(without_xmlns.find("http"), std::string::npos);
  EXPECT_EQ(s.html.find(" src="), std::string::npos);
  EXPECT_EQ(s.html.find("<link"), std::string::npos);
  EXPECT_EQ(s.html.find("@import"), std::string::npos);
}

TEST(HtmlReportTest, ABigLogShowsItsEndAndNamesTheWholeLog) {
  FakeRun f;
  std::string log;
  while (log.size() < size_t{3} * 1024 * 1024)
    log += "line " + std::to_string(log.size()) + " <x>\n";
  log += "THE END\n";
  f.Add("big", Outcome::kFailed, 0, 1, 0, log);
  std::string html = RenderHtmlReport(f.project, f.Finish(1, 1));
  EXPECT_LT(html.size(), 1536u * 1024);
  EXPECT_NE(html.find("THE END\n</pre>"), std::string::npos);
  EXPECT_NE(html.find("this shows its last 1.0 MiB. The whole log is <code>.parnox/logs/0.log"),
            std::string::npos);
  EXPECT_EQ(Unbalanced(html), "");
}

TEST(HtmlReportTest, ANotifiedSessionHasARowButNoBarOfItsOwn) {
  FakeRun f;
  int host = f.Add("build", Outcome::kSuccess, 0, 2, 0, "built\n");
  f.Notified("publish", host, Outcome::kSuccess);
  std::string html = RenderHtmlReport(f.project, f.Finish(1, 2));
  EXPECT_EQ(Count(html, "<g class=\"bar "), 1u);
  EXPECT_NE(html.find("also ran: publish"), std::string::npos);
  EXPECT_NE(Element(html, "tbody", "s1").find("Ran inside <code>build</code>"), std::string::npos);
}

}  // namespace
