#include <algorithm>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_fk_arity(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    if (fk.parent_columns.empty() || fk.parent_columns.size() == fk.child_columns.size()) continue;
    bool implicit = std::all_of(fk.decls.begin(), fk.decls.end(),
                                [](const fk_decl& d) { return d.parent_columns.empty(); });
    const table* parent = referenced_table(m, fk);
    auto b = out.report(
        fk.site(),
        "`{}` has {} referencing column{} but {} {} {}: PostgreSQL rejects the key (42830)",
        fk.describe(), fk.child_columns.size(), fk.child_columns.size() == 1 ? "" : "s",
        implicit ? fmt::format("the primary key of `{}` has", fk.parent_table)
                 : std::string("it names"),
        fk.parent_columns.size(), fk.parent_columns.size() == 1 ? "column" : "columns");
    b.entity(fk.child_columns.size() == 1 ? fk.child_table + "." + fk.child_columns.front()
                                          : fk.child_table);
    if (parent) b.related(parent->site, fmt::format("`{}` defined here", fk.parent_table));
    other_declarations(b, fk, fk.site());
  }
}
}  // namespace
extern const rule fk_arity{{"schema/fk-arity", severity::error,
                            "a foreign key's referencing and referenced column counts differ",
                            pg_expectation{"42830", false, false}},
                           &check_fk_arity};
}  // namespace speclint::rules
