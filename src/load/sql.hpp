#pragma once

// Reads the fenced SQL blocks of a doc with libpg_query (PostgreSQL's own grammar) into
// facts. libpg_query's types stay inside sql.cpp.

#include <cstdint>
#include <string_view>

#include "file_facts.hpp"

namespace speclint::load {

/// True for a fenced block whose info word marks PostgreSQL SQL: sql, postgres, postgresql, pgsql.
bool is_sql_block(std::string_view info);

/// Parses every SQL block of the document in `facts` and adds its tables, columns, keys,
/// indexes and checks; a statement that does not parse becomes an `sql_syntax` issue at its
/// line and column. `blocks` numbers the column blocks of the file (one per CREATE TABLE or
/// ALTER TABLE command). The facts' texts are kept in `texts`. Safe to call from several
/// threads, each with a pool of its own.
void read_sql_blocks(file_facts& facts, file_id id, std::uint32_t& blocks, text_pool& texts);

}  // namespace speclint::load
