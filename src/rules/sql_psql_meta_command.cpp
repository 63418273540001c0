#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_sql_psql_meta_command(const model& m, finding_sink& out) {
  for (const load_issue& i : m.load_issues())
    if (i.what == load_issue::kind::psql_meta_command) out.report(i.site, "{}", i.message);
}
}  // namespace
extern const rule sql_psql_meta_command{
    {"sql/psql-meta-command", severity::note,
     "a psql meta-command in an SQL block, skipped as psql skips it"},
    &check_sql_psql_meta_command};
}  // namespace speclint::rules
