#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_parse_unread_schema(const model& m, finding_sink& out) {
  for (const load_issue& i : m.load_issues())
    if (i.what == load_issue::kind::unread_schema) out.report(i.site, "{}", i.message);
}
}  // namespace
extern const rule parse_unread_schema{{"parse/unread-schema", severity::warning,
                                       "a block that looks like schema but that no reader took"},
                                      &check_parse_unread_schema};
}  // namespace speclint::rules
