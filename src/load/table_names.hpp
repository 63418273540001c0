#pragma once

// Which heading, or which front matter, names a table: the section state that tells the
// table readers whose rows they read.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "speclint/model.hpp"

namespace speclint::load {

/// The table a heading names, or nullopt. `plain` is the heading's text with code spans
/// without backticks, `outside` only its text outside code spans, `codes` its code spans and
/// `marked` its text with code spans in backticks. It names one when its whole text is one
/// code span, or it holds the word "table" and exactly one code span beside that word (else
/// the one plain word before "table", as in `diensten table — add `status` column`), or it
/// reads `Table: name`; the name must be a valid_name.
std::optional<std::string> table_named_by(std::string_view plain, std::string_view outside,
                                          std::span<const std::string> codes,
                                          std::string_view marked);

/// The table a heading names once its section turns out to hold a table of columns, or
/// nullopt: the text left after a section number (`3.`, `3.2`), a description after a dash
/// (`users — stores accounts`) and the word "table" (`Table users`, `users table`,
/// `Table: users`) is one valid_name (`users`, `public.users`, `"public.users"`), and not a
/// word that names a part of a section (`Columns`, `Indexes`, `Schema`, …).
std::optional<std::string> table_named_by_section(std::string_view plain);

/// True for a heading that names a part of a table's section (`Columns`, `Indexes`,
/// `Foreign keys`, `Schema`, …), after any section number (`3.2`): it names no table, and a table
/// of columns under it belongs to the heading above it.
bool is_section_part(std::string_view plain);

/// The table whose deletion a heading's list describes, or nullopt: the heading's plain text
/// reads `Deleting t` or `What deleting t does` (any case, an ending colon allowed), `t` one
/// valid_name.
std::optional<std::string> deleted_table_of(std::string_view plain);

/// The `table: NAME` entry of a doc's front matter (a non-empty scalar), or null.
const yaml_value* front_matter_table(const yaml_value* front_matter);

}  // namespace speclint::load
