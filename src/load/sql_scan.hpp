#pragma once

// PostgreSQL's scanner (libpg_query's pg_query_scan) over SQL text, and a block read into
// statements the way psql reads a script: psql's meta-command lines skipped, statements ended
// by `;` outside parentheses and outside a function's BEGIN … END body, and a string, quoted
// name, dollar quote or comment that is never closed cut off where a statement line follows.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace speclint::load {

/// A token of PostgreSQL's scanner, as byte offsets in the scanned text.
struct sql_token {
  std::size_t start = 0, end = 0;
  /// 'w' a word (identifier or keyword), 's' a string, 'n' a number, 'c' a comment, 'o' an
  /// operator, else the punctuation character itself: ( ) , ; [ ] . = and the like.
  char kind = 'o';
  bool ident = false;  ///< an identifier, not a keyword
};

/// Where PostgreSQL's scanner stopped, and its message.
struct sql_scan_error {
  std::string message;
  std::size_t offset = 0;  ///< a byte offset
};

/// The tokens of `text`, comments included, or the error that stopped the scanner.
struct sql_scan {
  std::vector<sql_token> tokens;
  std::optional<sql_scan_error> error;
};

/// Scans `text` with PostgreSQL's scanner.
sql_scan scan_sql(std::string_view text);

/// The byte offset of PostgreSQL's 1-based character position `chars` (an error cursor) in
/// `s`; s.size() when it lies beyond.
std::size_t byte_of_char(std::string_view s, int chars);

/// One statement of a block as psql sends it to the server.
struct psql_statement {
  std::size_t begin = 0, end = 0;  ///< its text, with its `;`; a broken one ends at the break
  /// It begins a line with a keyword that starts a statement (`CREATE`, `ALTER`, …).
  bool at_statement_line = false;
  /// Where later lines of it begin with such a keyword, outside strings and comments.
  std::vector<std::size_t> statement_lines;
  /// A string, quoted name, dollar quote or comment opened here and never closed (or another
  /// error of the scanner): the statement ends at it, and the block is read on from the next
  /// line that begins with a statement keyword.
  std::optional<sql_scan_error> broken;
};

/// A block read as psql reads a script.
struct psql_script {
  /// The block with each meta-command line blanked, byte for byte at the same offsets.
  std::string text;
  /// Each meta-command: from its `\` to the end of its line.
  std::vector<std::pair<std::size_t, std::size_t>> meta_commands;
  std::vector<psql_statement> statements;
};

/// Reads `text` as psql reads a script, in time linear in its size: a line whose first
/// non-blank character is `\`, outside any string, dollar quote or comment, is a psql
/// meta-command, read to the end of its line and not sent to the server.
psql_script read_as_psql(std::string_view text);

/// True when `text` holds a line whose first non-blank character is `\`: read_as_psql may
/// find a meta-command in it.
bool may_hold_meta_command(std::string_view text);

}  // namespace speclint::load
