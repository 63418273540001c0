#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "speclint/config.hpp"
#include "speclint/finding.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint {

/// What to check and how.
struct lint_options {
  std::filesystem::path root = ".";
  config cfg;
  std::vector<input_file> files;        ///< empty: discover under the configured roots
  std::vector<std::string> only_rules;  ///< non-empty: run just these rules
  unsigned jobs = 0;                    ///< 0: one per core
};

/// Totals for the summary line and the JSON summary.
struct summary_counts {
  std::size_t files = 0, tables = 0, columns = 0, tasks = 0;
  std::size_t errors = 0, warnings = 0, notes = 0, suppressed = 0;
  std::size_t baselined = 0;  ///< findings a baseline hid
};

/// A task that owns at least one error.
struct violated_task {
  std::string id, status, file;
  std::vector<std::string> rules;  ///< rule ids of its errors, sorted, unique
};

/// The outcome of a check.
struct lint_result {
  model spec;
  std::vector<finding> findings;    ///< reported, sorted by file, line, column, rule
  std::vector<finding> suppressed;  ///< silenced by inline comments, same order
  std::vector<violated_task> violated;  ///< completed tasks first, then by status and id
  summary_counts summary;
  std::vector<std::string> rules_run;  ///< ids of the rules that ran, sorted
  std::vector<finding> baselined;      ///< hidden because a baseline records them
  /// Baseline entries that no longer occur: rule, file, entity, message and fingerprint only.
  std::vector<finding> fixed;
  std::vector<step_time> steps;       ///< wall time of each step of the check, in order
  std::vector<step_time> rule_times;  ///< time each rule took, slowest first
};

/// Loads the spec, runs the enabled rules, applies suppressions, attributes findings to tasks.
lint_result lint(const lint_options& opts);

/// Recomputes the severity counts and the violated tasks after findings were removed.
void refresh(lint_result& r);

/// Runs rules over an already-built model, `jobs` rules at a time (0: one per core). When
/// `times` is given, it receives each rule's time, slowest first. The rules that check files
/// as they are read (task front matter, the hygiene rules) report what the loader's checks
/// found: build the model with `file_checks_for`'s checks, or they report nothing.
std::vector<finding> run_rules(const model& m, const config& cfg,
                               const std::vector<std::string>& only_rules, unsigned jobs = 1,
                               std::vector<step_time>* times = nullptr);

/// The rules that run: all, or `only_rules`, minus those the configuration turns off; in
/// registry order.
std::vector<const rule*> enabled_rules(const config& cfg, const std::vector<std::string>& only_rules);

/// The per-file checks of the enabled rules, for load_spec and load_memory.
file_checks file_checks_for(const config& cfg, const std::vector<std::string>& only_rules);

/// A finding's stable fingerprint: rule, file, entity and message without line numbers.
std::string fingerprint(const finding& f);

}  // namespace speclint
