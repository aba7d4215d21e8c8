#include "ansi_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "log_text.h"
#include "markup.h"

namespace {

struct Sgr {
  bool bold = false, dim = false, italic = false, underline = false;
  std::string fg, bg;  ///< a class ("f1"), an inline colour ("#5fd7ff"), or "" for default

  bool plain() const { return !bold && !dim && !italic && !underline && fg.empty() && bg.empty(); }
};

/// The colour of entry `n` of the 256-colour palette beyond the 16 named ones.
std::string Palette256(int n) {
  if (n >= 232) {
    int level = 8 + 10 * (n - 232);
    return fmt::format("#{:02x}{:02x}{:02x}", level, level, level);
  }
  static constexpr std::array<int, 6> kLevels = {0, 95, 135, 175, 215, 255};
  n -= 16;
  return fmt::format("#{:02x}{:02x}{:02x}", kLevels[n / 36], kLevels[n / 6 % 6], kLevels[n % 6]);
}

/// An extended colour (38;5;N or 38;2;R;G;B) starting at params[i]; advances i past it.
std::string ExtendedColour(const std::vector<int>& p, size_t& i, char prefix) {
  if (i + 2 < p.size() && p[i + 1] == 5) {
    int n = std::clamp(p[i + 2], 0, 255);
    i += 2;
    return n < 16 ? fmt::format("{}{}", prefix, n) : Palette256(n);
  }
  if (i + 4 < p.size() && p[i + 1] == 2) {
    auto c = [&](size_t k) { return std::clamp(p[i + k], 0, 255); };
    std::string colour = fmt::format("#{:02x}{:02x}{:02x}", c(2), c(3), c(4));
    i += 4;
    return colour;
  }
  i = p.size();  // malformed: ignore the rest of the code
  return "";
}

std::vector<int> SgrParams(std::string_view codes) {
  std::vector<int> params{0};
  for (char c : codes) {
    if (c == ';' || c == ':')
      params.push_back(0);
    else if (c >= '0' && c <= '9')
      params.back() = std::min(params.back() * 10 + (c - '0'), 9999);
  }
  return params;
}

void ApplySgr(Sgr& s, std::string_view codes) {
  std::vector<int> p = SgrParams(codes);
  for (size_t i = 0; i < p.size(); ++i) {
    int c = p[i];
    if (c == 0)
      s = Sgr{};
    else if (c == 1)
      s.bold = true;
    else if (c == 2)
      s.dim = true;
    else if (c == 3)
      s.italic = true;
    else if (c == 4)
      s.underline = true;
    else if (c == 22)
      s.bold = s.dim = false;
    else if (c == 23)
      s.italic = false;
    else if (c == 24)
      s.underline = false;
    else if (c >= 30 && c <= 37)
      s.fg = fmt::format("f{}", c - 30);
    else if (c >= 90 && c <= 97)
      s.fg = fmt::format("f{}", c - 90 + 8);
    else if (c >= 40 && c <= 47)
      s.bg = fmt::format("g{}", c - 40);
    else if (c >= 100 && c <= 107)
      s.bg = fmt::format("g{}", c - 100 + 8);
    else if (c == 38)
      s.fg = ExtendedColour(p, i, 'f');
    else if (c == 48)
      s.bg = ExtendedColour(p, i, 'g');
    else if (c == 39)
      s.fg.clear();
    else if (c == 49)
      s.bg.clear();
  }
}

std::string OpenSpan(const Sgr& s) {
  std::string classes, style;
  auto add = [](std::string& to, const std::string& what) { to += (to.empty() ? "" : " ") + what; };
  if (s.bold) add(classes, "ab");
  if (s.dim) add(classes, "ad");
  if (s.italic) add(classes, "ai");
  if (s.underline) add(classes, "au");
  if (!s.fg.empty()) s.fg[0] == '#' ? add(style, "color:" + s.fg + ";") : add(classes, s.fg);
  if (!s.bg.empty()) s.bg[0] == '#' ? add(style, "background:" + s.bg + ";") : add(classes, s.bg);
  std::string span = "<span";
  if (!classes.empty()) span += " class=\"" + classes + "\"";
  if (!style.empty()) span += " style=\"" + style + "\"";
  return span + ">";
}

}  // namespace

std::string AnsiToHtml(std::string_view clean_text) {
  std::string html;
  Sgr style;
  ForEachAnsiPiece(
      clean_text,
      [&](std::string_view text) {
        if (style.plain())
          html += EscapeMarkup(text);
        else
          html += OpenSpan(style) + EscapeMarkup(text) + "</span>";
      },
      [&](std::string_view codes) { ApplySgr(style, codes); });
  return html;
}
