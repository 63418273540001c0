#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_unknown_column(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    auto verify = [&](const std::string& tname, const std::vector<std::string>& cols) {
      const table* t = m.find_table(tname);
      // Delta specs name only the columns they change; a table made by a query, or taking
      // its columns from a table no file defines, has columns speclint cannot know.
      if (!t || only_in_delta(m, *t) || t->columns_unknown) return;
      for (const std::string& c : cols) {
        if (t->find_column(c)) continue;
        const column* near = t->find_column_icase(c);
        std::string hint = near ? fmt::format(" (did you mean `{}`?)", near->name) : std::string();
        auto b = out.report(fk.site(), "`{}` names column `{}.{}`, which `{}` does not define{}",
                            fk.describe(), tname, c, tname, hint);
        b.entity(tname + "." + c).related(t->site, fmt::format("`{}` defined here", tname));
        other_declarations(b, fk, fk.site());
        // A name that differs from one column's only in case is a slip: the fix spells it so.
        if (near)
          b.fix(fk.site(), c, std::string(near->name),
                fmt::format("`{}` is now `{}`", c, near->name));
      }
    };
    verify(fk.child_table, fk.child_columns);
    verify(fk.parent_table, fk.parent_columns);
    // `ON DELETE SET NULL (cols)`: PostgreSQL looks each column up before it asks whether the
    // key has it (42703 before 42P10).
    const action* a = fk.on_delete();
    const table* child = m.find_table(fk.child_table);
    if (!a || a->columns.empty() || !child || only_in_delta(m, *child)) continue;
    for (const std::string& c : a->columns) {
      if (child->find_column(c)) continue;
      const column* near = child->find_column_icase(c);
      std::string hint = near ? fmt::format(" (did you mean `{}`?)", near->name) : std::string();
      out.report(a->site, "ON DELETE {} of `{}` names column `{}.{}`, which `{}` does not define{}",
                 a->raw, fk.describe(), fk.child_table, c, fk.child_table, hint)
          .entity(fk.child_table + "." + c)
          .related(child->site, fmt::format("`{}` defined here", fk.child_table));
    }
  }
}
}  // namespace
extern const rule unknown_column{{"schema/unknown-column", severity::error,
                                  "a foreign key names a column its table does not define",
                                  pg_expectation{"42703", false, false}},
                                 &check_unknown_column};
}  // namespace speclint::rules
