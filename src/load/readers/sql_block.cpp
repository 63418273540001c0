// sql-block: a fenced block of a doc whose info word is sql, postgres, postgresql or pgsql,
// parsed with PostgreSQL's grammar (sql.cpp) for its tables, columns, keys, indexes and checks;
// or mysql, mariadb, sqlite or sqlite3, whose spellings are first made PostgreSQL's
// (sql_dialect.cpp). A block labelled sql is in the configured `sql_dialect`. A block that
// starts with psql's `\d` output is not SQL: psql-describe reads it.

#include "../psql_output.hpp"
#include "../sql.hpp"
#include "../sql_dialect.hpp"
#include "reader.hpp"

namespace speclint::load {

namespace {

class sql_block_reader final : public reader {
 public:
  std::string_view name() const override { return "sql-block"; }
  unsigned kinds() const override { return fenced_kind; }

  bool accepts(const code_block& b, const read_context& ctx) const override {
    return ctx.role == file_role::doc && sql_label(b.info) && !starts_with_psql_describe(b.text);
  }

  void read(const code_block& b, const read_context& ctx, file_facts& out) const override {
    read_sql(b, ctx.file, ctx.texts, out, dialect_of_info(b.info, ctx.reading.dialect), true, true);
  }
};

const sql_block_reader sql_block_instance;

}  // namespace

namespace readers {
const reader& sql_block = sql_block_instance;
}  // namespace readers

}  // namespace speclint::load
