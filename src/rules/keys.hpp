#pragma once

// Key matching shared by the foreign-key rules, defined once.

#include <string>
#include <vector>

#include "speclint/model.hpp"

namespace speclint::rules {

/// The parent's unique indexes on exactly a key's columns (in any order), by the kind that
/// matters to PostgreSQL when it creates a foreign key: only a non-partial, non-deferrable
/// one can back it.
struct unique_cover {
  const index_def* immediate = nullptr;   ///< non-partial, not DEFERRABLE
  const index_def* deferrable = nullptr;  ///< non-partial, DEFERRABLE
  const index_def* partial = nullptr;     ///< has a WHERE predicate
};

/// The table a foreign key references, when a doc defines it and the key's referenced columns
/// are known (named, or the parent's primary key); null otherwise.
const table* referenced_table(const model& m, const foreign_key& fk);

/// True when the table defines every one of these columns.
bool defines_all(const table& t, const std::vector<std::string>& columns);

/// How the table's unique indexes cover these columns.
unique_cover cover_of(const table& t, const std::vector<std::string>& columns);

/// For a plain ON DELETE SET NULL (no column list) on a composite key that shares columns
/// with the child's primary key: the key's columns outside the primary key, which
/// `SET NULL (cols)` should name instead. Empty when the case does not apply.
std::vector<std::string> shared_key_set_null_columns(const model& m, const foreign_key& fk,
                                                     const action& a);

/// `table.column` for a one-column key, `table.(a, b)` for a composite one.
std::string key_name(const std::string& table, const std::vector<std::string>& columns);

/// True when a foreign key is declared MATCH FULL somewhere.
bool match_full(const foreign_key& fk);

}  // namespace speclint::rules
