#pragma once

// A live PostgreSQL database's schema as SQL text, for comparing a spec with the database it
// describes: the catalog, read in one read-only transaction, written as one DDL file per table
// that the SQL reader (src/load/sql.cpp) reads like a migration.

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "speclint/load.hpp"

namespace speclint {

/// A database's schema could not be read; a one-line message (no password in it).
class catalog_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The schema of the database at `url` (a libpq connection string or URI), limited to
/// `schemas` (empty: every schema but pg_catalog, information_schema, pg_toast*), as one
/// SQL file per table: path `database:<schema>.<table>.sql`, content the table's DDL.
/// Reads only: one transaction `BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`,
/// catalog queries, ROLLBACK.
std::vector<memory_file> read_catalog(const std::string& url,
                                      const std::vector<std::string>& schemas);

/// Runs one statement in the catalog reader's transaction: its first value, or
/// `error <SQLSTATE>` when it fails.
using catalog_statement = std::function<std::string(const std::string& sql)>;

/// As read_catalog, and calls `inside` in the transaction before the catalog is read (for
/// tests of the transaction's state).
std::vector<memory_file> read_catalog(const std::string& url,
                                      const std::vector<std::string>& schemas,
                                      const std::function<void(const catalog_statement&)>& inside);

}  // namespace speclint
