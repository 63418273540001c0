#include <unordered_map>

#include "helpers.hpp"
#include "speclint/graph.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_cascade_cycle(const model& m, finding_sink& out) {
  const auto& tables = m.tables();
  std::unordered_map<std::string_view, std::uint32_t> id;
  for (std::uint32_t i = 0; i < tables.size(); ++i) id.emplace(tables[i].name, i);
  digraph g(tables.size());
  const auto& fks = m.foreign_keys();
  for (std::uint32_t k = 0; k < fks.size(); ++k) {
    if (fks[k].delete_kind() != action_kind::cascade) continue;
    auto p = id.find(fks[k].parent_table), c = id.find(fks[k].child_table);
    // Deleting the parent deletes the child; a self-reference (a tree) is not a cycle here.
    if (p != id.end() && c != id.end() && p->second != c->second) g.add(p->second, c->second, k);
  }
  for (const auto& comp : cyclic_components(g, false)) {
    auto path = cycle_from(g, comp.front(), comp);
    if (path.empty()) continue;
    std::string text = tables[comp.front()].name;
    for (const auto& e : path) text += " -> " + tables[e.to].name;
    const foreign_key& first = fks[path.front().id];
    auto b = out.report(first.on_delete()->site, "ON DELETE CASCADE cycle: {}", text);
    b.entity(tables[comp.front()].name);
    for (const auto& e : path)
      b.related(fks[e.id].on_delete()->site,
                fmt::format("`{}` ON DELETE CASCADE", fks[e.id].describe()));
  }
}
}  // namespace
extern const rule cascade_cycle{
    {"schema/cascade-cycle", severity::warning, "a cycle of ON DELETE CASCADE foreign keys"},
    &check_cascade_cycle};
}  // namespace speclint::rules
