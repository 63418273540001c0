// `speclint facts`: what each reader read from each file, with its place.

#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/facts.hpp"

namespace speclint::cli {

namespace {

struct facts_args {
  spec_args spec;
  std::string format = "text";
};

int run_facts(const facts_args& a, const common_options& common) {
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
    write_facts_text(files, color_on_stdout(common), std::cout);
  }
  return 0;
}

}  // namespace

command add_facts(CLI::App& app, const common_options& common) {
  auto a = std::make_shared<facts_args>();
  CLI::App* cmd = app.add_subcommand(
      "facts", "List every fact read from each file, with its place and the reader that read it");
  cmd->add_option("-f,--format", a->format, "text (default) or json");
  add_spec_options(*cmd, a->spec);
  return {cmd, [a, &common] { return run_facts(*a, common); }};
}

}  // namespace speclint::cli
