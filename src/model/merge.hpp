#pragma once

// Building the model: a model_builder fills one, and merge() adds one file's facts to it.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "facts.hpp"
#include "speclint/model.hpp"
#include "speclint/settings.hpp"
#include "speclint/text_pool.hpp"

namespace speclint {

/// Fills a model: the one way to add to one.
class model_builder {
 public:
  /// An empty model with the rules' settings and room for `files` files and `tasks` tasks.
  explicit model_builder(const settings& cfg, std::size_t files = 0, std::size_t tasks = 0);

  /// Adds a file; its place in the list is its file_id.
  void add_document(document d) { m_.documents_.push_back(std::move(d)); }
  /// Adds a definition of a table (creating it on first sight).
  table& add_table(std::string_view name, location site);
  /// Adds a declaration of `table.column`; `following`: how many declarations of the same
  /// table come next, so that a table whose columns one file declares gets room for them at
  /// once rather than by doubling.
  void add_column_decl(std::string_view table, std::string_view column, column_decl d,
                       std::size_t following = 0);
  /// Adds an index or unique constraint of a table.
  void add_index(std::string_view table, index_def ix);
  /// Adds a CHECK constraint of a table.
  void add_check(std::string_view table, check_def c);
  /// Adds a declaration of the foreign key on these child columns of a table.
  void add_fk(std::string_view child_table, const std::vector<std::string>& child_columns,
              fk_decl d);
  /// States a property of a table's section (table_property); the first statement counts.
  void add_property(const table_property& p);
  /// Adds a list of what deleting a row of a table does.
  void add_deletion_list(deletion_list l) { m_.deletion_lists_.push_back(std::move(l)); }
  /// Adds a domain or enum type.
  void add_type(const type_fact& t);
  /// Applies a statement of a file's SQL that changes what earlier statements stated to the
  /// SQL facts of the files added before it (see sql_change); other notations' facts stay.
  void apply(const sql_change& c);
  /// Adds values a doc lists for `table.column`; finish() gives them to the column, if some
  /// doc defines it.
  void add_values(std::string_view table, std::string_view column, documented_values v);
  /// Marks a table whose columns cannot be known (CREATE TABLE AS).
  void mark_columns_unknown(std::string_view table);
  /// Adds a table that takes its columns from another, resolved by finish().
  void add_derivation(table_derivation d) { derivations_.push_back(std::move(d)); }
  /// Adds a task.
  void add_task(task t) { m_.tasks_.push_back(std::move(t)); }
  /// Adds something the loader could not read.
  void add_issue(load_issue i) { m_.load_issues_.push_back(std::move(i)); }
  /// Takes over the texts that the added records view.
  void adopt(text_pool&& texts) { m_.texts_.adopt(std::move(texts)); }
  /// The pool that keeps the texts of records added from now on.
  text_pool& texts() { return m_.texts_; }

  /// Resolves foreign-key targets and builds lookup indexes; call once every file is added.
  void finish();

  /// The model so far, for lookups once finish() ran.
  const model& spec() const { return m_; }
  /// The files and tasks, for resolving the targets of their links and references.
  std::vector<document>& documents() { return m_.documents_; }
  std::vector<task>& tasks() { return m_.tasks_; }
  /// Records what is at a path outside the loaded documents.
  void set_path_info(std::string path, path_info info) { m_.paths_[std::move(path)] = info; }
  /// Rebuilds the path index after documents were added.
  void index_documents();

  /// The model built; this builder is left empty.
  model take() { return std::move(m_); }

 private:
  column& add_column(table& t, std::string_view name);
  void split_keys();
  // src/model/changes.cpp: applying sql_change to earlier files' SQL facts.
  table* live_table(std::string_view name);
  bool follow(std::size_t cost, const sql_change& c);
  void name_sql_keys(std::string_view table);
  std::vector<std::pair<std::vector<std::string>, fk_decl>> take_sql_keys(
      const std::function<bool(const foreign_key&, const fk_decl&)>& which);
  void forget_if_empty(table& t);
  void drop_sql_table(const sql_change& c);
  void drop_sql_column(const sql_change& c);
  void drop_sql_constraint(const sql_change& c);
  void rename_sql_table(const sql_change& c);
  void rename_sql_column(const sql_change& c);
  void compact_dropped();
  void derive(std::size_t which, std::vector<char>& state);

  model m_;
  std::vector<table_derivation> derivations_;
  std::vector<std::uint32_t>
      dropped_tables_;               ///< places in the model's tables, left out by finish()
  std::uint64_t change_visits_ = 0;  ///< records apply() visited; see follow()
  bool changes_over_ = false;
  std::vector<file_facts::values_fact> values_;
  std::vector<type_fact> enum_changes_;  ///< ALTER TYPE of enums, in order of merging
  std::size_t copies_ = 0;               ///< columns and constraints derive() copied
};

/// Merges one file's facts into the model, after the files before it. The records the model
/// keeps are copied, not moved: what a reading thread allocated is then all freed soon, and
/// the model's records are allocated by the merging thread, packed together, not scattered
/// among the parsers' freed memory on every thread's pages.
void merge(model_builder& into, const file_facts& f);

}  // namespace speclint
