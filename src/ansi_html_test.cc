#include "ansi_html.h"

#include <gtest/gtest.h>

namespace {

TEST(AnsiToHtmlTest, ColourCodesBecomeSpans) {
  EXPECT_EQ(AnsiToHtml("a\x1B[32mb\x1B[39mc"), "a<span class=\"f2\">b</span>c");
  EXPECT_EQ(AnsiToHtml("\x1B[1;94mx\x1B[22my\x1B[0mz"),
            "<span class=\"ab f12\">x</span><span class=\"f12\">y</span>z");
  EXPECT_EQ(AnsiToHtml("\x1B[38;5;196mr\x1B[48;2;0;128;255mb\x1B[m"),
            "<span style=\"color:#ff0000;\">r</span>"
            "<span style=\"color:#ff0000; background:#0080ff;\">b</span>");
  EXPECT_EQ(AnsiToHtml("\x1B[38;5;3mo\x1B[38;5;244mg"),
            "<span class=\"f3\">o</span><span style=\"color:#808080;\">g</span>");
  EXPECT_EQ(AnsiToHtml("\x1B[38;5mbroken"), "broken");
  EXPECT_EQ(AnsiToHtml("<&>\"'"), "&lt;&amp;&gt;&quot;&#39;");
}

}  // namespace
