#include <algorithm>
#include <limits>
#include <unordered_map>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

// Tenancy paths are short (a session's project's org); a longer search would only make a
// hostile spec of long chains cost the square of its size.
constexpr std::size_t max_path_keys = 6;

// True when the key's child columns are all NOT NULL: every row of its table then has a
// row of its parent.
bool mandatory(const model& m, const foreign_key& fk) {
  const table* t = m.find_table(fk.child_table);
  if (!t || fk.child_columns.empty()) return false;
  return std::all_of(fk.child_columns.begin(), fk.child_columns.end(), [&](const std::string& c) {
    const column* col = t->find_column(c);
    return col && col->not_null();
  });
}

// True when `k` sends child column `from` to parent column `to`.
bool maps(const foreign_key& k, const std::string& from, const std::string& to) {
  for (std::size_t i = 0; i < k.child_columns.size() && i < k.parent_columns.size(); ++i)
    if (k.child_columns[i] == from && k.parent_columns[i] == to) return true;
  return false;
}

// True when `k` holds every column pair of `inner`.
bool holds(const foreign_key& k, const foreign_key& inner) {
  if (inner.child_columns.size() != inner.parent_columns.size()) return false;
  for (std::size_t i = 0; i < inner.child_columns.size(); ++i)
    if (!maps(k, inner.child_columns[i], inner.parent_columns[i])) return false;
  return true;
}

void check_tenant_path_divergence(const model& m, finding_sink& out) {
  const auto& fks = m.foreign_keys();
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_child, mandatory_out;
  for (std::uint32_t k = 0; k < fks.size(); ++k) {
    if (fks[k].parent_columns.empty() || !m.find_table(fks[k].parent_table)) continue;
    by_child[fks[k].child_table].push_back(k);
    if (mandatory(m, fks[k])) mandatory_out[fks[k].child_table].push_back(k);
  }
  auto out_of = [&](std::string_view t) -> const std::vector<std::uint32_t>& {
    static const std::vector<std::uint32_t> none;
    auto it = mandatory_out.find(t);
    return it == mandatory_out.end() ? none : it->second;
  };
  // The keys by which `from` reaches each table through NOT NULL keys, breadth first: the
  // last key of a shortest path into each table reached within max_path_keys.
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  auto reach_from = [&](std::string_view from) {
    std::unordered_map<std::string_view, std::uint32_t> via{{from, none}};
    std::vector<std::string_view> level{from}, next;
    for (std::size_t depth = 0; depth < max_path_keys && !level.empty(); ++depth) {
      next.clear();
      for (std::string_view t : level)
        for (std::uint32_t k : out_of(t))
          if (via.try_emplace(fks[k].parent_table, k).second) next.push_back(fks[k].parent_table);
      level.swap(next);
    }
    return via;
  };
  // Carried: a key into B holds the key to B and sends the A key's columns to the columns of
  // a NOT NULL key of B (`(orgId, projectId) -> projects(orgId, id)`).
  auto carried = [&](const std::vector<std::uint32_t>& keys, const foreign_key& to_b,
                     const foreign_key& to_a) {
    for (std::uint32_t kc : keys) {
      const foreign_key& c = fks[kc];
      if (c.parent_table != to_b.parent_table || !holds(c, to_b)) continue;
      for (std::uint32_t kf : out_of(to_b.parent_table)) {
        const foreign_key& f = fks[kf];
        if (f.child_columns.size() != to_a.child_columns.size()) continue;
        bool all = true;
        for (std::size_t i = 0; i < f.child_columns.size(); ++i)
          all = all && maps(c, to_a.child_columns[i], f.child_columns[i]);
        if (all) return true;
      }
    }
    return false;
  };
  auto all_sites = [&](finding_sink::builder& b, const foreign_key& fk, std::string_view what) {
    for (const fk_decl& d : fk.decls)
      b.related(d.site, fmt::format("`{}`{} declared here", fk.describe(), what));
  };

  // Reaches are asked of the same tables again and again (every table under an org asks
  // about `projects`): each is searched once.
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, std::uint32_t>> reach;

  for (const table& t : m.tables()) {
    auto found = by_child.find(t.name);
    if (found == by_child.end()) continue;
    const std::vector<std::uint32_t>& keys = found->second;
    // The parents, in the order of their first key, each with its keys.
    std::vector<std::pair<std::string_view, std::vector<std::uint32_t>>> parents;
    std::unordered_map<std::string_view, std::size_t> parent_at;
    for (std::uint32_t k : keys) {
      auto [it, added] = parent_at.try_emplace(fks[k].parent_table, parents.size());
      if (added) parents.push_back({fks[k].parent_table, {}});
      parents[it->second].second.push_back(k);
    }
    if (parents.size() < 2) continue;
    for (const auto& [b_table, to_b_keys] : parents) {
      if (out_of(b_table).empty()) continue;
      // A table whose key to its own rows is composite states the parent its rows stay
      // within (`(projectId, forkedFromSessionId) -> sessions(projectId, id)`): its other
      // parents (the account that made a fork) may differ.
      if (b_table == t.name &&
          std::any_of(to_b_keys.begin(), to_b_keys.end(),
                      [&](std::uint32_t k) { return fks[k].child_columns.size() > 1; }))
        continue;
      auto cached = reach.find(b_table);
      if (cached == reach.end()) cached = reach.emplace(b_table, reach_from(b_table)).first;
      const auto& via = cached->second;
      // The parents that B reaches, in the order of the parents.
      std::vector<std::size_t> reached;
      for (const auto& [table_reached, key] : via)
        if (auto at = parent_at.find(table_reached);
            at != parent_at.end() && table_reached != b_table)
          reached.push_back(at->second);
      std::sort(reached.begin(), reached.end());
      for (std::size_t a_at : reached) {
        const auto& [a_table, to_a_keys] = parents[a_at];
        const foreign_key *to_a = nullptr, *to_b = nullptr;
        for (std::uint32_t kb : to_b_keys)
          for (std::uint32_t ka : to_a_keys)
            if (!to_b && !carried(to_b_keys, fks[kb], fks[ka])) {
              to_b = &fks[kb];
              to_a = &fks[ka];
            }
        if (!to_b) continue;
        std::vector<std::uint32_t> path;
        for (std::string_view at = a_table; via.at(at) != none; at = fks[via.at(at)].child_table)
          path.push_back(via.at(at));
        std::reverse(path.begin(), path.end());
        std::string through;
        for (std::uint32_t k : path)
          through += fmt::format("{}`{}`", through.empty() ? "" : ", ", fks[k].describe());
        auto b = out.report(to_b->site(),
                            "`{}` references `{}` directly (`{}`) and through `{}` (`{}`, then {} "
                            "NOT NULL), but no key carries `{}` into `{}`: a row may name a row of "
                            "`{}` that belongs to another row of `{}`",
                            t.name, a_table, to_a->describe(), b_table, to_b->describe(), through,
                            key_name(t.name, to_a->child_columns), b_table, b_table, a_table);
        b.entity(key_name(t.name, to_b->child_columns));
        other_declarations(b, *to_b, to_b->site());
        all_sites(b, *to_a, "");
        for (std::uint32_t k : path)
          if (&fks[k] != to_a) all_sites(b, fks[k], " (NOT NULL)");
      }
    }
  }
}
}  // namespace
extern const rule tenant_path_divergence{
    {"schema/tenant-path-divergence", severity::warning,
     "a table reaches the same parent directly and through another table, and no composite key "
     "keeps the two in step"},
    &check_tenant_path_divergence};
}  // namespace speclint::rules
