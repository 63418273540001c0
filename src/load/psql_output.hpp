#pragma once

// Recognising psql's `\d` output (the title line and the header under it), shared by the
// psql-describe reader, the sql-block reader (which leaves such blocks to it) and the walker
// (which says when such output is not read).

#include <cstddef>
#include <optional>
#include <string_view>

namespace speclint::load {

/// A psql `\d` title line: `Table "public.orders"`, `View "v"`, `Sequence "s"`.
struct psql_title {
  bool table = false;          ///< a table (`Table`, `Unlogged table`, `Partitioned table`)
  std::size_t name_begin = 0;  ///< offset in the line of the name, after the opening quote
  std::size_t name_end = 0;    ///< offset of the closing quote
};

/// The title a line holds (white space around it allowed), or nullopt.
std::optional<psql_title> parse_psql_title(std::string_view line);

/// True for a `\d` header line: its first two `|`-separated cells are `Column` and `Type`.
bool is_psql_header(std::string_view line);

/// True when the text's first non-blank line is a `\d` title and the line after it its header.
bool starts_with_psql_describe(std::string_view text);

/// True when some line of the text is a `\d` title and the line after it its header.
bool holds_psql_describe(std::string_view text);

/// True for the info words of a fenced block that may hold psql output among other text:
/// none, `text`, `txt`, `plaintext`, `psql`, `console`, `output`.
bool psql_output_label(std::string_view info);

/// True for the info words of SQL (`sql`, `postgres`, `postgresql`, `pgsql`, `mysql`,
/// `mariadb`, `sqlite`, `sqlite3`).
bool sql_label(std::string_view info);

/// The first line of the text that is a table's `\d` title followed by a line holding `|`,
/// or empty: the title of `\d` output that may not be read.
std::string_view psql_table_title_line(std::string_view text);

}  // namespace speclint::load
