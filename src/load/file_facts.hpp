#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "speclint/config.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"

namespace speclint::load {

/// Everything read from one file, before it is merged into the model.
struct file_facts {
  document doc;
  std::vector<std::pair<std::string, location>> tables;  ///< table definitions
  struct column_fact {
    std::string table, column;
    column_decl decl;
  };
  std::vector<column_fact> columns;
  std::vector<std::pair<std::string, index_def>> indexes;
  std::vector<std::pair<std::string, check_def>> checks;
  struct fk_fact {
    std::string child_table;
    std::vector<std::string> child_columns;
    fk_decl decl;
  };
  std::vector<fk_fact> fks;
  std::optional<struct task> task;
  std::vector<load_issue> issues;
  std::vector<text_finding> text_findings;
  /// A large file's text, read by another thread and left for the merging thread to parse
  /// (see load_spec); empty once parsed.
  std::string unparsed;
};

/// Lines in a text; "\r\n", "\n" and a lone "\r" each end a line.
std::uint32_t count_lines(std::string_view text);

/// Reads one Markdown file's facts, running `checks` on it; never throws on bad input
/// (problems become issues). The facts' texts, its path among them, are kept in `texts`,
/// which must outlive them (the model adopts it).
file_facts read_markdown(std::string_view path, file_role role, std::string content, file_id id,
                         text_pool& texts, const config& cfg, const file_checks& checks = {});

}  // namespace speclint::load
