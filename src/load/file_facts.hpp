#pragma once

#include <array>
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
  std::array<std::uint32_t, fact_lists> sizes() const;
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

/// Reads a whole regular file into `out` without following a final symbolic link; a relative
/// path is taken from the directory `at` (a descriptor, or AT_FDCWD). False, with `error`
/// set, when it cannot (also when it is larger than `max_bytes`).
bool read_file(int at, const char* path, std::uint64_t max_bytes, std::string& out,
               std::string& error);

/// Lines in a text; "\r\n", "\n" and a lone "\r" each end a line.
std::uint32_t count_lines(std::string_view text);

/// Reads one Markdown file's facts, running `checks` on it (with `keep_marks`, noting which
/// reader wrote which of them); never throws on bad input
/// (problems become issues). The facts' texts, its path among them, are kept in `texts`,
/// which must outlive them (the model adopts it).
file_facts read_markdown(std::string_view path, file_role role, std::string content, file_id id,
                         text_pool& texts, const config& cfg, const file_checks& checks = {},
                         bool keep_marks = false);

}  // namespace speclint::load
