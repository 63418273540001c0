#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  hygiene::for_each_line(m, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::private_addresses(l.text))
      hygiene::report(out, l, x,
                      fmt::format("`{}` is a private address ({}); use `localhost` or a "
                                  "documentation address such as `192.0.2.10`",
                                  x.shown, x.reason));
  });
}
}  // namespace
extern const rule hygiene_private_address{
    {"hygiene/private-address", severity::error,
     "a private network address (RFC 1918, CGNAT, link-local, unique local IPv6)"},
    &check};
}  // namespace speclint::rules
