#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_unknown_table(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    if (only_in_delta(m, fk)) continue;  // a change may name the tables it does not change
    for (const std::string* name : {&fk.child_table, &fk.parent_table}) {
      if (m.find_table(*name)) continue;
      const table* near = m.find_table_icase(*name);
      std::string hint = near ? fmt::format(" (did you mean `{}`?)", near->name) : std::string();
      auto b = out.report(fk.site(), "`{}` names table `{}`, which no doc defines{}", fk.describe(),
                          *name, hint);
      b.entity(*name);
      other_declarations(b, fk, fk.site());
      // A name that differs from one table's only in case is a slip: the fix spells it so.
      if (near)
        b.fix(fk.site(), *name, near->name, fmt::format("`{}` is now `{}`", *name, near->name));
      if (name == &fk.child_table && fk.child_table == fk.parent_table) break;
    }
  }
}
}  // namespace
extern const rule unknown_table{
    {"schema/unknown-table", severity::error, "a foreign key names a table that no doc defines",
     pg_expectation{"42P01", false, false}},
    &check_unknown_table};
}  // namespace speclint::rules
