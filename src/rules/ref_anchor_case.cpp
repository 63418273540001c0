#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_ref_anchor_case(const model& m, finding_sink& out) {
  if (!m.config().anchors_ignore_case) return;  // then ref/broken-anchor reports it
  for_each_reference(m, [&](const ref_site& r) {
    const anchor_match a = match_anchor(m, r);
    if (!a.doc || a.exact || !a.ignoring_case) return;
    out.report(r.site,
               "`{}`: `#{}` finds the heading `{}` in `{}` only because GitHub ignores case; its "
               "anchor is `#{}`",
               r.raw, r.to->anchor, a.ignoring_case->text, a.doc->path, a.ignoring_case->slug)
        .fix(r.site, std::string(r.raw), with_anchor(r.raw, a.ignoring_case->slug),
             fmt::format("`#{}` is now `#{}`", r.to->anchor, a.ignoring_case->slug));
  });
}
}  // namespace
extern const rule ref_anchor_case{
    {"ref/anchor-case", severity::note,
     "a link's #fragment that finds its heading only when case is ignored"},
    &check_ref_anchor_case};
}  // namespace speclint::rules
