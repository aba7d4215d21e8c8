#pragma once

#include <string>
#include <string_view>

/// `text` (valid UTF-8) with &, <, >, " and ' as character references: safe in HTML and
/// XML element content and in attribute values of either quote.
std::string EscapeMarkup(std::string_view text);
