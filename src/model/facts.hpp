#pragma once

// What a reader takes from one file, before it is merged into the model (merge.hpp).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "speclint/model.hpp"

namespace speclint {

/// Everything read from one file, before it is merged into the model.
struct file_facts {
  document doc;
  std::vector<std::pair<std::string, location>> tables;  ///< table definitions
  /// A declaration of `table.column`.
  struct column_fact {
    std::string table, column;
    column_decl decl;
  };
  std::vector<column_fact> columns;
  std::vector<std::pair<std::string, index_def>> indexes;
  std::vector<std::pair<std::string, check_def>> checks;
  /// A declaration of the foreign key on these child columns of a table.
  struct fk_fact {
    std::string child_table;
    std::vector<std::string> child_columns;
    fk_decl decl;
  };
  std::vector<fk_fact> fks;
  std::optional<struct task> task;
  std::vector<load_issue> issues;
  /// MySQL or SQLite once a block of the file was found written in it: the file's later SQL
  /// of no stated dialect is read in it too.
  sql_dialect dialect = sql_dialect::auto_detect;

  /// Numbers the next column table or SQL command of the file (column_decl::block).
  std::uint32_t next_block() { return ++blocks_; }

  /// The lists a reader writes to, for marks.
  enum fact_list : std::size_t {
    tables_list,
    columns_list,
    indexes_list,
    checks_list,
    fks_list,
    task_list,
    depends_on_list,
    asserts_list,
    sections_list,
    criteria_list,
    references_list,
    fact_lists
  };
  /// The size of each list, the task counting as one entry once it exists.
  std::array<std::uint32_t, fact_lists> sizes() const {
    auto n = [](std::size_t size) { return static_cast<std::uint32_t>(size); };
    std::array<std::uint32_t, fact_lists> out{};
    out[tables_list] = n(tables.size());
    out[columns_list] = n(columns.size());
    out[indexes_list] = n(indexes.size());
    out[checks_list] = n(checks.size());
    out[fks_list] = n(fks.size());
    if (task) {
      out[task_list] = 1;
      out[depends_on_list] = n(task->depends_on.size());
      out[asserts_list] = n(task->asserts.size());
      out[sections_list] = n(task->sections.size());
      out[criteria_list] = n(task->criteria.size());
      out[references_list] = n(task->references.size());
    }
    return out;
  }
  /// Which reader wrote which facts: each read's reader and the sizes of the lists after it.
  struct reader_mark {
    std::string_view reader;
    std::array<std::uint32_t, fact_lists> ends{};
  };
  /// Kept only when `keep_marks` is set (`speclint facts`); empty otherwise.
  std::vector<reader_mark> marks;
  bool keep_marks = false;

 private:
  std::uint32_t blocks_ = 0;
};

}  // namespace speclint
