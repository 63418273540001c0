#include <algorithm>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

// The referential check looks rows up by `col = $1`, which implies `col IS NOT NULL`: a
// partial index whose predicate says only that about the key's columns serves it.
bool serves_lookup(const index_def& ix, const std::vector<std::string>& columns) {
  if (ix.where.empty()) return true;
  std::string where;
  for (char c : to_lower(ix.where))
    if (c != '"' && c != '`') where += c;
  where = collapse_space(where);
  std::size_t pos = 0;
  while (pos <= where.size()) {
    std::size_t next = where.find(" and ", pos);
    std::string part =
        where.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    part = std::string(trim(part));
    if (part.starts_with("(") && part.ends_with(")")) part = part.substr(1, part.size() - 2);
    if (!part.ends_with(" is not null")) return false;
    std::string col = std::string(trim(std::string_view(part).substr(0, part.size() - 12)));
    if (std::none_of(columns.begin(), columns.end(),
                     [&](const std::string& c) { return iequals(c, col); }))
      return false;
    if (next == std::string::npos) break;
    pos = next + 5;
  }
  return true;
}

void check_fk_missing_index(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* child = m.find_table(fk.child_table);
    // Delta specs name only the indexes they change.
    if (!child || !defines_all(*child, fk.child_columns) || only_in_delta(m, *child)) continue;
    // One index serves every key on the same columns: said once, at the first.
    if (m.find_fk(fk.child_table, fk.child_columns) != &fk) continue;
    bool indexed =
        std::any_of(child->indexes.begin(), child->indexes.end(), [&](const index_def& ix) {
          return leads(ix, fk.child_columns) && serves_lookup(ix, fk.child_columns);
        });
    if (indexed) continue;
    std::string name = fk.child_columns.size() == 1
                           ? fk.child_table + "." + fk.child_columns.front()
                           : fk.child_table;
    other_declarations(
        out.report(fk.site(),
                   "no index on `{}` leads with {}: each delete or key update in `{}` scans `{}`",
                   fk.child_table, backticked(fk.child_columns), fk.parent_table, fk.child_table)
            .entity(name)
            .related(child->site, fmt::format("`{}` defined here", fk.child_table)),
        fk, fk.site());
  }
}
}  // namespace
extern const rule fk_missing_index{{"schema/fk-missing-index", severity::warning,
                                    "a foreign key whose columns no index leads with"},
                                   &check_fk_missing_index};
}  // namespace speclint::rules
