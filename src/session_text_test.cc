#include "session_text.h"

#include <gtest/gtest.h>

namespace {

const std::string kZwsp = "\xe2\x80\x8b";

TEST(SessionOutputLineTest, ColourStaysWhereThereIsColourAndNoOtherEscapeDoes) {
  std::string line = "\x1b[31mred\x1b[0m\x1b[2A\x1b[2Kmoved\x1b[?25l";
  EXPECT_EQ(SessionOutputLine(line, true, CiSystem::kNone), "\x1b[31mred\x1b[0mmoved");
  EXPECT_EQ(SessionOutputLine(line, false, CiSystem::kNone), "redmoved");
}

TEST(SessionOutputLineTest, GitHubGroupsAndStopCommandsAreDisarmedAnnotationsPass) {
  EXPECT_EQ(SessionOutputLine("::group::mine", false, CiSystem::kGitHub), kZwsp + "::group::mine");
  EXPECT_EQ(SessionOutputLine("  ::ENDGROUP::", false, CiSystem::kGitHub),
            "  " + kZwsp + "::ENDGROUP::");
  // Whatever the runner trims first: a carriage return, a no-break space.
  EXPECT_EQ(SessionOutputLine("\r\xc2\xa0::endgroup::", false, CiSystem::kGitHub),
            "\r\xc2\xa0" + kZwsp + "::endgroup::");
  EXPECT_EQ(SessionOutputLine("::stop-commands::tok", false, CiSystem::kGitHub),
            kZwsp + "::stop-commands::tok");
  EXPECT_EQ(SessionOutputLine("##[group]old form", false, CiSystem::kGitHub),
            kZwsp + "##[group]old form");
  // The project's own annotations still reach GitHub, as under nox.
  EXPECT_EQ(SessionOutputLine("::error file=a.py,line=3::boom", false, CiSystem::kGitHub),
            "::error file=a.py,line=3::boom");
  EXPECT_EQ(SessionOutputLine("say ::group:: later in a line", false, CiSystem::kGitHub),
            "say ::group:: later in a line");
  // Elsewhere nothing reads it: left as it is.
  EXPECT_EQ(SessionOutputLine("::group::mine", false, CiSystem::kNone), "::group::mine");
}

TEST(SessionOutputLineTest, GitLabSectionsAreDisarmedWhereverTheyStand) {
  EXPECT_EQ(
      SessionOutputLine("x section_start:1:a\r y section_end:1:a\r", false, CiSystem::kGitLab),
      "x section" + kZwsp + "_start:1:a\r y section" + kZwsp + "_end:1:a\r");
  EXPECT_EQ(SessionOutputLine("::group::x", false, CiSystem::kGitLab), "::group::x");
}

}  // namespace
