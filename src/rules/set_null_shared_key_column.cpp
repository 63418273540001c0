#include <algorithm>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_set_null_shared_key_column(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const action* a = fk.on_delete();
    if (!a) continue;
    std::vector<std::string> outside = shared_key_set_null_columns(m, fk, *a);
    if (outside.empty()) continue;
    std::vector<std::string> shared;
    for (const std::string& c : fk.child_columns)
      if (std::find(outside.begin(), outside.end(), c) == outside.end()) shared.push_back(c);
    const table* child = m.find_table(fk.child_table);
    auto b = out.report(
        a->site,
        "ON DELETE SET NULL of `{}` clears every key column, but {} {} in the primary "
        "key of `{}`: deleting a parent row fails (23502); use `ON DELETE SET NULL ({})`",
        fk.describe(), backticked(shared), shared.size() == 1 ? "is" : "are", fk.child_table,
        fmt::join(outside, ", "));
    b.entity(fk.child_table);
    for (const index_def& ix : child->indexes)
      if (ix.primary) {
        b.related(ix.site, "primary key declared here");
        break;
      }
  }
}
}  // namespace
extern const rule set_null_shared_key_column{
    {"schema/set-null-shared-key-column", severity::error,
     "plain ON DELETE SET NULL on a composite key that shares a column with the primary key",
     pg_expectation{"23502", true, false}},
    &check_set_null_shared_key_column};
}  // namespace speclint::rules
