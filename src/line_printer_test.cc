#include "line_printer.h"

#include <gtest/gtest.h>

TEST(IsSmartTerminal, NeedsATtyWithATermThatIsNotDumb) {
  EXPECT_TRUE(IsSmartTerminal(true, "xterm-256color"));
  EXPECT_FALSE(IsSmartTerminal(false, "xterm-256color"));
  EXPECT_FALSE(IsSmartTerminal(true, "dumb"));
  EXPECT_FALSE(IsSmartTerminal(true, ""));
  EXPECT_FALSE(IsSmartTerminal(true, nullptr));
}

TEST(ColorWanted, NoColorWinsOverEverything) {
  EXPECT_FALSE(ColorWanted(true, "1", "1", "1"));
  EXPECT_FALSE(ColorWanted(true, "1", nullptr, nullptr));
}

TEST(ColorWanted, AnyNoColorOrForceColorCountsAsNoxReadsThem) {
  // nox 2022.11 defaults --nocolor to "NO_COLOR in os.environ", --forcecolor likewise.
  EXPECT_FALSE(ColorWanted(true, "", nullptr, nullptr));
  EXPECT_FALSE(ColorWanted(false, "", "1", nullptr));
  EXPECT_TRUE(ColorWanted(false, nullptr, "0", nullptr));
  EXPECT_TRUE(ColorWanted(false, nullptr, "", nullptr));
}

TEST(ColorWanted, ForceColorOrClicolorForceTurnItOnWithoutATerminal) {
  EXPECT_TRUE(ColorWanted(false, nullptr, "1", nullptr));
  EXPECT_TRUE(ColorWanted(false, nullptr, nullptr, "1"));
  EXPECT_TRUE(ColorWanted(false, nullptr, "true", nullptr));
  EXPECT_FALSE(ColorWanted(false, nullptr, nullptr, "0"));
  EXPECT_FALSE(ColorWanted(false, nullptr, nullptr, ""));
}

TEST(ColorWanted, OtherwiseFollowsTheTerminal) {
  EXPECT_TRUE(ColorWanted(true, nullptr, nullptr, nullptr));
  EXPECT_FALSE(ColorWanted(false, nullptr, nullptr, nullptr));
}

TEST(DisplayWidth, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("h\xC3\xA9llo"), 5u);     // é
  EXPECT_EQ(DisplayWidth("\xE2\xA0\x8B ok"), 4u);  // a Braille spinner
}

TEST(ElideMiddle, LeavesWhatFitsAlone) {
  EXPECT_EQ(ElideMiddle("pytest", 6), "pytest");
  EXPECT_EQ(ElideMiddle("pytest", 60), "pytest");
  EXPECT_EQ(ElideMiddle("", 0), "");
}

TEST(ElideMiddle, CutsTheMiddleKeepingHeadAndTail) {
  EXPECT_EQ(ElideMiddle("0123456789", 7), "01...89");
  EXPECT_EQ(ElideMiddle("0123456789", 8), "012...89");
  EXPECT_EQ(DisplayWidth(ElideMiddle(std::string(500, 'x') + "END", 77)), 77u);
  EXPECT_EQ(ElideMiddle(std::string(500, 'x') + "END", 77).substr(74), "END");
}

TEST(ElideMiddle, TooNarrowForDotsKeepsTheHead) {
  EXPECT_EQ(ElideMiddle("0123456789", 3), "012");
  EXPECT_EQ(ElideMiddle("0123456789", 0), "");
}

TEST(ElideMiddle, NeverSplitsAUtf8Sequence) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "\xC3\xA9";  // é ×20
  for (size_t width = 0; width < 20; ++width) {
    std::string out = ElideMiddle(text, width);
    EXPECT_EQ(DisplayWidth(out), width);
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i] == '\xC3') {
        ASSERT_LT(i + 1, out.size());
        EXPECT_EQ(out[i + 1], '\xA9');
      }
    }
  }
}
