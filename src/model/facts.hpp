#pragma once

// What a reader takes from one file, before it is merged into the model (merge.hpp).

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
};

}  // namespace speclint
