// `speclint rules` and `speclint explain`.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/rule.hpp"

namespace speclint::cli {

command add_rules(CLI::App& app) {
  CLI::App* cmd =
      app.add_subcommand("rules", "List every rule with its default severity and summary");
  return {cmd, [] {
            for (const rule* r : all_rules())
              std::cout << fmt::format("{:<40} {:<8} {}\n", r->info.id,
                                       to_string(r->info.default_severity), r->info.summary);
            return 0;
          }};
}

command add_explain(CLI::App& app) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "Print a rule's documentation page");
  cmd->add_option("rule", *id, "Rule id, e.g. schema/not-null-set-null")->required();
  return {cmd, [id] {
            if (!find_rule(*id))
              throw usage_error(fmt::format("unknown rule `{}` (see `speclint rules`)", *id));
            std::string_view doc = rule_doc(*id);
            if (doc.empty())
              throw usage_error(fmt::format("rule `{}` has no documentation page", *id));
            std::cout << doc;
            if (!doc.ends_with('\n')) std::cout << '\n';
            return 0;
          }};
}

}  // namespace speclint::cli
