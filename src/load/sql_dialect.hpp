#pragma once

// MySQL and SQLite blocks in PostgreSQL's spelling: PostgreSQL's scanner splits the text into
// tokens, the dialect's spellings are rewritten token by token (backquoted names, display
// widths, AUTO_INCREMENT, table options, inline KEY definitions, PRAGMA), and sql.cpp then
// parses the result with PostgreSQL's grammar. Only the statements that state schema are
// kept: CREATE TABLE, CREATE INDEX and ALTER TABLE.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "speclint/model.hpp"

namespace speclint::load {

/// Text rewritten into PostgreSQL's spelling, with where each piece of it came from.
struct normalized_sql {
  std::string text;
  /// Each piece of `text`: its offset there and the offset in the source it came from,
  /// ascending by the first.
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  /// The offset in the source that an offset in `text` came from.
  std::size_t source_offset(std::size_t at) const;
};

/// The dialect of a fenced block from its info word (`mysql`, `mariadb`, `sqlite`,
/// `sqlite3`; `postgres`, `postgresql`, `pgsql`), else `configured` (`auto_detect` for a
/// block labelled `sql` whose content then decides).
sql_dialect dialect_of_info(std::string_view info, sql_dialect configured);

/// The dialect a block's content is written in (see as_postgres): PostgreSQL, MySQL or SQLite.
sql_dialect detect_dialect(std::string_view text);

/// Decides an `auto_detect` block by its content (backquoted names, `ENGINE=`,
/// `AUTO_INCREMENT` and `UNSIGNED` are MySQL's; `AUTOINCREMENT`, `PRAGMA` and `WITHOUT ROWID`
/// SQLite's), then rewrites a MySQL or SQLite block into PostgreSQL. Nullopt when the block
/// is PostgreSQL, or when PostgreSQL's scanner cannot read it (it is then parsed as written,
/// and its error reported). `dialect` is set to what was decided.
std::optional<normalized_sql> as_postgres(std::string_view text, sql_dialect& dialect);

}  // namespace speclint::load
