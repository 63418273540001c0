#pragma once

// The small grammar of column-table cells (see docs/spec-format.md).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "speclint/model.hpp"

namespace speclint::load {

/// A `table.column` reference.
struct column_ref {
  std::string table, column;
};

/// Parses `t.c`, `t(c)` or `→ t.c` (backticks already removed); nullopt otherwise.
std::optional<column_ref> parse_column_ref(std::string_view text);

/// Parses what parse_column_ref does, and also a table alone (`users`, `→ users`), read as
/// that table with an empty column: its primary key.
std::optional<column_ref> parse_target_ref(std::string_view text);

/// Parses one parent table, `users` or `schema.users` (a link's text), read as that table's
/// primary key, `public.` left out; or a column as `t(c)`. Nullopt for none, or for several.
std::optional<column_ref> parse_parent_table(std::string_view text);

/// What a Type or Constraints cell states beyond the type itself.
struct cell_constraints {
  std::string type;  ///< text before the first constraint word (Type cells only)
  std::optional<bool> nullable;
  std::optional<std::string> default_value;
  bool primary_key = false;
  bool unique = false;
  std::optional<column_ref> references;
  std::optional<std::string> on_delete, on_update;  ///< action words as written
};

/// Parses a Type cell: a type, then optional SQL constraint words.
cell_constraints parse_type_cell(std::string_view text);

/// Parses a Constraints (case-insensitive) or Notes (upper-case words only) cell.
cell_constraints parse_constraint_cell(std::string_view text, bool upper_case_only);

/// Reads a Nullable cell: yes/no, true/false, nullable, null, not null, ✓/✗, ✅/❌.
std::optional<bool> parse_nullable(std::string_view text);

/// Finds the action words after a key (`onDelete:`, `ON DELETE`) in free text; the words
/// as written, or nullopt when the key does not occur.
std::optional<std::string> find_action_after(std::string_view text, bool on_delete);

/// True for empty cells and cells holding only a dash.
bool is_blank_cell(std::string_view text);

/// A name as a table or column: trimmed, of letters, digits, `_`, `.`, `$` and `"` (and `-`
/// with `hyphens`), with enclosing double quotes removed; nullopt for anything else.
std::optional<std::string> valid_name(std::string_view text, bool hyphens = false);

/// The name without PostgreSQL's default schema, as the SQL reader names tables: `public.users`
/// (any case) is `users`.
std::string without_default_schema(std::string name);

/// The values a text lists after "one of" (any case) as code spans, separated by commas,
/// `|`, `/`, `or` or `and`: `one of `active`, `archived``; quotes around a value are left
/// out. `marked`: the text with its code spans in backticks. Nullopt when it lists none.
std::optional<std::vector<std::string>> values_after_one_of(std::string_view marked);

/// The values of a Values cell: the same list, without "one of" before it, or bare words
/// separated by commas or `|`. Nullopt for an empty cell or one with an empty value.
std::optional<std::vector<std::string>> parse_values_cell(std::string_view marked);

/// An action as written (`SET NULL`, `SET NULL (teamId)`), its text kept in `texts`; an
/// unknown word becomes action_kind::unknown, never a default.
action make_action(std::string_view raw, location site, text_pool& texts);

}  // namespace speclint::load
