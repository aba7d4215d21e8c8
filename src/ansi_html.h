#pragma once

#include <string>
#include <string_view>

/// Cleaned log text (see CleanLogText) as HTML: escaped, colour codes as <span>s with the
/// HTML report's classes (ab bold, ad dim, ai italic, au underline, fN / gN the 16 colours as
/// foreground / background, in html_report.css) or inline colours for 256-colour and
/// true-colour codes.
std::string AnsiToHtml(std::string_view clean_text);
