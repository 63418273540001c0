#pragma once

// Graph algorithms the rules share, each linear in nodes plus edges.

#include <cstdint>
#include <vector>

namespace speclint {

/// A directed graph over nodes 0..n-1; each edge carries the id of the fact it came from.
struct digraph {
  struct edge {
    std::uint32_t to;
    std::uint32_t id;
  };
  std::vector<std::vector<edge>> out;

  explicit digraph(std::size_t nodes) : out(nodes) {}
  void add(std::uint32_t from, std::uint32_t to, std::uint32_t id) {
    out[from].push_back({to, id});
  }
};

/// Strongly connected components with more than one node or a self-loop when `self_loops`,
/// each sorted by node id, ordered by their smallest node (iterative Tarjan).
std::vector<std::vector<std::uint32_t>> cyclic_components(const digraph& g, bool self_loops);

/// A shortest cycle from `start` back to it inside its component: the edges in order.
std::vector<digraph::edge> cycle_from(const digraph& g, std::uint32_t start,
                                      const std::vector<std::uint32_t>& component);

}  // namespace speclint
