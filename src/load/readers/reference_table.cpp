// reference-table: a GFM table in any doc whose header has a source (`Column`, `FK`, `From`,
// `Source`) and a target (`References`, `To`, `Target`) and no Type; each row declares a
// foreign key.

#include "../cells.hpp"
#include "../table_header.hpp"
#include "reader.hpp"

namespace speclint::load {

namespace {

int source_header(const table_row& header) {
  return find_header(header, {"column", "fk", "from", "source"});
}

int target_header(const table_row& header) {
  return find_header(header, {"references", "to", "target"});
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
    return source >= 0 && target >= 0 && source != target;
  }

  void read(const gfm_table& t, const read_context& ctx, file_facts& out) const override {
    const table_row& header = t.rows.front();
    const int source = source_header(header), target = target_header(header),
              on_delete = find_header(header, {"ondelete"}),
              on_update = find_header(header, {"onupdate"});
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      const table_row& r = t.rows[i];
      auto from = parse_column_ref(cell_text(r, source));
      auto to = parse_column_ref(cell_text(r, target));
      if (!from || !to) continue;
      fk_decl d;
      d.site = r[static_cast<std::size_t>(source)].site;
      d.source = fact_source::reference_table;
      d.parent_table = to->table;
      d.parent_columns = {to->column};
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
