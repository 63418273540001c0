#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
// The message shows the secret masked (`x.shown`), never the secret itself.
void check(const model& m, finding_sink& out) {
  const auto& placeholders = m.config().placeholders;
  hygiene::for_each_line(m, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::credentials(l.text, l.config_like, placeholders))
      hygiene::report(out, l, x,
                      fmt::format("{} `{}`; write a placeholder such as `<password>` or a "
                                  "reference such as `${{NAME}}`",
                                  x.reason, x.shown));
  });
}
}  // namespace
extern const rule hygiene_credential{{"hygiene/credential", severity::error,
                                      "a password, token or private key written into the spec"},
                                     &check};
}  // namespace speclint::rules
