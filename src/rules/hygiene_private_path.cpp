#include "helpers.hpp"
#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/private-path";

void scan(const document& d, std::string_view text, const task*, file_id file, const settings& cfg,
          std::vector<text_finding>& out) {
  hygiene::for_each_line(d, text, file, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::private_paths(l.text, cfg.private_paths))
      hygiene::found(out, id, l, x,
                     fmt::format("`{}` is a private path ({}); use a repository-relative path",
                                 x.shown, x.reason));
  });
}

void check(const model& m, finding_sink& out) { report_text_findings(m, id, out); }
}  // namespace
extern const rule hygiene_private_path{
    {id, severity::error, "an absolute path under a home or workspace directory"},
    &check,
    nullptr,
    &scan};
}  // namespace speclint::rules
