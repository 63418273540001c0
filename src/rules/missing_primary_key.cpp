#include "helpers.hpp"
#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_missing_primary_key(const model& m, finding_sink& out) {
  for (const table& t : m.tables())
    // A delta spec that adds columns need not restate the table's key.
    if (!t.columns.empty() && t.primary_key().empty() && !only_in_delta(m, t))
      out.report(t.site, "table `{}` has no primary key", t.name).entity(t.name);
}
}  // namespace
extern const rule missing_primary_key{
    {"schema/missing-primary-key", severity::warning, "a table without a primary key"},
    &check_missing_primary_key};
}  // namespace speclint::rules
