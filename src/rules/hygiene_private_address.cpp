#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/private-address";

void scan(const source_file& f, finding_sink& out) {
  hygiene::for_each_line(f.doc, f.text, f.id, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::private_addresses(l.text))
      hygiene::found(out, l, x,
                     fmt::format("`{}` is a private address ({}); use `localhost` or a "
                                 "documentation address such as `192.0.2.10`",
                                 x.shown, x.reason));
  });
}

}  // namespace
extern const rule hygiene_private_address{
    {id, severity::error,
     "a private network address (RFC 1918, CGNAT, link-local, unique local IPv6)"},
    nullptr,
    &scan};
}  // namespace speclint::rules
