#include <optional>

#include "speclint/graph.hpp"
#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_task_dependency_cycle(const model& m, finding_sink& out) {
  const auto& tasks = m.tasks();
  // Tasks that share an id: the first one counts (the one the model finds by that id).
  auto first_with_id = [&](std::string_view id) -> std::optional<std::uint32_t> {
    const task* t = m.find_task(id);
    if (!t) return std::nullopt;
    return static_cast<std::uint32_t>(t - tasks.data());
  };
  digraph g(tasks.size());
  // Edge ids encode (task, dependency index) so the report can point at the entry.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i].id.empty() || first_with_id(tasks[i].id) != i) continue;
    for (std::uint32_t k = 0; k < tasks[i].depends_on.size(); ++k)
      if (auto dep = first_with_id(tasks[i].depends_on[k].first)) {
        g.add(i, *dep, static_cast<std::uint32_t>(edges.size()));
        edges.emplace_back(i, k);
      }
  }
  for (const auto& comp : cyclic_components(g, true)) {
    auto path = cycle_from(g, comp.front(), comp);
    if (path.empty()) continue;
    std::string text(tasks[comp.front()].id);
    for (const auto& e : path) text.append(" -> ").append(tasks[e.to].id);
    auto [from, k] = edges[path.front().id];
    auto b = out.report(tasks[from].depends_on[k].second, "dependency cycle: {}", text);
    b.entity(tasks[comp.front()].id);
    for (const auto& e : path) {
      auto [t, dep] = edges[e.id];
      b.related(tasks[t].depends_on[dep].second,
                fmt::format("`{}` depends on `{}`", tasks[t].id, tasks[e.to].id));
    }
  }
}
}  // namespace
extern const rule task_dependency_cycle{
    {"task/dependency-cycle", severity::error, "tasks that depend on each other in a cycle"},
    &check_task_dependency_cycle};
}  // namespace speclint::rules
