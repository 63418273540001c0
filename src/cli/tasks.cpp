// `speclint tasks` and `speclint graph tasks`.

#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"

namespace speclint::cli {

namespace {

struct tasks_args {
  spec_args spec;
};

struct graph_args {
  spec_args spec;
  std::string what = "tasks";
  std::string format = "mermaid";
};

std::string quoted_dot(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out + "\"";
}

std::string mermaid_label(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '"' ? '\'' : (c == '\n' || c == '\r') ? ' ' : c);
  return out;
}

int run_tasks(const tasks_args& a) {
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  opts.only_rules = {"parse/markdown"};  // loading is what matters here
  lint_result res = lint(opts);
  std::size_t width = 2;
  for (const task& t : res.spec.tasks()) width = std::max(width, t.id.size());
  for (const task& t : res.spec.tasks()) {
    std::vector<std::string> deps;
    for (const auto& d : t.depends_on) deps.push_back(d.first);
    std::cout << fmt::format("{:<{}}  {:<11}  {}", t.id.empty() ? "?" : t.id, width,
                             t.status.empty() ? "?" : t.status, res.spec.path(t.file));
    if (!deps.empty()) std::cout << fmt::format("  (depends on: {})", fmt::join(deps, ", "));
    std::cout << '\n';
  }
  return 0;
}

int run_graph(const graph_args& a) {
  if (a.what != "tasks") throw usage_error(fmt::format("unknown graph `{}` (tasks)", a.what));
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  lint_result res = lint(opts);
  std::set<std::string> violated;
  for (const auto& v : res.violated) violated.insert(v.id);
  const auto& tasks = res.spec.tasks();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < tasks.size(); ++i)
    if (!tasks[i].id.empty()) index.try_emplace(tasks[i].id, i);
  if (a.format == "mermaid") {
    std::cout << "graph TD\n";
    for (const auto& [id, i] : index)
      std::cout << fmt::format("  t{}[\"{} ({})\"]\n", i, mermaid_label(id), mermaid_label(tasks[i].status));
    for (const auto& [id, i] : index)
      for (const auto& d : tasks[i].depends_on)
        if (auto it = index.find(d.first); it != index.end())
          std::cout << fmt::format("  t{} --> t{}\n", it->second, i);
    if (!violated.empty()) {
      std::cout << "  classDef violated fill:#fdd,stroke:#c00,stroke-width:2px\n";
      for (const auto& id : violated)
        if (auto it = index.find(id); it != index.end()) std::cout << fmt::format("  class t{} violated\n", it->second);
    }
  } else if (a.format == "dot") {
    std::cout << "digraph tasks {\n  rankdir=LR;\n  node [shape=box];\n";
    for (const auto& [id, i] : index) {
      std::cout << fmt::format("  {} [label={}", quoted_dot(id), quoted_dot(id + "\n" + tasks[i].status));
      if (violated.count(id)) std::cout << ", color=red, penwidth=2";
      std::cout << "];\n";
    }
    for (const auto& [id, i] : index)
      for (const auto& d : tasks[i].depends_on)
        if (index.count(d.first)) std::cout << fmt::format("  {} -> {};\n", quoted_dot(d.first), quoted_dot(id));
    std::cout << "}\n";
  } else {
    throw usage_error(fmt::format("unknown graph format `{}` (mermaid, dot)", a.format));
  }
  return 0;
}

}  // namespace

command add_tasks(CLI::App& app) {
  auto a = std::make_shared<tasks_args>();
  CLI::App* cmd = app.add_subcommand("tasks", "List tasks with their status, file and dependencies");
  add_spec_options(*cmd, a->spec);
  return {cmd, [a] { return run_tasks(*a); }};
}

command add_graph(CLI::App& app) {
  auto a = std::make_shared<graph_args>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "Draw the task dependency graph (edges from a dependency to the task that needs it; "
               "violated tasks marked)");
  cmd->add_option("what", a->what, "What to draw: tasks")->required();
  cmd->add_option("--format", a->format, "mermaid (default) or dot");
  add_spec_options(*cmd, a->spec);
  return {cmd, [a] { return run_graph(*a); }};
}

}  // namespace speclint::cli
