#include <algorithm>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_not_null_set_null(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* child = m.find_table(fk.child_table);
    if (!child) continue;
    for (bool on_delete : {true, false}) {
      const action* a = on_delete ? fk.on_delete() : fk.on_update();
      if (!a || a->kind != action_kind::set_null) continue;
      std::string_view clause = on_delete ? "ON DELETE" : "ON UPDATE";
      // Every place that states this SET NULL, so the message names them all.
      std::vector<location> sites;
      for (const fk_decl& d : fk.decls) {
        const auto& stated = on_delete ? d.on_delete : d.on_update;
        if (stated && stated->kind == action_kind::set_null) sites.push_back(stated->site);
      }
      // A composite key sharing columns with the primary key: schema/set-null-shared-key-column.
      std::vector<std::string> outside = shared_key_set_null_columns(m, fk, *a);
      for (const std::string& name : fk.affected_columns(*a)) {
        const column* c = child->find_column(name);
        if (!c || !c->not_null()) continue;
        if (!outside.empty() && std::find(outside.begin(), outside.end(), name) == outside.end())
          continue;
        const column_decl* d = c->not_null_decl();
        std::string_view why = d->nullable == false ? "NOT NULL" : "part of the primary key";
        std::vector<std::string> where;
        for (const location& s : sites)
          where.push_back(s.file == d->site.file && s.line == d->site.line
                              ? std::string("its own row")
                              : short_where(m, s));
        auto b = out.report(d->site, "`{}` is {} ({}) but {} set{} {} SET NULL",
                            qualified_name(*child, *c), why, short_where(m, d->site),
                            fmt::join(where, " and "), where.size() == 1 ? "s" : "", clause);
        b.entity(qualified_name(*child, *c));
        for (const location& s : sites)
          b.related(s, fmt::format("{} SET NULL declared here", clause));
      }
    }
  }
}
}  // namespace
extern const rule not_null_set_null{{"schema/not-null-set-null", severity::error,
                                     "ON DELETE/UPDATE SET NULL on a column that cannot be null",
                                     pg_expectation{"23502", true, false}},
                                    &check_not_null_set_null};
}  // namespace speclint::rules
