// `speclint facts`: what each reader read from each file, with its place.

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/facts.hpp"

namespace speclint::cli {

namespace {

struct facts_args {
  spec_args spec;
  std::string format = "text";
  bool no_color = false;
};

int run_facts(const facts_args& a) {
  if (a.format != "text" && a.format != "json")
    throw usage_error(fmt::format("unknown format `{}` (text, json)", a.format));
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  std::vector<file_read> files = read_facts(opts.root, opts.cfg);
  if (!filters.empty())
    std::erase_if(files, [&](const file_read& f) {
      for (const std::string& p : filters)
        if (p.empty() || f.path == p || f.path.starts_with(p + "/")) return false;
      return true;
    });
  if (a.format == "json") {
    write_facts_json(files, std::cout);
  } else {
    const char* no_color = std::getenv("NO_COLOR");
    bool color = !a.no_color && !(no_color && *no_color) && ::isatty(STDOUT_FILENO);
    write_facts_text(files, color, std::cout);
  }
  return 0;
}

}  // namespace

command add_facts(CLI::App& app) {
  auto a = std::make_shared<facts_args>();
  CLI::App* cmd = app.add_subcommand(
      "facts", "List every fact read from each file, with its place and the reader that read it");
  cmd->add_option("-f,--format", a->format, "text (default) or json");
  cmd->add_flag("--no-color", a->no_color, "Never color the output (NO_COLOR is honoured too)");
  add_spec_options(*cmd, a->spec);
  return {cmd, [a] { return run_facts(*a); }};
}

}  // namespace speclint::cli
