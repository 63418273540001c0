#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "hygiene/private-path";

void scan(const source_file& f, finding_sink& out) {
  const settings& cfg = f.config;
  hygiene::for_each_line(f.doc, f.text, f.id, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::private_paths(l.text, cfg.private_paths))
      hygiene::found(out, l, x,
                     fmt::format("`{}` is a private path ({}); use a repository-relative path",
                                 x.shown, x.reason));
  });
}

}  // namespace
extern const rule hygiene_private_path{
    {id, severity::error, "an absolute path under a home or workspace directory"}, nullptr, &scan};
}  // namespace speclint::rules
