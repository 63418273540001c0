#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  const auto& patterns = m.config().internal_hostnames;
  hygiene::for_each_line(m, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::internal_hostnames(l.text, patterns))
      hygiene::report(out, l, x,
                      fmt::format("`{}` is an internal host name ({}); use `localhost` or a "
                                  "name under `example.com`",
                                  x.shown, x.reason));
  });
}
}  // namespace
extern const rule hygiene_internal_hostname{
    {"hygiene/internal-hostname", severity::error, "an internal host name in a URL or `host:port`"},
    &check};
}  // namespace speclint::rules
