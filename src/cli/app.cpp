#include "app.hpp"

#include <iostream>

#include "commands.hpp"
#include "speclint/version.hpp"

namespace speclint::cli {

int run(int argc, char** argv) {
  CLI::App app{
      "speclint: lint database storage specifications written in Markdown.\n\n"
      "Reads column tables, reference tables and task files, merges them into one schema\n"
      "model and reports contradictions, broken references and broken task invariants.\n"
      "`speclint [PATH...] [options]` is `speclint check [PATH...] [options]`.\n"
      "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.",
      "speclint"};
  app.set_version_flag("--version", std::string(version));
  app.require_subcommand(1);
  common_options common;
  std::vector<command> commands{add_check(app, common), add_diff(app, common),  add_rules(app),
                                add_explain(app),       add_facts(app, common), add_tasks(app),
                                add_graph(app),         add_export(app),        add_verify(app),
                                add_baseline(app),      add_init(app),          add_lsp(app),
                                add_man(app),           add_completion(app)};
  for (const command& c : commands) add_common_options(*c.app, common);

  std::vector<std::string> args(argv + 1, argv + argc);
  auto is_command = [&](const std::string& s) {
    for (const auto& c : commands)
      if (c.app->get_name() == s) return true;
    return false;
  };
  bool top_level =
      !args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "--version");
  if (!args.empty() && args[0] == "help") {
    args[0] = "--help";
  } else if (!top_level && (args.empty() || !is_command(args[0]))) {
    args.insert(args.begin(), "check");
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "speclint: " << e.what() << " (see speclint --help)\n";
    return 2;
  }
  try {
    for (const auto& c : commands)
      if (c.app->parsed()) return c.run();
  } catch (const usage_error& e) {
    std::cerr << "speclint: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "speclint: " << e.what() << '\n';
    return 2;
  }
  return 2;
}

}  // namespace speclint::cli
