#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/credential";

// The message shows the secret masked (`x.shown`), never the secret itself.
void scan(const source_file& f, finding_sink& out) {
  const settings& cfg = f.config;
  hygiene::for_each_line(f.doc, f.text, f.id, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::credentials(l.text, l.config_like, cfg.placeholders))
      hygiene::found(out, l, x,
                     fmt::format("{} `{}`; write a placeholder such as `<password>` or a "
                                 "reference such as `${{NAME}}`",
                                 x.reason, x.shown));
  });
}

}  // namespace
extern const rule hygiene_credential{
    {id, severity::error, "a password, token or private key written into the spec"},
    nullptr,
    &scan};
}  // namespace speclint::rules
