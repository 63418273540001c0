#include "speclint/graph.hpp"

#include <algorithm>
#include <deque>
#include <limits>

namespace speclint {

std::vector<std::vector<std::uint32_t>> cyclic_components(const digraph& g, bool self_loops) {
  constexpr std::uint32_t unset = std::numeric_limits<std::uint32_t>::max();
  const auto n = static_cast<std::uint32_t>(g.out.size());
  std::vector<std::uint32_t> index(n, unset), low(n, 0);
  std::vector<char> on_stack(n, 0);
  std::vector<std::uint32_t> stack;
  std::vector<std::pair<std::uint32_t, std::size_t>> call;  // node, next edge
  std::vector<std::vector<std::uint32_t>> out;
  std::vector<std::uint32_t> comp;
  std::uint32_t counter = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != unset) continue;
    call.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      auto& [v, next] = call.back();
      if (next < g.out[v].size()) {
        std::uint32_t w = g.out[v][next++].to;
        if (index[w] == unset) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      std::uint32_t done = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] != index[done]) continue;
      comp.clear();  // one buffer: most components are single nodes without a cycle
      std::uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = 0;
        comp.push_back(w);
      } while (w != done);
      bool cyclic = comp.size() > 1;
      if (!cyclic && self_loops)
        for (const auto& e : g.out[done]) cyclic |= e.to == done;
      if (!cyclic) continue;
      std::sort(comp.begin(), comp.end());
      out.push_back(comp);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<digraph::edge> cycle_from(const digraph& g, std::uint32_t start,
                                      const std::vector<std::uint32_t>& component) {
  // Breadth-first search inside the component for the shortest way back to start.
  std::vector<char> inside(g.out.size(), 0);
  for (auto v : component) inside[v] = 1;
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> parent(g.out.size(), none);
  std::vector<digraph::edge> via(g.out.size());
  std::deque<std::uint32_t> queue{start};
  std::vector<char> seen(g.out.size(), 0);
  seen[start] = 1;
  while (!queue.empty()) {
    std::uint32_t v = queue.front();
    queue.pop_front();
    for (const auto& e : g.out[v]) {
      if (!inside[e.to]) continue;
      if (e.to == start) {
        std::vector<digraph::edge> path{e};
        for (std::uint32_t x = v; x != start; x = parent[x]) path.push_back(via[x]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (seen[e.to]) continue;
      seen[e.to] = 1;
      parent[e.to] = v;
      via[e.to] = e;
      queue.push_back(e.to);
    }
  }
  return {};
}

}  // namespace speclint
