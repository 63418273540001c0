#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_ref_broken_anchor(const model& m, finding_sink& out) {
  const bool ignore_case = m.config().anchors_ignore_case;
  for_each_reference(m, [&](const ref_site& r) {
    const anchor_match a = match_anchor(m, r);
    if (!a.doc || a.exact || (a.ignoring_case && ignore_case)) return;
    if (a.ignoring_case) {
      out.report(r.site,
                 "`{}`: no heading in `{}` has the anchor `#{}`; `#{}` (the heading `{}`) differs "
                 "only in case, and `anchors: exact` is set",
                 r.raw, a.doc->path, r.to->anchor, a.ignoring_case->slug, a.ignoring_case->text)
          .fix(r.site, std::string(r.raw), with_anchor(r.raw, a.ignoring_case->slug),
               fmt::format("`#{}` is now `#{}`", r.to->anchor, a.ignoring_case->slug));
    } else if (a.prefix) {
      out.report(r.site,
                 "`{}`: no heading in `{}` has the anchor `#{}`; the heading `{}` has `#{}`", r.raw,
                 a.doc->path, r.to->anchor, a.prefix->text, a.prefix->slug)
          .fix(r.site, std::string(r.raw), with_anchor(r.raw, a.prefix->slug),
               fmt::format("`#{}` is now `#{}`", r.to->anchor, a.prefix->slug));
    } else {
      out.report(r.site, "`{}`: no heading in `{}` has the anchor `#{}`", r.raw, a.doc->path,
                 r.to->anchor);
    }
  });
}
}  // namespace
extern const rule ref_broken_anchor{{"ref/broken-anchor", severity::error,
                                     "a link or task reference to a heading that does not exist"},
                                    &check_ref_broken_anchor};
}  // namespace speclint::rules
