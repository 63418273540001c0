#include "hygiene_scan.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  const auto& patterns = m.config().private_paths;
  hygiene::for_each_line(m, [&](const hygiene::line_ref& l) {
    for (const hygiene::match& x : hygiene::private_paths(l.text, patterns))
      hygiene::report(out, l, x,
                      fmt::format("`{}` is a private path ({}); use a repository-relative path",
                                  x.shown, x.reason));
  });
}
}  // namespace
extern const rule hygiene_private_path{{"hygiene/private-path", severity::error,
                                        "an absolute path under a home or workspace directory"},
                                       &check};
}  // namespace speclint::rules
