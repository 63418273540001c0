#pragma once

// What the table readers share: finding a header by its names, and a cell's text.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "readers/reader.hpp"

namespace speclint::load {

/// The first column whose header is one of `names` (compared without case, spaces, `_`, `-`
/// and tabs; `names` written in lower case without them), or -1.
int find_header(const table_row& header, std::initializer_list<std::string_view> names);

/// A column table's name column (`Column`, `Field`, `Name`, `Column name`), or -1.
int name_header(const table_row& header);

/// A Type column (`Type`, `Data type`), or -1.
int type_header(const table_row& header);

/// True for a column table's header: a name column and a Type column, and no Columns column.
bool is_column_table_header(const table_row& header);

/// True for a table of constraints or indexes by their SQL definitions: a Definition column,
/// and in every row either a Type cell that names a kind of constraint (`PRIMARY KEY`,
/// `UNIQUE`, `FOREIGN KEY`, `CHECK`, `EXCLUDE`, `TRIGGER`) or a definition that is a CREATE
/// statement (an index, a constraint trigger). Such a table is never a table of columns, whatever
/// its other headers.
bool is_constraint_table(const gfm_table& t);

/// True when the text starts with CREATE (any case).
bool starts_with_create(std::string_view text);

/// True for a table of columns: a column table's header, and not a constraint table.
bool is_column_table(const gfm_table& t);

/// True for an index table's header: `Index` and `Columns`.
bool is_index_table_header(const table_row& header);

/// A cell's text, runs of white space collapsed; empty for a missing cell or column (-1).
std::string cell_text(const table_row& r, int column);

/// The action a cell states, or nullopt for a blank or missing cell.
std::optional<action> cell_action(const table_row& r, int column, text_pool& texts);

}  // namespace speclint::load
