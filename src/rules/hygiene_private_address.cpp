#include "helpers.hpp"
#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/private-address";

void scan(const document& d, std::string_view text, const task*, file_id file, const settings&,
          std::vector<text_finding>& out) {
  hygiene::for_each_line(d, text, file, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::private_addresses(l.text))
      hygiene::found(out, id, l, x,
                     fmt::format("`{}` is a private address ({}); use `localhost` or a "
                                 "documentation address such as `192.0.2.10`",
                                 x.shown, x.reason));
  });
}

void check(const model& m, finding_sink& out) { report_text_findings(m, id, out); }
}  // namespace
extern const rule hygiene_private_address{
    {id, severity::error,
     "a private network address (RFC 1918, CGNAT, link-local, unique local IPv6)"},
    &check,
    nullptr,
    &scan};
}  // namespace speclint::rules
