#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/config.hpp"
#include "speclint/rule.hpp"

namespace speclint::cli {

namespace fs = std::filesystem;

void add_spec_options(CLI::App& cmd, spec_args& a) {
  cmd.add_option("paths", a.paths,
                 "A directory to check (the root; default: the current directory), or files under "
                 "the root whose findings alone are reported");
  add_root_options(cmd, a);
}

void add_root_options(CLI::App& cmd, spec_args& a) {
  cmd.add_option("--root", a.root, "The repository root that paths in the report are relative to");
  cmd.add_option("-c,--config", a.config_file,
                 "Configuration file (default: ROOT/.speclint.yaml if present)");
  cmd.add_option("--docs", a.docs, "Docs root, overriding the configuration; repeatable")
      ->allow_extra_args(false);
  cmd.add_option("--tasks", a.tasks, "Tasks root, overriding the configuration; repeatable")
      ->allow_extra_args(false);
  cmd.add_option("-j,--jobs", a.jobs, "Files read in parallel (default: one per core)");
}

lint_options make_lint_options(const spec_args& a, std::vector<std::string>& filters) {
  lint_options opts;
  fs::path root = a.root.empty() ? fs::path(".") : fs::path(a.root);
  std::vector<std::string> paths = a.paths;
  std::error_code ec;
  if (a.root.empty() && paths.size() == 1 && fs::is_directory(paths.front(), ec)) {
    root = paths.front();
    paths.clear();
  }
  if (!fs::is_directory(root, ec))
    throw usage_error(fmt::format("no such directory: {}", root.string()));
  opts.root = root;
  fs::path config_path = a.config_file.empty() ? root / ".speclint.yaml" : fs::path(a.config_file);
  if (!a.config_file.empty() || fs::exists(config_path, ec)) {
    std::string shown = a.config_file.empty() ? ".speclint.yaml" : a.config_file;
    try {
      opts.cfg = load_config(config_path, shown);
    } catch (const config_error& e) {
      throw usage_error(e.what());
    }
  }
  if (!a.docs.empty()) opts.cfg.docs = a.docs;
  if (!a.tasks.empty()) opts.cfg.tasks = a.tasks;
  opts.jobs = a.jobs;
  fs::path abs_root = fs::weakly_canonical(fs::absolute(root), ec);
  for (const auto& p : paths) {
    if (!fs::exists(p, ec)) throw usage_error(fmt::format("no such file or directory: {}", p));
    fs::path rel = fs::weakly_canonical(fs::absolute(p), ec).lexically_relative(abs_root);
    if (rel.empty() || rel.generic_string().starts_with(".."))
      throw usage_error(fmt::format("{} is outside the root {}", p, root.string()));
    filters.push_back(rel.generic_string() == "." ? std::string() : rel.generic_string());
  }
  return opts;
}

lint_options whole_spec_options(const spec_args& a, std::string_view command) {
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a, filters);
  if (!filters.empty())
    throw usage_error(
        fmt::format("`speclint {}` works on the whole spec: give a directory, not files", command));
  return opts;
}

}  // namespace speclint::cli
