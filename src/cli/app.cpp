#include "app.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "speclint/config.hpp"
#include "speclint/lint.hpp"
#include "speclint/report.hpp"
#include "speclint/rule.hpp"
#include "speclint/version.hpp"

namespace speclint::cli {

namespace fs = std::filesystem;

namespace {

/// A usage, configuration or I/O problem: one line on stderr, exit 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct check_args {
  std::vector<std::string> paths;
  std::string root;
  std::string config_file;
  std::vector<std::string> formats;
  std::vector<std::string> outputs;
  std::string fail_on = "error";
  std::vector<std::string> only_rules;
  std::vector<std::string> docs, tasks;
  unsigned jobs = 0;
  bool no_color = false, quiet = false, explain = false, show_suppressed = false, tasks_only = false;
};

void add_check_options(CLI::App& cmd, check_args& a) {
  cmd.add_option("paths", a.paths,
                 "A directory to check (the root; default: the current directory), or files under "
                 "the root whose findings alone are reported");
  cmd.add_option("--root", a.root, "The repository root that paths in the report are relative to");
  cmd.add_option("-c,--config", a.config_file, "Configuration file (default: ROOT/.speclint.yaml if present)");
  cmd.add_option("-f,--format", a.formats, "Output format: text (default) or json; repeatable")
      ->take_last()
      ->expected(1);
  cmd.add_option("-o,--output", a.outputs,
                 "Write the matching --format to FILE instead of standard output; repeatable")
      ->expected(1);
  cmd.add_option("--fail-on", a.fail_on, "Lowest severity that makes the exit status 1: error, warning, note or never")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  cmd.add_option("-r,--rule", a.only_rules, "Run only this rule; repeatable");
  cmd.add_option("--docs", a.docs, "Docs root, overriding the configuration; repeatable");
  cmd.add_option("--tasks", a.tasks, "Tasks root, overriding the configuration; repeatable");
  cmd.add_option("-j,--jobs", a.jobs, "Files read in parallel (default: one per core)");
  cmd.add_flag("--no-color", a.no_color, "Never color the output (NO_COLOR is honoured too)");
  cmd.add_flag("-q,--quiet", a.quiet, "Print only errors");
  cmd.add_flag("--explain", a.explain, "Add each rule's one-line summary under its findings");
  cmd.add_flag("--show-suppressed", a.show_suppressed, "List suppressed findings in JSON output");
  cmd.add_flag("--tasks-only", a.tasks_only, "Print only the ids of violated tasks, one a line");
}

// Repeated --format takes each value; CLI11's take_last would drop all but one.
void fix_format_policy(CLI::App& cmd) {
  cmd.get_option("--format")->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

lint_options make_options(const check_args& a, std::vector<std::string>& filters) {
  lint_options opts;
  fs::path root = a.root.empty() ? fs::path(".") : fs::path(a.root);
  std::vector<std::string> paths = a.paths;
  if (a.root.empty() && paths.size() == 1 && fs::is_directory(paths.front())) {
    root = paths.front();
    paths.clear();
  }
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw usage_error(fmt::format("no such directory: {}", root.string()));
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
  for (const auto& id : a.only_rules)
    if (!find_rule(id)) throw usage_error(fmt::format("unknown rule `{}` (see `speclint rules`)", id));
  opts.only_rules = a.only_rules;
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

bool touches(const finding& f, const std::vector<std::string>& filters) {
  auto under = [&](const std::string& file) {
    for (const auto& p : filters)
      if (p.empty() || file == p || file.starts_with(p + "/")) return true;
    return false;
  };
  if (under(f.file)) return true;
  for (const auto& r : f.related)
    if (under(r.file)) return true;
  return false;
}

int run_check(const check_args& a) {
  std::vector<std::string> filters;
  lint_options opts = make_options(a, filters);
  lint_result res = lint(opts);
  if (!filters.empty()) {
    std::erase_if(res.findings, [&](const finding& f) { return !touches(f, filters); });
    summary_counts& s = res.summary;
    s.errors = s.warnings = s.notes = 0;
    for (const auto& f : res.findings)
      (f.level == severity::error ? s.errors : f.level == severity::warning ? s.warnings : s.notes)++;
  }

  report_options ro;
  const char* no_color = std::getenv("NO_COLOR");
  ro.quiet = a.quiet;
  ro.explain = a.explain;
  ro.show_suppressed = a.show_suppressed;
  ro.max_per_rule = opts.cfg.limits.max_findings_per_rule;
  if (a.tasks_only) {
    write_task_ids(res, std::cout);
  } else {
    std::vector<std::string> formats = a.formats.empty() ? std::vector<std::string>{"text"} : a.formats;
    if (a.outputs.size() > formats.size())
      throw usage_error("more --output files than --format options");
    for (const auto& f : formats) {
      bool known = false;
      for (auto k : report_formats()) known |= k == f;
      if (!known) throw usage_error(fmt::format("unknown format `{}`", f));
    }
    for (std::size_t i = 0; i < formats.size(); ++i) {
      if (i < a.outputs.size() && a.outputs[i] != "-") {
        std::ofstream file(a.outputs[i], std::ios::binary);
        if (!file) throw usage_error(fmt::format("cannot write {}", a.outputs[i]));
        ro.color = false;
        write_report(formats[i], res, ro, file);
        if (!file.flush()) throw usage_error(fmt::format("cannot write {}", a.outputs[i]));
      } else {
        ro.color = !a.no_color && !(no_color && *no_color) && ::isatty(STDOUT_FILENO);
        write_report(formats[i], res, ro, std::cout);
      }
    }
  }
  std::cout.flush();
  if (a.fail_on == "never") return 0;
  severity threshold = *parse_severity(a.fail_on);
  for (const finding& f : res.findings)
    if (f.level >= threshold) return 1;
  return 0;
}

int run_rules_list() {
  for (const rule* r : all_rules())
    std::cout << fmt::format("{:<40} {:<8} {}\n", r->info.id, to_string(r->info.default_severity), r->info.summary);
  return 0;
}

int run_explain(const std::string& id) {
  const rule* r = find_rule(id);
  if (!r) throw usage_error(fmt::format("unknown rule `{}` (see `speclint rules`)", id));
  std::string_view doc = rule_doc(id);
  if (doc.empty()) throw usage_error(fmt::format("rule `{}` has no documentation page", id));
  std::cout << doc;
  if (!doc.ends_with('\n')) std::cout << '\n';
  return 0;
}

bool is_command(std::string_view s) {
  return s == "check" || s == "rules" || s == "explain" || s == "help";
}

}  // namespace

int run(int argc, char** argv) {
  // `speclint [paths] [options]` is `speclint check [paths] [options]`.
  std::vector<std::string> args(argv + 1, argv + argc);
  bool top_level = !args.empty() && (args[0] == "-h" || args[0] == "--help" || args[0] == "--version");
  if (!top_level && (args.empty() || !is_command(args[0]))) args.insert(args.begin(), "check");
  if (!args.empty() && args[0] == "help") args[0] = "--help";

  CLI::App app{"speclint: lint database storage specifications written in Markdown.\n\n"
               "Reads column tables, reference tables and task files, merges them into one schema\n"
               "model and reports contradictions, broken references and broken task invariants.\n"
               "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.",
               "speclint"};
  app.set_version_flag("--version", std::string(version));
  app.require_subcommand(1);

  check_args ca;
  CLI::App* check = app.add_subcommand("check", "Check the spec (the default command)");
  add_check_options(*check, ca);
  fix_format_policy(*check);
  app.add_subcommand("rules", "List every rule with its default severity and summary");
  std::string explain_id;
  CLI::App* explain = app.add_subcommand("explain", "Print a rule's documentation page");
  explain->add_option("rule", explain_id, "Rule id, e.g. schema/not-null-set-null")->required();

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "speclint: " << e.what() << " (see speclint --help)\n";
    return 2;
  }
  try {
    if (check->parsed()) return run_check(ca);
    if (app.got_subcommand("rules")) return run_rules_list();
    if (explain->parsed()) return run_explain(explain_id);
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
