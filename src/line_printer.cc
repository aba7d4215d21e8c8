#include "line_printer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstring>

namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool Set(const char* value) { return value && *value; }

bool LocaleIsUtf8(const Environment& env) {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = env.Get(name);
    if (!Set(value)) continue;
    return strcasestr(value, "UTF-8") || strcasestr(value, "utf8");
  }
  return false;
}

/// The byte offset after the first `columns` code points of `text`.
size_t PrefixBytes(std::string_view text, size_t columns) {
  size_t i = 0;
  for (size_t seen = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (seen++ == columns) break;
  }
  return i;
}

}  // namespace

bool IsSmartTerminal(bool isatty, const char* term) {
  return isatty && Set(term) && std::strcmp(term, "dumb") != 0;
}

bool ColorWanted(bool smart, const char* no_color, const char* force_color,
                 const char* clicolor_force) {
  // As nox reads them: any NO_COLOR or FORCE_COLOR counts, even empty or "0". Reading them
  // otherwise would hand a session the flag opposite to nox's own default, and nox refuses
  // --nocolor beside FORCE_COLOR (or --forcecolor beside NO_COLOR) as a usage error.
  if (no_color) return false;
  if (force_color) return true;
  if (Set(clicolor_force) && std::strcmp(clicolor_force, "0") != 0) return true;
  return smart;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += !IsContinuationByte(c);
  return width;
}

std::string ElideMiddle(std::string_view text, size_t width) {
  size_t length = DisplayWidth(text);
  if (length <= width) return std::string(text);
  const std::string_view dots = "...";
  if (width <= dots.size()) return std::string(text.substr(0, PrefixBytes(text, width)));
  size_t keep = width - dots.size();
  size_t head = keep / 2 + keep % 2, tail = keep / 2;
  std::string out(text.substr(0, PrefixBytes(text, head)));
  out += dots;
  out += text.substr(PrefixBytes(text, length - tail));
  return out;
}

LinePrinter::LinePrinter(std::FILE* out, const Environment& env) : out_(out) {
  smart_ = IsSmartTerminal(isatty(fileno(out)), env.Get("TERM"));
  color_ =
      ColorWanted(smart_, env.Get("NO_COLOR"), env.Get("FORCE_COLOR"), env.Get("CLICOLOR_FORCE"));
  unicode_ = LocaleIsUtf8(env);
}

int LinePrinter::Width() const {
  winsize size{};
  if (ioctl(fileno(out_), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

int LinePrinter::Height() const {
  winsize size{};
  if (ioctl(fileno(out_), TIOCGWINSZ, &size) == 0 && size.ws_row > 0) return size.ws_row;
  return 24;
}

std::string LinePrinter::Paint(std::string_view text, std::string_view sgr) const {
  if (!color_) return std::string(text);
  std::string out = "\x1b[";
  out += sgr;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

// The status a person watches, not a product (the sessions' logs are): a terminal that
// takes no more has nowhere better to be told so, and the run goes on.
void LinePrinter::Write(std::string_view bytes) {
  (void)std::fwrite(bytes.data(), 1, bytes.size(), out_);
}

void LinePrinter::Flush() { (void)std::fflush(out_); }
