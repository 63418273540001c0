// `speclint export`: the merged model as DDL, JSON, DBML, Mermaid or Graphviz.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/export.hpp"

namespace speclint::cli {

namespace {

struct export_args {
  spec_args spec;
  std::string format = "sql";
  std::string output;
};

int run_export(const export_args& a) {
  auto formats = export_formats();
  if (std::find(formats.begin(), formats.end(), a.format) == formats.end())
    throw usage_error(
        fmt::format("unknown export format `{}` (one of: {})", a.format, fmt::join(formats, ", ")));
  lint_options opts = whole_spec_options(a.spec, "export");
  // The rules run too: their errors mark the foreign keys in diagrams.
  lint_result res = lint(opts);
  std::optional<std::string> text = export_model(a.format, res.spec, res.findings);
  write_output(a.output, [&](std::ostream& out) { out << *text; });
  return std::cout ? 0 : 2;
}

}  // namespace

command add_export(CLI::App& app) {
  auto a = std::make_shared<export_args>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write the merged schema model as PostgreSQL DDL (sql), JSON, DBML, a Mermaid erDiagram or a "
      "Graphviz graph; foreign keys that carry an error are marked");
  add_spec_options(*cmd, a->spec);
  cmd->add_option("-f,--format", a->format, "sql (default), json, dbml, mermaid or dot");
  cmd->add_option("-o,--output", a->output, "Write to FILE instead of standard output");
  return {cmd, [a] { return run_export(*a); }};
}

}  // namespace speclint::cli
