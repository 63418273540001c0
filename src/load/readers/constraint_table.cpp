// constraint-table: a GFM table under a table's heading that lists its constraints or indexes
// by their SQL definitions, as schema documentation generators write them:
//
//   | Name | Type | Definition |               | Name | Definition |
//   | users_pkey | PRIMARY KEY | PRIMARY KEY (id) |   | users_email_idx | CREATE INDEX ... |
//
// Each row is read with PostgreSQL's grammar (sql.cpp): a constraint as `ALTER TABLE t ADD
// CONSTRAINT name <definition>`, an index as its CREATE INDEX statement.

#include "../sql.hpp"
#include "../table_header.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

class constraint_table_reader final : public reader {
 public:
  std::string_view name() const override { return "constraint-table"; }
  unsigned kinds() const override { return table_kind; }

  bool accepts(const gfm_table& t, const read_context& ctx) const override {
    return ctx.role == file_role::doc && !ctx.table.empty() && is_constraint_table(t);
  }

  void read(const gfm_table& t, const read_context& ctx, file_facts& out) const override {
    const table_row& header = t.rows.front();
    const int name = find_header(header,
                                 {"name", "constraint", "constraintname", "index", "indexname"}),
              definition = find_header(header, {"definition"});
    const std::string table = quoted_name(ctx.table);
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      const table_row& r = t.rows[i];
      std::string def = cell_text(r, definition);
      if (def.empty()) continue;
      // The statement's last line is the row's, laid out so that the definition's characters
      // fall on their own columns of the row (those before it on the cells to its left).
      const location cell = r[static_cast<std::size_t>(definition)].site;
      code_block b;
      b.info = "sql";
      b.site = cell;
      b.first_line = cell.line;
      std::string lead;
      if (!starts_with_create(def)) {
        const std::string constraint = cell_text(r, name);
        if (!constraint.empty()) lead = "CONSTRAINT " + quoted_name(constraint) + " ";
        b.text = "ALTER TABLE " + table + " ADD\n";
        b.first_line = cell.line - 1;
      }
      b.text += lead + def + ";";
      b.site.column =
          cell.column > lead.size() ? cell.column - static_cast<std::uint32_t>(lead.size()) : 1;
      // MySQL's generated definitions leave a key's actions out (they are in its DDL);
      // PostgreSQL's pg_get_constraintdef prints every one but NO ACTION.
      const bool mysql =
          ctx.reading.dialect == sql_dialect::mysql ||
          (ctx.reading.dialect == sql_dialect::auto_detect && out.dialect == sql_dialect::mysql);
      read_sql(b, ctx.file, ctx.texts, out, ctx.reading.dialect, !mysql);
    }
  }
};

const constraint_table_reader constraint_table_instance;

}  // namespace

namespace readers {
const reader& constraint_table = constraint_table_instance;
}  // namespace readers

}  // namespace speclint::load
