#include <algorithm>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_set_null_columns_not_in_fk(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const action* a = fk.on_delete();
    if (!a || (a->kind != action_kind::set_null && a->kind != action_kind::set_default)) continue;
    const table* child = m.find_table(fk.child_table);
    for (const std::string& c : a->columns) {
      if (std::find(fk.child_columns.begin(), fk.child_columns.end(), c) != fk.child_columns.end())
        continue;
      // A name that is no column at all is schema/unknown-column's (42703, checked first).
      if (child && !child->find_column(c)) continue;
      out.report(a->site,
                 "ON DELETE {} of `{}` names `{}`, which is not a column of the foreign key ({}): "
                 "PostgreSQL rejects the key (42P10)",
                 a->raw, fk.describe(), c, backticked(fk.child_columns))
          .entity(fk.child_table + "." + c);
    }
  }
}
}  // namespace
extern const rule set_null_columns_not_in_fk{
    {"schema/set-null-columns-not-in-fk", severity::error,
     "ON DELETE SET NULL/SET DEFAULT (cols) names a column outside the foreign key",
     pg_expectation{"42P10", false, false}},
    &check_set_null_columns_not_in_fk};
}  // namespace speclint::rules
