#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
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
  /// The findings of the file rules on one file, in registry order (nothing is kept).
  std::vector<finding> run(const source_file& f) const;

 private:
  void check(const source_file& f);

  const config& cfg_;
  std::vector<const rule*> rules_;
  std::mutex mutex_;  // guards found_: files are read on several threads
  std::vector<std::pair<file_id, std::vector<finding>>> found_;
};

/// Checks one spec again and again, each check's result that of lint() on the same texts, but
/// reading again only the files that changed: the facts and file rules' findings of each file
/// are kept between checks, by path, with the unsaved text or the disk's size and times they
/// came from.
class lint_session {
 public:
  lint_session();
  ~lint_session();
  lint_session(const lint_session&) = delete;
  lint_session& operator=(const lint_session&) = delete;

  /// What lint(opts) gives; the root, configuration and rules must be those of the last check
  /// unless forget() was called since.
  lint_result check(const lint_options& opts);
  /// Drops every file kept (after the configuration changed).
  void forget();
  /// How many files the last check read rather than took from those kept.
  std::size_t files_read() const { return files_read_; }
  /// Whether the last check took the file from those kept: its text is the one the check
  /// before it read.
  bool kept(std::string_view path) const { return kept_.count(path) > 0; }

 private:
  struct cached_file;
  std::vector<std::unique_ptr<cached_file>> files_;  // of the last check, in path order
  std::size_t files_read_ = 0;
  std::set<std::string, std::less<>> kept_;
};

/// A finding's stable fingerprint: rule, file, entity and message without line numbers.
std::string fingerprint(const finding& f);

}  // namespace speclint
