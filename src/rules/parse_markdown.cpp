#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_parse_markdown(const model& m, finding_sink& out) {
  for (const load_issue& i : m.load_issues()) {
    if (i.what == load_issue::kind::markdown)
      out.report(i.site, "{}", i.message);
    else if (i.what == load_issue::kind::binary)
      out.report(i.site, "{}", i.message).level(severity::note);
  }
}
}  // namespace
extern const rule parse_markdown{
    {"parse/markdown", severity::error, "a Markdown file that cannot be read"},
    &check_parse_markdown};
}  // namespace speclint::rules
