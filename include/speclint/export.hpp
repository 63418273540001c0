#pragma once

// Writing the merged model out: PostgreSQL DDL, JSON, DBML, Mermaid and Graphviz. Pure
// functions of the model and of the findings that mark its foreign keys; callers do the I/O.

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "speclint/finding.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// One statement of the DDL export and what it creates.
struct ddl_statement {
  enum class kind : std::uint8_t {
    schema,
    type,
    table,
    primary_key,
    unique,
    index,
    check,
    foreign_key
  };
  kind what = kind::table;
  std::string sql;     ///< one statement, ending in `;`, without comments
  std::string table;   ///< the table it creates or alters, as the model names it
  std::string name;    ///< the table, constraint or index it creates
  std::size_t fk = 0;  ///< index in model::foreign_keys(), for foreign keys
};

/// How DDL is written.
struct ddl_options {
  /// Every table in the current schema: `auth.users` becomes the one identifier "auth.users"
  /// instead of table `users` in schema `auth` (`verify` uses it to stay in its scratch schema).
  bool single_schema = false;
};

/// The model as DDL that loads into an empty database statement by statement: schemas, the
/// enum types and domains SQL created, then tables with their primary keys (parents before
/// children), unique constraints, indexes, checks, and last one ALTER TABLE per foreign key, so
/// that one bad key hides no other. Identifiers are quoted exactly as the model names them.
std::vector<ddl_statement> ddl_of(const model& m, const ddl_options& opts = {});

/// The task dependency graph, edges from a dependency to the task that needs it, the
/// violated tasks marked; `format` is mermaid or dot, nullopt for another.
std::optional<std::string> task_graph(std::string_view format, const model& m,
                                      const std::set<std::string>& violated);

/// A double-quoted SQL identifier.
std::string quote_ident(std::string_view name);

/// The export formats, in the order `--help` lists them.
std::span<const std::string_view> export_formats();

/// The model in a format of export_formats(), or nullopt for an unknown format. Foreign keys
/// that an error finding concerns are marked (mermaid, dot, dbml) or listed (json).
std::optional<std::string> export_model(std::string_view format, const model& m,
                                        const std::vector<finding>& findings);

/// Finds the foreign keys that findings concern. It indexes the model's keys once, so each
/// finding costs a few lookups rather than a pass over every key: a spec with 50,000 keys
/// and 100,000 findings is exported in a second, not in minutes.
class fk_finder {
 public:
  explicit fk_finder(const model& m);
  /// The indexes in model::foreign_keys(), ascending, of the keys a finding concerns: those
  /// declared, or whose action is stated, on the finding's line; when none is, those whose
  /// one child column is the finding's entity and those declared on one of its related lines.
  std::vector<std::size_t> of(const finding& f) const;

 private:
  const model& m_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_entity_;  ///< `table.column`
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_line_;  ///< file << 32 | line
};

}  // namespace speclint
