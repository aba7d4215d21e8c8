#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "environment.h"

/// The terminal mechanics under the status printers (ninja's line_printer): whether the
/// stream is a smart terminal, whether to use colour, how wide it is right now, and one
/// write per frame so a redraw never shows half drawn.
class LinePrinter {
 public:
  /// Decides smartness and colour once, from the stream and the environment.
  LinePrinter(std::FILE* out, const Environment& env);

  bool smart() const { return smart_; }
  bool color() const { return color_; }
  /// Marks and spinners: Unicode when the locale says UTF-8, ASCII otherwise.
  bool unicode() const { return unicode_; }
  /// The width now (TIOCGWINSZ on each call, so resizing works); 80 when unknown.
  int Width() const;
  /// The height now; 24 when unknown.
  int Height() const;
  /// `text` wrapped in the SGR code `sgr` ("1;31") when colour is on.
  std::string Paint(std::string_view text, std::string_view sgr) const;

  void Write(std::string_view bytes);
  void Flush();
  std::FILE* stream() const { return out_; }

 private:
  std::FILE* out_;
  bool smart_ = false;
  bool color_ = false;
  bool unicode_ = false;
};

/// A smart terminal: a TTY whose TERM is set and not "dumb".
bool IsSmartTerminal(bool isatty, const char* term);

/// NO_COLOR (set, whatever its value, as nox reads it) wins; then FORCE_COLOR (set, likewise)
/// or CLICOLOR_FORCE (set, not "0") turn colour on; otherwise colour follows the smart
/// terminal.
bool ColorWanted(bool smart, const char* no_color, const char* force_color,
                 const char* clicolor_force);

/// Shortens `text` to `width` columns by cutting out its middle ("pytest ... 93%"), never
/// splitting a UTF-8 sequence. Counts one column per code point.
std::string ElideMiddle(std::string_view text, size_t width);

/// Columns `text` takes: one per UTF-8 code point.
size_t DisplayWidth(std::string_view text);
