#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

void check_cascade_blocked(const model& m, finding_sink& out) {
  const auto& fks = m.foreign_keys();
  // For each table, the first ON DELETE CASCADE key that deletes its rows when a parent goes.
  std::unordered_map<std::string_view, std::uint32_t> cascade_in;
  for (std::uint32_t k = 0; k < fks.size(); ++k)
    if (fks[k].delete_kind() == action_kind::cascade && fks[k].child_table != fks[k].parent_table)
      cascade_in.try_emplace(fks[k].child_table, k);

  for (const foreign_key& guard : fks) {
    action_kind kind = guard.delete_kind();
    if (kind != action_kind::restrict && kind != action_kind::no_action) continue;
    const std::string& target = guard.parent_table;
    if (!cascade_in.count(target) || !m.find_table(target) || !m.find_table(guard.child_table))
      continue;
    // Walk up the first cascade parents: root -> ... -> target (linear, stops on a cycle).
    std::vector<std::uint32_t> chain;
    std::unordered_set<std::string_view> on_path{target};
    for (auto it = cascade_in.find(target); it != cascade_in.end();) {
      std::uint32_t k = it->second;
      chain.push_back(k);
      if (!on_path.insert(fks[k].parent_table).second) break;
      it = cascade_in.find(fks[k].parent_table);
    }
    std::reverse(chain.begin(), chain.end());
    // NO ACTION is checked at the end of the statement: fine when the same delete also
    // removes the referencing rows through a cascade from the path.
    if (kind == action_kind::no_action) {
      auto own = cascade_in.find(guard.child_table);
      if (guard.child_table == target ||
          (own != cascade_in.end() && on_path.count(fks[own->second].parent_table)))
        continue;
    }
    std::string root = fks[chain.front()].parent_table;
    std::string path = root;
    for (std::uint32_t k : chain) path += " -> " + fks[k].child_table;
    std::string_view action = guard.on_delete() ? to_sql(kind) : "NO ACTION (the default)";
    location at = guard.on_delete() ? guard.on_delete()->site : guard.site();
    auto b =
        out.report(at,
                   "deleting from `{}` cascades to `{}` ({}), but `{}` references `{}` with ON "
                   "DELETE {}: the delete is refused while such rows exist",
                   root, target, path, guard.describe(), target, action);
    b.entity(guard.child_columns.size() == 1 ? guard.child_table + "." + guard.child_columns.front()
                                             : guard.child_table);
    for (std::uint32_t k : chain)
      b.related(fks[k].on_delete()->site, fmt::format("`{}` ON DELETE CASCADE", fks[k].describe()));
  }
}
}  // namespace
extern const rule cascade_blocked{
    {"schema/cascade-blocked", severity::warning,
     "a cascading delete runs into a RESTRICT or NO ACTION foreign key"},
    &check_cascade_blocked};
}  // namespace speclint::rules
