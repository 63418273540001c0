// `speclint baseline write [FILE]`.

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/baseline.hpp"

namespace speclint::cli {

namespace {

struct baseline_args {
  spec_args spec;
  std::string file;
};

int run_write(const baseline_args& a) {
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  lint_result res = lint(opts);
  std::filesystem::path file = a.file.empty()
                                   ? (opts.root / default_baseline_file).lexically_normal()
                                   : std::filesystem::path(a.file);
  baseline b = make_baseline(res.findings);
  try {
    write_baseline(file, b);
  } catch (const baseline_error& e) {
    throw usage_error(e.what());
  }
  std::cout << fmt::format("wrote {} finding{} to {}\n", b.entries.size(),
                           b.entries.size() == 1 ? "" : "s", file.generic_string());
  return 0;
}

}  // namespace

command add_baseline(CLI::App& app) {
  auto a = std::make_shared<baseline_args>();
  CLI::App* cmd = app.add_subcommand(
      "baseline",
      "Record the current findings, so that `check --baseline FILE` reports only new ones");
  cmd->require_subcommand(1);
  CLI::App* write = cmd->add_subcommand("write", "Write the current findings to FILE");
  write->add_option("file", a->file,
                    fmt::format("The baseline file (default: ROOT/{})", default_baseline_file));
  add_root_options(*write, a->spec);
  return {cmd, [a] { return run_write(*a); }};
}

}  // namespace speclint::cli
