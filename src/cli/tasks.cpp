// `speclint tasks` and `speclint graph tasks`.

#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/export.hpp"

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

int run_tasks(const tasks_args& a) {
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  opts.only_rules = {"parse/markdown"};  // loading is what matters here
  lint_result res = lint(opts);
  std::size_t width = 2;
  for (const task& t : res.spec.tasks()) width = std::max(width, t.id.size());
  for (const task& t : res.spec.tasks()) {
    std::vector<std::string> deps;
    for (const auto& d : t.depends_on) deps.emplace_back(d.first);
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
  auto graph = task_graph(a.format, res.spec, violated);
  if (!graph) throw usage_error(fmt::format("unknown graph format `{}` (mermaid, dot)", a.format));
  std::cout << *graph;
  return 0;
}

}  // namespace

command add_tasks(CLI::App& app) {
  auto a = std::make_shared<tasks_args>();
  CLI::App* cmd =
      app.add_subcommand("tasks", "List tasks with their status, file and dependencies");
  add_spec_options(*cmd, a->spec);
  return {cmd, [a] { return run_tasks(*a); }};
}

command add_graph(CLI::App& app) {
  auto a = std::make_shared<graph_args>();
  CLI::App* cmd = app.add_subcommand(
      "graph",
      "Draw the task dependency graph (edges from a dependency to the task that needs it; "
      "violated tasks marked)");
  cmd->add_option("what", a->what, "What to draw: tasks")->required();
  cmd->add_option("--format", a->format, "mermaid (default) or dot");
  add_spec_options(*cmd, a->spec);
  return {cmd, [a] { return run_graph(*a); }};
}

}  // namespace speclint::cli
