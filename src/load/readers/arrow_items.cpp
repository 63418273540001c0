// arrow-items: `` `a.b` → `c.d` `` (also `->`) with optional onDelete / onUpdate words after
// it, in a list item of a doc or in a cell of a doc's table that no other reader reads.

#include <algorithm>

#include "../cells.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

bool has_arrow(std::string_view marked) {
  return marked.find("\u2192") != std::string_view::npos ||
         marked.find("->") != std::string_view::npos;
}

// Every arrow in a text whose code spans are in backticks.
void read_arrows(std::string_view marked, location site, text_pool& texts, file_facts& out) {
  for (std::string_view arrow : {std::string_view("\u2192"), std::string_view("->")}) {
    for (std::size_t p = marked.find(arrow); p != std::string_view::npos;
         p = marked.find(arrow, p + 1)) {
      std::string_view left = trim(marked.substr(0, p));
      std::string_view right = trim(marked.substr(p + arrow.size()));
      if (!left.ends_with('`') || !right.starts_with('`')) continue;
      std::size_t lopen = left.rfind('`', left.size() - 2);
      std::size_t rclose = right.find('`', 1);
      if (lopen == std::string_view::npos || rclose == std::string_view::npos) continue;
      auto from = parse_column_ref(left.substr(lopen + 1, left.size() - lopen - 2));
      auto to = parse_column_ref(right.substr(1, rclose - 1));
      if (!from || !to) continue;
      std::string_view rest = right.substr(rclose + 1);
      // Actions belong to this arrow only up to the next arrow.
      std::size_t next = std::min(rest.find("\u2192"), rest.find("->"));
      if (next != std::string_view::npos) rest = rest.substr(0, next);
      fk_decl d;
      d.site = site;
      d.source = fact_source::arrow_item;
      d.parent_table = to->table;
      d.parent_columns = {to->column};
      // The action may itself be a code span: "onDelete: `CASCADE`".
      std::string words;
      for (char c : rest)
        if (c != '`') words += c;
      if (auto a = find_action_after(words, true)) d.on_delete = make_action(*a, site, texts);
      if (auto a = find_action_after(words, false)) d.on_update = make_action(*a, site, texts);
      out.fks.push_back({from->table, {from->column}, std::move(d)});
    }
  }
}

class arrow_items_reader final : public reader {
 public:
  std::string_view name() const override { return "arrow-items"; }
  unsigned kinds() const override { return item_kind | table_kind; }
  bool fallback() const override { return true; }

  bool accepts(const list_item& item, const read_context& ctx) const override {
    return ctx.role == file_role::doc && has_arrow(item.marked);
  }
  void read(const list_item& item, const read_context& ctx, file_facts& out) const override {
    read_arrows(item.marked, item.site, ctx.texts, out);
  }

  bool accepts(const gfm_table&, const read_context& ctx) const override {
    return ctx.role == file_role::doc;
  }
  void read(const gfm_table& t, const read_context& ctx, file_facts& out) const override {
    for (std::size_t i = 1; i < t.rows.size(); ++i)
      for (const table_cell& c : t.rows[i]) {
        // Most cells hold no arrow: their plain text says so without the marked form.
        if (!has_arrow(c.plain)) continue;
        read_arrows(marked_text(c), c.site, ctx.texts, out);
      }
  }
};

const arrow_items_reader arrow_items_instance;

}  // namespace

namespace readers {
const reader& arrow_items = arrow_items_instance;
}  // namespace readers

}  // namespace speclint::load
