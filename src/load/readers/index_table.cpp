// index-table: a GFM table under a table's heading whose header has `Index` and `Columns`
// (and that is not a column table); each row declares an index.

#include "../cells.hpp"
#include "../sql.hpp"
#include "../table_header.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

class index_table_reader final : public reader {
 public:
  std::string_view name() const override { return "index-table"; }
  unsigned kinds() const override { return table_kind; }

  bool accepts(const gfm_table& t, const read_context& ctx) const override {
    const table_row& header = t.rows.front();
    return ctx.role == file_role::doc && !ctx.table.empty() && is_index_table_header(header) &&
           !is_column_table_header(header);
  }

  void read(const gfm_table& t, const read_context& ctx, file_facts& out) const override {
    const table_row& header = t.rows.front();
    const int index = find_header(header, {"index", "indexname"}),
              columns = find_header(header, {"columns"}), unique = find_header(header, {"unique"}),
              where = find_header(header, {"where", "predicate"});
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      const table_row& r = t.rows[i];
      index_def ix;
      ix.name = cell_text(r, index);
      ix.site = r[static_cast<std::size_t>(index)].site;
      for (auto& c : split_list(cell_text(r, columns), ','))
        ix.columns.push_back(valid_name(c).value_or(c));
      if (ix.columns.empty()) continue;
      if (unique >= 0) ix.unique = parse_nullable(cell_text(r, unique)).value_or(false);
      std::string predicate = cell_text(r, where);
      if (!is_blank_cell(predicate)) {
        ix.calls = calls_in_expression(predicate);
        for (index_call& c : ix.calls) c.site = r[static_cast<std::size_t>(where)].site;
        ix.where_key = predicate_key(predicate);
        ix.where = std::move(predicate);
      }
      out.indexes.emplace_back(std::string(ctx.table), std::move(ix));
    }
  }
};

const index_table_reader index_table_instance;

}  // namespace

namespace readers {
const reader& index_table = index_table_instance;
}  // namespace readers

}  // namespace speclint::load
