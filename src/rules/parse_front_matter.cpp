#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_parse_front_matter(const model& m, finding_sink& out) {
  // A task file's front matter is task/front-matter's.
  for (const load_issue& i : m.load_issues())
    if (i.what == load_issue::kind::front_matter &&
        m.documents()[i.site.file].role != file_role::task)
      out.report(i.site, "{}", i.message);
}
}  // namespace
extern const rule parse_front_matter{
    {"parse/front-matter", severity::error, "a doc's YAML front matter that cannot be read"},
    &check_parse_front_matter};
}  // namespace speclint::rules
