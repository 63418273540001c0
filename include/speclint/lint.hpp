#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
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
  file_overlay overlay;                 ///< unsaved texts read instead of the disk's
  /// The spec's implementation (see drift.hpp); when given, the drift rules compare the spec
  /// with it.
  std::shared_ptr<const model> implementation;
};

/// Totals for the summary line and the JSON summary.
struct summary_counts {
  std::size_t files = 0, tables = 0, columns = 0, tasks = 0;
  std::size_t docs = 0;  ///< of the files, those read as docs (not tasks)
  /// Docs were read but not one table: most likely a notation speclint does not read.
  bool no_table_read() const { return docs > 0 && tables == 0; }
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
  std::vector<finding> findings;        ///< reported, sorted by file, line, column, rule
  std::vector<finding> suppressed;      ///< silenced by inline comments, same order
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

/// Runs the model rules over an already-built model, `jobs` rules at a time (0: one per core).
/// When `times` is given, it receives each rule's time, slowest first. The file rules run
/// while the model is read (see file_rules).
std::vector<finding> run_rules(const model& m, const config& cfg,
                               const std::vector<std::string>& only_rules, unsigned jobs = 1,
                               std::vector<step_time>* times = nullptr);

/// The rules that run: all, or `only_rules`, minus those the configuration turns off; in
/// registry order.
std::vector<const rule*> enabled_rules(const config& cfg,
                                       const std::vector<std::string>& only_rules);

/// Runs the enabled file rules on each file the loader reads (its callback()) and keeps their
/// findings until the model is built.
class file_rules {
 public:
  file_rules(const config& cfg, const std::vector<std::string>& only_rules);
  file_rules(const file_rules&) = delete;
  file_rules& operator=(const file_rules&) = delete;

  /// The callback to hand load_spec or load_memory; valid while this object lives.
  file_callback callback();
  /// The findings so far, in file order, each file's in registry order; leaves none behind.
  std::vector<finding> take();

 private:
  void check(const source_file& f);

  const config& cfg_;
  std::vector<const rule*> rules_;
  std::mutex mutex_;  // guards found_: files are read on several threads
  std::vector<std::pair<file_id, std::vector<finding>>> found_;
};

/// A finding's stable fingerprint: rule, file, entity and message without line numbers.
std::string fingerprint(const finding& f);

}  // namespace speclint
