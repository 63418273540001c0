#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_ref_broken_anchor(const model& m, finding_sink& out) {
  for_each_reference(m, [&](const ref_site& r) {
    if (r.to->anchor.empty() || r.to->line_from != 0) return;  // `#L12` is a line anchor
    const document* d = nullptr;
    if (r.to->what == target::kind::same_file)
      d = &m.documents()[r.from];
    else
      d = m.document_of(*r.to);
    if (!d) return;  // not Markdown, or missing (ref/broken-path)
    if (d->find_anchor(r.to->anchor)) return;
    out.report(r.site, "`{}`: no heading in `{}` has the anchor `#{}`", r.raw, d->path,
               r.to->anchor);
  });
}
}  // namespace
extern const rule ref_broken_anchor{{"ref/broken-anchor", severity::error,
                                     "a link or task reference to a heading that does not exist"},
                                    &check_ref_broken_anchor};
}  // namespace speclint::rules
