#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "speclint/report.hpp"
#include "speclint/rule.hpp"

namespace speclint::cli {

namespace {

struct check_args {
  spec_args spec;
  std::vector<std::string> formats;
  std::vector<std::string> outputs;
  std::string fail_on = "error";
  std::vector<std::string> only_rules;
  bool no_color = false, quiet = false, explain = false, show_suppressed = false, tasks_only = false;
};

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

void recount(lint_result& res) {
  summary_counts& s = res.summary;
  s.errors = s.warnings = s.notes = 0;
  for (const auto& f : res.findings)
    (f.level == severity::error ? s.errors : f.level == severity::warning ? s.warnings : s.notes)++;
}

int run_check(const check_args& a) {
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  for (const auto& id : a.only_rules)
    if (!find_rule(id)) throw usage_error(fmt::format("unknown rule `{}` (see `speclint rules`)", id));
  opts.only_rules = a.only_rules;
  std::vector<std::string> formats = a.formats.empty() ? std::vector<std::string>{"text"} : a.formats;
  if (a.outputs.size() > formats.size()) throw usage_error("more --output files than --format options");
  for (const auto& f : formats) {
    auto known = report_formats();
    if (std::find(known.begin(), known.end(), f) == known.end())
      throw usage_error(fmt::format("unknown format `{}` (one of: {})", f, fmt::join(known, ", ")));
  }

  lint_result res = lint(opts);
  if (!filters.empty()) {
    std::erase_if(res.findings, [&](const finding& f) { return !touches(f, filters); });
    recount(res);
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

}  // namespace

command add_check(CLI::App& app) {
  auto a = std::make_shared<check_args>();
  CLI::App* cmd = app.add_subcommand("check", "Check the spec (the default command)");
  add_spec_options(*cmd, a->spec);
  cmd->add_option("-f,--format", a->formats, "Output format: text (default) or json; repeatable")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", a->outputs,
                  "Write the matching --format to FILE instead of standard output; repeatable")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  cmd->add_option("--fail-on", a->fail_on,
                  "Lowest severity that makes the exit status 1: error, warning, note or never")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  cmd->add_option("-r,--rule", a->only_rules, "Run only this rule; repeatable")->allow_extra_args(false);
  cmd->add_flag("--no-color", a->no_color, "Never color the output (NO_COLOR is honoured too)");
  cmd->add_flag("-q,--quiet", a->quiet, "Print only errors");
  cmd->add_flag("--explain", a->explain, "Add each rule's one-line summary under its findings");
  cmd->add_flag("--show-suppressed", a->show_suppressed, "List suppressed findings in JSON output");
  cmd->add_flag("--tasks-only", a->tasks_only, "Print only the ids of violated tasks, one a line");
  return {cmd, [a] { return run_check(*a); }};
}

}  // namespace speclint::cli
