#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_ref_broken_path(const model& m, finding_sink& out) {
  for_each_reference(m, [&](const ref_site& r) {
    switch (r.to->what) {
      case target::kind::outside:
        out.report(r.site, "`{}` leaves the repository root; it is not followed", r.raw);
        break;
      case target::kind::absolute:
        out.report(r.site, "`{}` is an absolute path; use a path relative to the repository",
                   r.raw);
        break;
      case target::kind::inside: {
        auto info = m.probe(*r.to);
        if (!info || !info->exists)
          out.report(r.site, "`{}` points to `{}`, which does not exist", r.raw, r.to->path);
        break;
      }
      default:
        break;
    }
  });
}
}  // namespace
extern const rule ref_broken_path{
    {"ref/broken-path", severity::error,
     "a link or task reference to a file that does not exist or lies outside the repository"},
    &check_ref_broken_path};
}  // namespace speclint::rules
