// fmt's out-of-line functions, which libfmt.so would otherwise provide: the executable links
// no shared library but glibc's (CMakeLists.txt), and Debian ships fmt only as a shared
// library or header-only, which doubles every unit's compile time. format-inl.h defines
// them; the templates among them are instantiated here for what parnox's code calls.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
template auto locale_ref::get<std::locale>() const -> std::locale;
template auto thousands_sep_impl<char>(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl<char>(locale_ref) -> char;
}  // namespace detail
FMT_END_NAMESPACE
