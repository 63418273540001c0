// table-heading: a heading of a doc that names a table (table_named_by) defines the table
// there; the walker reads the rest of its section as that table's.

#include "reader.hpp"

namespace speclint::load {

namespace {

class table_heading_reader final : public reader {
 public:
  std::string_view name() const override { return "table-heading"; }
  unsigned kinds() const override { return heading_kind; }

  bool accepts(const heading_block& h, const read_context& ctx) const override {
    return ctx.role == file_role::doc && !h.names_table.empty();
  }

  void read(const heading_block& h, const read_context&, file_facts& out) const override {
    out.tables.emplace_back(std::string(h.names_table), h.h->site);
  }
};

const table_heading_reader table_heading_instance;

}  // namespace

namespace readers {
const reader& table_heading = table_heading_instance;
}  // namespace readers

}  // namespace speclint::load
