#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_sql_syntax_error(const model& m, finding_sink& out) {
  for (const load_issue& i : m.load_issues())
    if (i.what == load_issue::kind::sql_syntax) out.report(i.site, "{}", i.message);
}
}  // namespace
extern const rule sql_syntax_error{
    {"sql/syntax-error", severity::error, "an SQL block that PostgreSQL's parser rejects"},
    &check_sql_syntax_error};
}  // namespace speclint::rules
