#include <algorithm>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_set_null_violates_check(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* child = m.find_table(fk.child_table);
    if (!child || child->checks.empty()) continue;
    for (const action* a : stated_actions(fk)) {
      if (a->kind != action_kind::set_null) continue;
      for (const std::string& name : fk.affected_columns(*a))
        for (const check_def& c : child->checks) {
          const auto& required = c.not_null_columns;
          if (std::find(required.begin(), required.end(), name) == required.end()) continue;
          out.report(a->site,
                     "{} SET NULL of `{}` clears `{}.{}`, which CHECK `{}` ({}) requires to be "
                     "non-null: the parent's {} fails (23514)",
                     clause_of(fk, a), fk.describe(), fk.child_table, name, c.name, c.expression,
                     clause_of(fk, a) == "ON DELETE" ? "delete" : "key update")
              .entity(fk.child_table + "." + name)
              .related(c.site, fmt::format("CHECK `{}` declared here", c.name));
        }
    }
  }
}
}  // namespace
extern const rule set_null_violates_check{
    {"schema/set-null-violates-check", severity::error,
     "ON DELETE/UPDATE SET NULL on a column that a CHECK requires to be non-null",
     pg_expectation{"23514", true, true}},
    &check_set_null_violates_check};
}  // namespace speclint::rules
