#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* child = m.find_table(fk.child_table);
    if (!child) continue;
    for (const action* a : stated_actions(fk)) {
      if (a->kind != action_kind::set_null) continue;
      for (const std::string& name : fk.affected_columns(*a)) {
        const column* c = child->find_column(name);
        if (!c || !c->not_null()) continue;
        const column_decl* d = c->not_null_decl();
        std::string_view why = d->nullable == false ? "NOT NULL" : "part of the primary key";
        std::string where = d->site.file == a->site.file && d->site.line == a->site.line
                                ? std::string("its own row")
                                : short_where(m, a->site);
        out.report(d->site, "`{}` is {} ({}) but {} sets {} SET NULL", c->qualified_name(), why,
                   short_where(m, d->site), where, clause_of(fk, a))
            .entity(c->qualified_name())
            .related(a->site, fmt::format("{} SET NULL declared here", clause_of(fk, a)));
      }
    }
  }
}
}  // namespace
extern const rule not_null_set_null{
    {"schema/not-null-set-null", severity::error,
     "ON DELETE/UPDATE SET NULL on a column that cannot be null"},
    &check};
}  // namespace speclint::rules
