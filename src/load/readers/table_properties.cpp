// table-properties: property lines directly under a table's heading, before or after its
// column table, as a paragraph line or a bullet:
//
//   Kind: append-only
//   - **Retention**: 7 years
//
// `Kind` and `Retention` are read; the model marks the table append-only (`append-only`,
// `ledger`) or retained.

#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// `Kind: value` or `Retention: value` (key in any case), or nullopt.
std::optional<std::pair<std::string, std::string>> property_line(std::string_view text) {
  text = trim(text);
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string key = to_lower(trim(text.substr(0, colon)));
  std::string value = collapse_space(text.substr(colon + 1));
  if ((key != "kind" && key != "retention") || value.empty()) return std::nullopt;
  return std::pair{std::move(key), std::move(value)};
}

bool in_table_section(const read_context& ctx) {
  return ctx.role == file_role::doc && !ctx.table.empty() && ctx.at_table_heading;
}

class table_properties_reader final : public reader {
 public:
  std::string_view name() const override { return "table-properties"; }
  unsigned kinds() const override { return item_kind | paragraph_kind; }

  bool accepts(const list_item& item, const read_context& ctx) const override {
    return in_table_section(ctx) && !item.checkbox && property_line(item.text).has_value();
  }
  bool accepts(const paragraph_block& p, const read_context& ctx) const override {
    if (!in_table_section(ctx)) return false;
    for (const auto& l : p.lines)
      if (property_line(l.text)) return true;
    return false;
  }

  void read(const list_item& item, const read_context& ctx, file_facts& out) const override {
    if (auto p = property_line(item.text))
      out.properties.push_back({std::string(ctx.table), p->first, p->second, item.text_site});
  }
  void read(const paragraph_block& block, const read_context& ctx, file_facts& out) const override {
    for (const auto& l : block.lines)
      if (auto p = property_line(l.text))
        out.properties.push_back({std::string(ctx.table), p->first, p->second, l.site});
  }
};

const table_properties_reader table_properties_instance;

}  // namespace

namespace readers {
const reader& table_properties = table_properties_instance;
}  // namespace readers

}  // namespace speclint::load
