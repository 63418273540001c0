#include "helpers.hpp"
#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/internal-hostname";

void scan(const document& d, std::string_view text, const task*, file_id file, const settings& cfg,
          std::vector<text_finding>& out) {
  hygiene::for_each_line(d, text, file, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::internal_hostnames(l.text, cfg.internal_hostnames))
      hygiene::found(out, id, l, x,
                     fmt::format("`{}` is an internal host name ({}); use `localhost` or a "
                                 "name under `example.com`",
                                 x.shown, x.reason));
  });
}

void check(const model& m, finding_sink& out) { report_text_findings(m, id, out); }
}  // namespace
extern const rule hygiene_internal_hostname{
    {id, severity::error, "an internal host name in a URL or `host:port`"},
    &check,
    nullptr,
    &scan};
}  // namespace speclint::rules
