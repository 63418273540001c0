#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_match_simple_nullable_composite(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    if (fk.child_columns.size() < 2 || match_full(fk)) continue;
    const table* child = m.find_table(fk.child_table);
    if (!child) continue;
    std::vector<std::string> nullable;
    for (const std::string& name : fk.child_columns)
      if (const column* c = child->find_column(name); c && !c->not_null()) nullable.push_back(name);
    if (nullable.empty()) continue;
    other_declarations(
        out.report(
               fk.site(),
               "composite `{}` is MATCH SIMPLE and {} may be NULL: a row with any key column NULL "
               "is never checked against `{}`; use MATCH FULL or make the columns NOT NULL",
               fk.describe(), backticked(nullable), fk.parent_table)
            .entity(fk.child_table)
            .related(child->site, fmt::format("`{}` defined here", fk.child_table)),
        fk, fk.site());
  }
}
}  // namespace
extern const rule match_simple_nullable_composite{
    {"schema/match-simple-nullable-composite", severity::warning,
     "a composite MATCH SIMPLE foreign key with nullable columns, which lets rows skip the check"},
    &check_match_simple_nullable_composite};
}  // namespace speclint::rules
