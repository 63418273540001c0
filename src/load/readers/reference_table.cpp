// reference-table: a GFM table in any doc whose header has a source (`Column`, `FK`, `From`,
// `Source`, `Field`) and a target (`References`, `To`, `Target`, or a target table and
// column apart: `Referenced table` and `Referenced column`, …) and no Type; each row declares
// a foreign key.

#include "../cells.hpp"
#include "../table_header.hpp"
#include "reader.hpp"

namespace speclint::load {

namespace {

int source_header(const table_row& header) {
  return find_header(header, {"column", "fk", "from", "source", "field"});
}

int target_header(const table_row& header) {
  return find_header(header, {"references", "to", "target"});
}

// A target table apart from its column: `| Column | Referenced table | Referenced column |`.
int target_table_header(const table_row& header) {
  return find_header(header, {"targettable", "referencedtable", "referencestable", "foreigntable",
                              "parenttable", "totable"});
}

int target_column_header(const table_row& header) {
  return find_header(
      header, {"targetfield", "targetcolumn", "referencedcolumn", "referencedfield",
               "referencescolumn", "foreigncolumn", "foreignfield", "parentcolumn", "tocolumn"});
}

// The child's table apart from its column: `| Table | Column | References |`.
int source_table_header(const table_row& header) {
  return find_header(header, {"table", "fromtable", "sourcetable", "childtable"});
}

class reference_table_reader final : public reader {
 public:
  std::string_view name() const override { return "reference-table"; }
  unsigned kinds() const override { return table_kind; }

  bool accepts(const gfm_table& t, const read_context& ctx) const override {
    const table_row& header = t.rows.front();
    if (ctx.role != file_role::doc || type_header(header) >= 0) return false;
    // Under a table's heading, an index table's header wins.
    if (!ctx.table.empty() && is_index_table_header(header)) return false;
    int source = source_header(header), target = target_header(header);
    if (target < 0) target = target_table_header(header);
    return source >= 0 && target >= 0 && source != target;
  }

  void read(const gfm_table& t, const read_context& ctx, file_facts& out) const override {
    const table_row& header = t.rows.front();
    const int source = source_header(header), target = target_header(header),
              target_table = target_table_header(header),
              target_column = target_column_header(header),
              source_table = source_table_header(header),
              on_delete = find_header(header, {"ondelete"}),
              on_update = find_header(header, {"onupdate"});
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      const table_row& r = t.rows[i];
      auto from = parse_column_ref(cell_text(r, source));
      if (!from) {
        // A column alone is one of the Table cell's table, else of the section's.
        auto column = valid_name(cell_text(r, source));
        std::string table = cell_text(r, source_table);
        if (table.empty()) table = ctx.table;
        auto child = valid_name(table);
        if (!column || !child || column->find('.') != std::string::npos) continue;
        from = column_ref{std::move(*child), std::move(*column)};
      }
      std::optional<column_ref> to;
      if (target >= 0) {
        to = parse_target_ref(cell_text(r, target));
      } else if (auto parent = valid_name(cell_text(r, target_table))) {
        // An empty or missing column: the parent's primary key.
        to = column_ref{std::move(*parent), {}};
        std::string column = cell_text(r, target_column);
        if (!is_blank_cell(column)) {
          auto c = valid_name(column);
          if (!c) continue;
          to->column = std::move(*c);
        }
      }
      if (!to) continue;
      fk_decl d;
      d.site = r[static_cast<std::size_t>(source)].site;
      d.source = fact_source::reference_table;
      d.parent_table = to->table;
      if (!to->column.empty()) d.parent_columns = {to->column};
      d.on_delete = cell_action(r, on_delete, ctx.texts);
      d.on_update = cell_action(r, on_update, ctx.texts);
      out.fks.push_back({from->table, {from->column}, std::move(d)});
    }
  }
};

const reference_table_reader reference_table_instance;

}  // namespace

namespace readers {
const reader& reference_table = reference_table_instance;
}  // namespace readers

}  // namespace speclint::load
