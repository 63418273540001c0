#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

using claim_effect = deletion_claim::effect;

// What deleting a row of one table does to the others, as the keys say.
struct delete_closure {
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  std::string root;
  // Each table reached, with the key that reaches it (for a deleted table, the CASCADE key
  // from the table deleted before it) and what happens to it; in the order reached.
  std::vector<std::pair<std::string_view, std::uint32_t>> order;
  std::unordered_map<std::string_view, std::pair<claim_effect, std::uint32_t>> effect;

  claim_effect of(std::string_view t) const {
    auto it = effect.find(t);
    return it == effect.end() ? claim_effect::unstated : it->second.first;
  }
};

delete_closure closure_of(
    const model& m,
    const std::unordered_map<std::string_view, std::vector<std::uint32_t>>& by_parent,
    const std::string& root) {
  const auto& fks = m.foreign_keys();
  delete_closure c;
  c.root = root;
  auto keys_into = [&](std::string_view t) -> const std::vector<std::uint32_t>& {
    static const std::vector<std::uint32_t> none;
    auto it = by_parent.find(t);
    return it == by_parent.end() ? none : it->second;
  };
  // Deleted: breadth first along ON DELETE CASCADE.
  std::vector<std::string_view> gone{root};
  for (std::size_t i = 0; i < gone.size(); ++i)
    for (std::uint32_t k : keys_into(gone[i])) {
      const std::string& child = fks[k].child_table;
      if (fks[k].delete_kind() != action_kind::cascade || child == root) continue;
      if (!c.effect.try_emplace(child, claim_effect::deleted, k).second) continue;
      gone.push_back(child);
      c.order.emplace_back(child, k);
    }
  // Blocked, else cleared: a key into a deleted row from a table that keeps its rows.
  for (std::string_view parent : gone)
    for (std::uint32_t k : keys_into(parent)) {
      const std::string& child = fks[k].child_table;
      if (child == root || c.of(child) == claim_effect::deleted) continue;
      action_kind kind = fks[k].delete_kind();
      claim_effect e = kind == action_kind::set_null || kind == action_kind::set_default
                           ? claim_effect::cleared
                       : kind == action_kind::cascade ? claim_effect::deleted
                                                      : claim_effect::blocked;
      auto [it, added] = c.effect.try_emplace(child, e, k);
      if (added) {
        c.order.emplace_back(child, k);
      } else if (e == claim_effect::blocked && it->second.first == claim_effect::cleared) {
        it->second = {e, k};  // one refusing key stops the whole delete
      }
    }
  return c;
}

// The keys from the root to `t`, in order.
std::vector<std::uint32_t> keys_to(const model& m, const delete_closure& c, std::string_view t) {
  std::vector<std::uint32_t> out;
  for (auto it = c.effect.find(t); it != c.effect.end() && out.size() <= c.effect.size();
       it = c.effect.find(m.foreign_keys()[out.back()].parent_table))
    out.push_back(it->second.second);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string path_text(const model& m, const delete_closure& c,
                      const std::vector<std::uint32_t>& keys) {
  std::string out = c.root;
  for (std::uint32_t k : keys) out += " -> " + m.foreign_keys()[k].child_table;
  return out;
}

// What the keys do to `t`, for messages: `delete its rows (orgs -> projects)`.
std::string actual_text(const model& m, const delete_closure& c, std::string_view t) {
  const std::vector<std::uint32_t> keys = keys_to(m, c, t);
  if (keys.empty()) return "do not reach it";
  const foreign_key& last = m.foreign_keys()[keys.back()];
  const std::string path = path_text(m, c, keys);
  switch (c.of(t)) {
    case claim_effect::deleted:
      return fmt::format("delete its rows ({})", path);
    case claim_effect::cleared: {
      const action* a = last.on_delete();
      const std::vector<std::string>& cols = last.affected_columns(*a);
      return fmt::format("set {} to {} ({})",
                         cols.size() == 1
                             ? fmt::format("`{}.{}`", last.child_table, cols.front())
                             : fmt::format("{} of `{}`", backticked(cols), last.child_table),
                         a->kind == action_kind::set_null ? "NULL" : "the default", path);
    }
    default:
      return fmt::format("refuse the delete while it has rows ({}, `{}` ON DELETE {})", path,
                         last.describe(), to_sql(last.delete_kind()));
  }
}

void relate_path(const model& m, finding_sink::builder& b, const std::vector<std::uint32_t>& keys) {
  for (std::uint32_t k : keys) {
    const foreign_key& fk = m.foreign_keys()[k];
    const action* a = fk.on_delete();
    b.related(a ? a->site : fk.site(),
              fmt::format("`{}` ON DELETE {}", fk.describe(), to_sql(fk.delete_kind())));
  }
}

void check_cascade_claim(const model& m, finding_sink& out) {
  if (m.deletion_lists().empty()) return;
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_parent;
  for (std::uint32_t k = 0; k < m.foreign_keys().size(); ++k)
    by_parent[m.foreign_keys()[k].parent_table].push_back(k);
  for (const deletion_list& l : m.deletion_lists()) {
    if (!m.find_table(l.table)) continue;
    const delete_closure c = closure_of(m, by_parent, l.table);
    for (const deletion_claim& item : l.items) {
      if (item.table == l.table || !m.find_table(item.table)) continue;
      const claim_effect actual = c.of(item.table);
      const bool right = item.what == claim_effect::unstated ? actual != claim_effect::unstated
                                                             : actual == item.what;
      if (right) continue;
      std::string_view says = item.what == claim_effect::deleted   ? "deletes the rows of"
                              : item.what == claim_effect::cleared ? "clears the references of"
                              : item.what == claim_effect::blocked ? "is refused while rows are in"
                                                                   : "reaches";
      auto b = out.report(item.site,
                          "this list says that deleting a row of `{}` {} `{}`, but the keys {}",
                          l.table, says, item.table, actual_text(m, c, item.table));
      b.entity(item.table);
      relate_path(m, b, keys_to(m, c, item.table));
    }
    std::unordered_set<std::string_view> named;
    for (const deletion_claim& item : l.items) named.insert(item.table);
    for (const auto& [t, k] : c.order) {
      if (c.of(t) == claim_effect::blocked || named.count(t)) continue;
      const std::vector<std::uint32_t> keys = keys_to(m, c, t);
      auto b = out.report(
          l.site, "this list of what deleting a row of `{}` does leaves out `{}`: the keys {}",
          l.table, t, actual_text(m, c, t));
      b.entity(std::string(t));
      relate_path(m, b, keys);
    }
  }
}
}  // namespace
extern const rule cascade_claim{
    {"schema/cascade-claim", severity::warning,
     "a list of what deleting a row does disagrees with the ON DELETE actions of the keys"},
    &check_cascade_claim};
}  // namespace speclint::rules
