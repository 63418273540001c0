#pragma once

// Reads the fenced SQL blocks of a doc with libpg_query (PostgreSQL's own grammar) into
// facts. libpg_query's types stay inside sql.cpp.

#include <mutex>

#include "file_facts.hpp"

namespace speclint::load {

/// The lock around every call into libpg_query (see sql.cpp).
std::mutex& pg_query_lock();

/// Parses one SQL block of file `id`, written in `dialect` (`auto_detect`: its content
/// decides; see sql_dialect.hpp), and adds its tables, columns, keys, indexes and checks
/// to `facts`; a statement that does not parse becomes an `sql_syntax` issue at its line and
/// column. Each CREATE TABLE or ALTER TABLE command is a column block of its own
/// (file_facts::next_block). The facts' texts are kept in `texts`. Safe to call from several
/// threads, each with a pool of its own.
/// `omission_states`: an omitted ON DELETE or ON UPDATE states NO ACTION, and an omitted NOT
/// NULL states that the column is nullable, as in DDL; false for definitions printed by a
/// generator that leaves the actions out, and for a Type cell whose row states the rest.
/// `script`: the block is one of the file's SQL blocks, which run in order as one script
/// (file_facts::script): a later statement drops, renames or changes what an earlier one of
/// the script stated, and a table may take its columns from one the script defined before.
void read_sql(const code_block& b, file_id id, text_pool& texts, file_facts& facts,
              sql_dialect dialect = sql_dialect::postgres, bool omission_states = true,
              bool script = false);

/// The built-in functions an SQL expression calls (see index_def::calls), without places;
/// none when the text is not one expression or is too deep to parse.
std::vector<index_call> calls_in_expression(std::string_view expression);

/// True when an SQL expression's text names the column, quoted or not.
bool expression_mentions(std::string_view expression, const std::string& column);

/// An SQL expression's text with each mention of column `from` naming `to` instead.
std::string rename_in_expression(std::string_view expression, const std::string& from,
                                 const std::string& to);

/// The schema part of a table's name `schema.table`, with its dot; empty without one.
std::string schema_of(const std::string& table);

/// An SQL expression as PostgreSQL's parser reads it, printed back in one spelling (case of
/// keywords, spaces and redundant parentheses do not matter); empty when it does not parse as
/// one expression.
std::string canonical_expression(std::string_view expression);
/// A predicate's key (index_def::where_key): its parse tree without places, as text; empty
/// when the text is not one expression or is too deep to parse.
std::string predicate_key(std::string_view expression);

/// A name as one SQL identifier, double-quoted (a `"` in it doubled).
std::string quoted_identifier(std::string_view name);

/// A name as an SQL identifier, each dotted part double-quoted, so that it means what it says.
std::string quoted_name(std::string_view name);

}  // namespace speclint::load
