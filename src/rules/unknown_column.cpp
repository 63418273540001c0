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
        out.report(fk.site(), "`{}` names column `{}.{}`, which `{}` does not define{}",
                   fk.describe(), tname, c, tname, hint)
            .entity(tname + "." + c)
            .related(t->site, fmt::format("`{}` defined here", tname));
      }
    };
    verify(fk.child_table, fk.child_columns);
    verify(fk.parent_table, fk.parent_columns);
  }
}
}  // namespace
extern const rule unknown_column{{"schema/unknown-column", severity::error,
                                  "a foreign key names a column its table does not define",
                                  pg_expectation{"42703", false, false}},
                                 &check_unknown_column};
}  // namespace speclint::rules
