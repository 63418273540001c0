#include "helpers.hpp"
#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/credential";

// The message shows the secret masked (`x.shown`), never the secret itself.
void scan(const document& d, std::string_view text, const task*, file_id file, const settings& cfg,
          std::vector<text_finding>& out) {
  hygiene::for_each_line(d, text, file, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::credentials(l.text, l.config_like, cfg.placeholders))
      hygiene::found(out, id, l, x,
                     fmt::format("{} `{}`; write a placeholder such as `<password>` or a "
                                 "reference such as `${{NAME}}`",
                                 x.reason, x.shown));
  });
}

void check(const model& m, finding_sink& out) { report_text_findings(m, id, out); }
}  // namespace
extern const rule hygiene_credential{
    {id, severity::error, "a password, token or private key written into the spec"},
    &check,
    nullptr,
    &scan};
}  // namespace speclint::rules
