#pragma once

// The spec against its implementation: migrations (SQL files applied in order) or a live
// database's catalog, each read into a second model and compared with the spec's.

#include <filesystem>
#include <string>
#include <vector>

#include "speclint/config.hpp"
#include "speclint/finding.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// Migration files in the order they apply, the files left out, and what stops the order
/// from being sure.
struct migration_order {
  std::vector<std::string> files;     ///< in apply order
  std::vector<std::string> left_out;  ///< down and undo migrations, files that are not `.sql`
  std::vector<std::string> errors;    ///< two files of the same version, one line each
};

/// Orders migration paths as the common tools apply them (see docs/drift.md): by the version
/// of the file's name, or of its folder's when the name has none (`0001_`, `20240101120000_`,
/// Flyway's `V2_1__`), versions compared part by part as numbers; then files without a
/// version, by path; then Flyway's repeatable `R__` files, by path.
migration_order order_migrations(std::vector<std::string> paths);

/// The `.sql` files under `root` that one of `globs` matches, relative to it, sorted; folders
/// whose names start with a dot are not entered.
std::vector<std::string> match_migrations(const std::filesystem::path& root,
                                          const std::vector<std::string>& globs);

/// The implementation the migrations give: `files` (relative to `root`) read as SQL scripts
/// and applied in that order into a model of their own.
model load_implementation(const std::filesystem::path& root, const std::vector<std::string>& files,
                          const config& cfg);

/// The migrations that `globs` match under `root`, ordered and loaded; throws
/// std::runtime_error when no file matches or two files have the same version.
model load_migrations(const std::filesystem::path& root, const std::vector<std::string>& globs,
                      const config& cfg);

/// One place where the spec and its implementation disagree, and the DDL that would bring the
/// implementation to the spec.
struct drift {
  std::string_view rule;  ///< `drift/...`
  location spec_site;     ///< in the spec's model; unknown for what only the implementation has
  related_location impl;  ///< the implementation's place (`file:line`), when it has one
  std::string message;
  std::string entity;  ///< `table` or `table.column`
  severity level = severity::error;
  std::string sql;          ///< DDL that resolves it; empty when none is known
  std::string destructive;  ///< why `sql` is printed commented out; empty when it is safe
};

/// Every disagreement between `spec` and `impl`, in the spec's table order.
std::vector<drift> compare_models(const model& spec, const model& impl);

/// The DDL of the drifts, one statement a line: safe ones as they are, destructive ones
/// commented out with their reason.
std::string drift_sql(const std::vector<drift>& drifts);

}  // namespace speclint
