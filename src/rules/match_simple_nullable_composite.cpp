#include <algorithm>
#include <unordered_map>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_match_simple_nullable_composite(const model& m, finding_sink& out) {
  // The keys of each child table, built the first time a key needs them.
  std::unordered_map<std::string_view, std::vector<const foreign_key*>> by_child;
  for (const foreign_key& fk : m.foreign_keys()) {
    if (fk.child_columns.size() < 2 || match_full(fk)) continue;
    const table* child = m.find_table(fk.child_table);
    if (!child) continue;
    std::vector<std::string> nullable;
    for (const std::string& name : fk.child_columns)
      if (const column* c = child->find_column(name); c && !c->not_null()) nullable.push_back(name);
    if (nullable.empty()) continue;
    // A column escapes the check when another key column may be NULL while it is not: with
    // one nullable column, the others; with more, every one. A column that a key of its own
    // (of NOT NULL columns only, so always checked) references elsewhere does not escape,
    // and a key whose every escaping column is so covered is an optional reference.
    auto always_checked = [&](const foreign_key& other) {
      return std::all_of(other.child_columns.begin(), other.child_columns.end(),
                         [&](const std::string& name) {
                           const column* c = child->find_column(name);
                           return c && c->not_null();
                         });
    };
    if (by_child.empty())
      for (const foreign_key& k : m.foreign_keys()) by_child[k.child_table].push_back(&k);
    auto lists = [](const std::vector<std::string>& names, const std::string& name) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    auto covered = [&](const std::string& name) {
      const std::vector<const foreign_key*>& keys = by_child[fk.child_table];
      return std::any_of(keys.begin(), keys.end(), [&](const foreign_key* other) {
        return other != &fk && lists(other->child_columns, name) && always_checked(*other);
      });
    };
    bool escapes = false;
    for (const std::string& name : fk.child_columns)
      if ((nullable.size() > 1 || !lists(nullable, name)) && !covered(name)) escapes = true;
    if (!escapes) continue;
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
