#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_set_default_without_default(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* child = m.find_table(fk.child_table);
    if (!child) continue;
    for (const action* a : stated_actions(fk)) {
      if (a->kind != action_kind::set_default) continue;
      for (const std::string& name : fk.affected_columns(*a)) {
        const column* c = child->find_column(name);
        if (!c || c->default_decl()) continue;
        if (c->not_null()) {
          out.report(a->site,
                     "{} SET DEFAULT on `{}`, which has no default and is NOT NULL ({}): the "
                     "parent's change fails",
                     clause_of(fk, a), qualified_name(*child, *c),
                     short_where(m, c->not_null_decl()->site))
              .entity(qualified_name(*child, *c))
              .related(c->site(), "declared here without a default");
        } else {
          out.report(a->site, "{} SET DEFAULT on `{}`, which has no default: it silently sets NULL",
                     clause_of(fk, a), qualified_name(*child, *c))
              .entity(qualified_name(*child, *c))
              .level(severity::warning)
              .related(c->site(), "declared here without a default");
        }
      }
    }
  }
}
}  // namespace
extern const rule set_default_without_default{
    {"schema/set-default-without-default", severity::error,
     "ON DELETE/UPDATE SET DEFAULT on a column that has no default",
     pg_expectation{"23502", true, false}},
    &check_set_default_without_default};
}  // namespace speclint::rules
