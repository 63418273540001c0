#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "../drift/catalog.hpp"
#include "commands.hpp"
#include "fix.hpp"
#include "git.hpp"
#include "speclint/baseline.hpp"
#include "speclint/drift.hpp"
#include "speclint/report.hpp"
#include "speclint/rule.hpp"

namespace speclint::cli {

namespace {

namespace fs = std::filesystem;

struct check_args {
  spec_args spec;
  std::vector<std::string> formats;
  std::vector<std::string> outputs;
  std::string fail_on = "error";
  std::vector<std::string> only_rules;
  bool quiet = false, explain = false, show_suppressed = false, tasks_only = false, timings = false;
  std::string baseline_file;
  bool prune_baseline = false;
  bool changed = false;
  std::string base;
  std::string summary_file;
  bool fix = false, fix_dry_run = false;
  int fix_rounds =
      0;  ///< fixes made so far: a fix can bring out another (a table's name, then its column's)
  bool diff = false;                    ///< `speclint diff`: the drift findings only
  std::string against;                  ///< `check --against`: migrations or database
  std::vector<std::string> migrations;  ///< globs, overriding the configuration's
  std::string database;                 ///< a live database's URL
  std::vector<std::string> schemas;     ///< the database's schemas to read
};

// The implementation the spec is compared with, when the command asks for one: the
// migrations (globs from --migrations, else the configuration), or a live database.
std::shared_ptr<const model> implementation_of(const check_args& a, const lint_options& opts) {
  if (!a.database.empty() || a.against == "database") {
    // Without --database, DATABASE_URL; without that, libpq's PGHOST, PGDATABASE, … .
    const char* env = std::getenv("DATABASE_URL");
    const std::string url = !a.database.empty() ? a.database : env ? env : "";
    config cfg = opts.cfg;
    cfg.reading.dialect = sql_dialect::postgres;  // the catalog's DDL, whatever the docs use
    try {
      return std::make_shared<const model>(load_memory(read_catalog(url, a.schemas), cfg));
    } catch (const catalog_error& e) {
      throw usage_error(fmt::format("--database: {}", e.what()));
    }
  }
  if (!a.diff && a.against.empty()) return nullptr;
  const std::vector<std::string>& globs = a.migrations.empty() ? opts.cfg.migrations : a.migrations;
  if (globs.empty())
    throw usage_error(
        "--migrations: no migrations to compare with; give --migrations GLOB or set "
        "`migrations:` in .speclint.yaml");
  try {
    return std::make_shared<const model>(load_migrations(opts.root, globs, opts.cfg));
  } catch (const std::runtime_error& e) {
    throw usage_error(fmt::format("--migrations: {}", e.what()));
  }
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

// The configuration file's path relative to the root, or empty when it lies outside or is unused.
std::string config_relative_to_root(const lint_options& opts) {
  if (opts.cfg.path.empty()) return {};
  std::error_code ec;
  fs::path cfg =
      opts.cfg.path == ".speclint.yaml" ? opts.root / ".speclint.yaml" : fs::path(opts.cfg.path);
  fs::path rel = fs::weakly_canonical(fs::absolute(cfg), ec)
                     .lexically_relative(fs::weakly_canonical(fs::absolute(opts.root), ec));
  std::string s = rel.generic_string();
  return s.empty() || s.starts_with("..") ? std::string() : s;
}

// The --timings table: each step's wall time and the peak resident memory so far, then the
// slowest rules (rules run side by side, so their times add up to more than the "run rules"
// step).
void print_timings(const lint_result& res, std::ostream& out) {
  double total = 0, peak = 0;
  for (const auto& s : res.steps) total += s.ms, peak = std::max(peak, s.peak_mb);
  out << "step                                  wall ms   peak MB\n";
  for (const auto& s : res.steps)
    out << fmt::format("{:<36} {:>9.1f} {:>9.1f}\n", s.name, s.ms, s.peak_mb);
  out << fmt::format("{:<36} {:>9.1f} {:>9.1f}\n\nrule (slowest first)                       ms\n",
                     "total", total, peak);
  std::size_t shown = 0;
  for (const auto& r : res.rule_times) {
    if (++shown > 10) break;
    out << fmt::format("{:<36} {:>9.1f}\n", r.name, r.ms);
  }
}

// Enough for every chain of fixes speclint makes (an anchor, a table's name, its column's).
constexpr int max_fix_rounds = 5;

int run_check(const check_args& a, const common_options& common) {
  std::vector<std::string> filters;
  lint_options opts = make_lint_options(a.spec, filters);
  for (const auto& id : a.only_rules)
    if (!find_rule(id))
      throw usage_error(fmt::format("unknown rule `{}` (see `speclint rules`)", id));
  opts.only_rules = a.only_rules;
  opts.implementation = implementation_of(a, opts);
  if (a.diff && opts.only_rules.empty())
    for (const rule* r : all_rules())
      if (r->check_drift || r->info.id.starts_with("sql/"))
        opts.only_rules.emplace_back(r->info.id);
  std::vector<std::string> formats =
      a.formats.empty() ? std::vector<std::string>{"text"} : a.formats;
  if (a.outputs.size() > formats.size())
    throw usage_error("more --output files than --format options");
  for (const auto& f : formats) {
    if (a.diff && f == "sql") continue;
    auto known = report_formats();
    if (std::find(known.begin(), known.end(), f) == known.end())
      throw usage_error(fmt::format("unknown format `{}` (one of: {})", f, fmt::join(known, ", ")));
  }
  std::optional<baseline> base;
  if (!a.baseline_file.empty()) {
    try {
      base = read_baseline(a.baseline_file);
    } catch (const baseline_error& e) {
      throw usage_error(e.what());
    }
  }
  // Where to compare from is asked before the spec is read, so that a git problem costs
  // nothing; the changed files are listed while it is read (git takes tens of milliseconds
  // to look at every file of a large tree).
  std::future<std::vector<std::string>> changed_list;
  if (a.changed)
    changed_list =
        std::async(std::launch::async, changed_files, opts.root, changed_base(opts.root, a.base));

  auto result = std::make_unique<lint_result>(lint(opts));
  lint_result& res = *result;
  std::optional<std::vector<std::string>> changed;
  if (changed_list.valid()) changed = changed_list.get();
  stopwatch clock(&res.steps);

  // The baseline applies to the whole spec, so that a file filter never makes a finding look fixed.
  std::optional<baseline> pruned;
  if (base) pruned = apply_baseline(res, *base);

  bool filtered = false;
  if (!filters.empty()) {
    std::erase_if(res.findings, [&](const finding& f) { return !touches(f, filters); });
    filtered = true;
  }
  if (changed) {
    std::string cfg = config_relative_to_root(opts);
    // A changed configuration can change any finding: then every one is reported.
    bool config_changed = !cfg.empty() && std::binary_search(changed->begin(), changed->end(), cfg);
    if (config_changed) {
      std::cerr << fmt::format("speclint: {} changed; reporting every finding\n", cfg);
    } else {
      std::erase_if(res.findings, [&](const finding& f) { return !touches(f, *changed); });
      filtered = true;
    }
  }
  if (filtered) refresh(res);

  if (a.fix || a.fix_dry_run) {
    std::string diff;
    const std::vector<fix_outcome> outcomes =
        apply_fixes(opts.root, res.findings, a.fix_dry_run, diff);
    std::cout << diff;
    bool applied = false;
    for (const fix_outcome& o : outcomes) {
      applied |= o.applied;
      if (a.fix || !o.applied)
        std::cerr << fmt::format("{}:{}: {}{}\n", o.file, o.line, o.applied ? "fixed: " : "",
                                 o.description);
    }
    if (a.fix_dry_run) {
      std::cout.flush();
      return applied ? 1 : 0;
    }
    if (applied) {
      // The report is of the spec as the fixes left it. Once a table's name is fixed, a fix of
      // its column's may show: fixing again until nothing changes makes a second --fix a no-op.
      check_args again = a;
      again.fix = ++again.fix_rounds < max_fix_rounds;
      leave_to_exit(std::move(result));
      return run_check(again, common);
    }
  }

  if (a.prune_baseline && pruned && !res.fixed.empty()) {
    try {
      write_baseline(a.baseline_file, *pruned);
    } catch (const baseline_error& e) {
      throw usage_error(e.what());
    }
    std::cerr << fmt::format("speclint: removed {} fixed finding{} from {}\n", res.fixed.size(),
                             res.fixed.size() == 1 ? "" : "s", a.baseline_file);
  }

  report_options ro;
  ro.quiet = a.quiet;
  ro.explain = a.explain;
  ro.show_suppressed = a.show_suppressed;
  ro.max_per_rule = opts.cfg.limits.max_findings_per_rule;
  if (a.tasks_only) {
    write_task_ids(res, std::cout);
  } else {
    for (std::size_t i = 0; i < formats.size(); ++i) {
      std::string output = i < a.outputs.size() ? a.outputs[i] : "-";
      ro.color = output == "-" && color_on_stdout(common);
      if (formats[i] == "sql") {
        std::vector<drift> drifts = compare_models(res.spec, *opts.implementation);
        std::erase_if(drifts, [&](const drift& d) {
          return !std::binary_search(res.rules_run.begin(), res.rules_run.end(), d.rule);
        });
        write_output(output, [&](std::ostream& out) { out << drift_sql(drifts); });
        continue;
      }
      write_output(output, [&](std::ostream& out) { write_report(formats[i], res, ro, out); });
    }
  }
  // The Markdown job summary: --summary FILE, or GitHub's step summary file with --format github.
  ro.color = false;
  auto summary = [&](std::ostream& out) { write_report("markdown", res, ro, out); };
  if (!a.summary_file.empty()) {
    write_file(a.summary_file, summary);
  } else if (std::find(formats.begin(), formats.end(), "github") != formats.end()) {
    const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
    if (step_summary && *step_summary) write_file(step_summary, summary, true);
  }
  std::cout.flush();
  clock.lap("filter and write reports");
  if (a.timings) print_timings(res, std::cerr);
  // Docs without a single table read are most likely in a notation speclint does not read:
  // said on stderr, and counted as a warning for the exit status.
  const bool blind = res.summary.no_table_read();
  if (blind)
    std::cerr << fmt::format(
        "speclint: no table was read from the {} doc{}; `speclint facts` lists what was read "
        "from each file, and docs/spec-format.md the notations speclint reads\n",
        res.summary.docs, res.summary.docs == 1 ? "" : "s");
  int status = 0;
  if (a.fail_on != "never") {
    severity threshold = *parse_severity(a.fail_on);
    for (const finding& f : res.findings)
      if (f.level >= threshold) status = 1;
    if (blind && severity::warning >= threshold) status = 1;
  }
  leave_to_exit(std::move(result));
  return status;
}

// The options `check` and `diff` share.
void add_report_options(CLI::App* cmd, const std::shared_ptr<check_args>& a) {
  add_spec_options(*cmd, a->spec);
  cmd->add_option("-f,--format", a->formats,
                  a->diff ? "Output format: text (default), json, sarif, github, junit, markdown, "
                            "or sql (the DDL that brings the implementation to the spec); "
                            "repeatable"
                          : "Output format: text (default), json, sarif, github, junit or "
                            "markdown; repeatable")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", a->outputs,
                  "Write the matching --format to FILE instead of standard output; repeatable")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  cmd->add_option("--fail-on", a->fail_on,
                  "Lowest severity that makes the exit status 1: error, warning, note or never")
      ->check(CLI::IsMember({"error", "warning", "note", "never"}));
  cmd->add_option("-r,--rule", a->only_rules, "Run only this rule; repeatable")
      ->allow_extra_args(false);
  cmd->add_flag("-q,--quiet", a->quiet, "Print only errors");
  cmd->add_flag("--explain", a->explain, "Add each rule's one-line summary under its findings");
  cmd->add_flag("--show-suppressed", a->show_suppressed,
                "List suppressed findings in JSON and SARIF output");
  cmd->add_flag("--tasks-only", a->tasks_only, "Print only the ids of violated tasks, one a line");
  cmd->add_option("--migrations", a->migrations,
                  "Globs of the migration files (.sql) that implement the spec, overriding "
                  "`migrations:` of the configuration; repeatable")
      ->allow_extra_args(false)
      ->type_name("GLOB");
}

}  // namespace

command add_diff(CLI::App& app, const common_options& common) {
  auto a = std::make_shared<check_args>();
  a->diff = true;
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "Compare the spec with its implementation (migrations, or a live database) and report "
      "where they disagree (the drift/ rules)");
  add_report_options(cmd, a);
  cmd->add_option("--database", a->database,
                  "A live database to compare with, read-only (a PostgreSQL connection URL)")
      ->type_name("URL");
  cmd->add_option("--schema", a->schemas,
                  "With --database: read only this schema; repeatable (default: every schema "
                  "but PostgreSQL's own)")
      ->allow_extra_args(false);
  return {cmd, [a, &common] { return run_check(*a, common); }};
}

command add_check(CLI::App& app, const common_options& common) {
  auto a = std::make_shared<check_args>();
  CLI::App* cmd = app.add_subcommand("check", "Check the spec (the default command)");
  add_report_options(cmd, a);
  cmd->add_option("--against", a->against,
                  "Also compare the spec with its implementation: migrations (--migrations, "
                  "else `migrations:` of the configuration) or database (--database)")
      ->check(CLI::IsMember({"migrations", "database"}));
  cmd->add_option("--database", a->database,
                  "With --against database: the live database's URL, read-only (default: "
                  "DATABASE_URL, else libpq's PGHOST, PGDATABASE, …)")
      ->type_name("URL");
  cmd->add_option("--schema", a->schemas,
                  "With --against database: read only this schema; repeatable (default: every "
                  "schema but PostgreSQL's own)")
      ->allow_extra_args(false);
  CLI::Option* fix_opt = cmd->add_flag(
      "--fix", a->fix,
      "Make the safe fixes that findings carry (an anchor's case, a name's case, a stale line "
      "number), say each on stderr as `file:line: fixed: …`, then report what is left");
  cmd->add_flag("--fix-dry-run", a->fix_dry_run,
                "Print the safe fixes as a unified diff and change nothing (exit 1 when there is "
                "one to make)")
      ->excludes(fix_opt);
  cmd->add_flag("--timings", a->timings,
                "Print the wall time and peak memory of each step, and the time of the ten slowest "
                "rules, to standard error");
  CLI::Option* baseline_opt =
      cmd->add_option(
             "--baseline", a->baseline_file,
             "Report only findings that FILE (see `speclint baseline write`) does not record")
          ->type_name("FILE");
  cmd->add_flag("--prune-baseline", a->prune_baseline,
                "Rewrite the --baseline file without the findings that no longer occur")
      ->needs(baseline_opt);
  CLI::Option* changed_opt = cmd->add_flag(
      "--changed", a->changed,
      "Report only findings that touch a file changed according to git (committed since --base, "
      "staged, unstaged or untracked)");
  cmd->add_option("--base", a->base,
                  "With --changed: the commit to compare with (default: the merge base with the "
                  "upstream branch, else HEAD)")
      ->type_name("REF")
      ->needs(changed_opt);
  cmd->add_option("--summary", a->summary_file,
                  "Write a Markdown summary to FILE (default with --format github: append to "
                  "$GITHUB_STEP_SUMMARY when set)")
      ->type_name("FILE");
  return {cmd, [a, &common] { return run_check(*a, common); }};
}

}  // namespace speclint::cli
