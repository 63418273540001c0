#include <algorithm>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* parent = m.find_table(fk.parent_table);
    if (!parent || fk.parent_columns.empty()) continue;
    bool all_known = std::all_of(fk.parent_columns.begin(), fk.parent_columns.end(),
                                 [&](const std::string& c) { return parent->find_column(c) != nullptr; });
    if (!all_known) continue;  // schema/unknown-column reports it
    bool unique = false, partial = false;
    for (const index_def& ix : parent->indexes) {
      if (!ix.unique || !same_columns(ix.columns, fk.parent_columns)) continue;
      (ix.where.empty() ? unique : partial) = true;
    }
    if (unique || partial) continue;  // a partial one is schema/fk-target-partial-index's
    std::string target = fk.parent_table + "." +
                         (fk.parent_columns.size() == 1 ? fk.parent_columns.front()
                                                        : "(" + fmt::format("{}", fmt::join(fk.parent_columns, ", ")) + ")");
    out.report(fk.site(), "`{}` references `{}`, which is neither the primary key nor UNIQUE",
               fk.describe(), target)
        .entity(target)
        .related(parent->site, fmt::format("`{}` defined here", fk.parent_table));
  }
}
}  // namespace
extern const rule fk_target_not_unique{
    {"schema/fk-target-not-unique", severity::error,
     "a foreign key references columns that are neither the primary key nor UNIQUE",
     pg_expectation{"42830", false, false}},
    &check};
}  // namespace speclint::rules
