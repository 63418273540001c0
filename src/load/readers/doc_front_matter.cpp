// doc-front-matter: `table: NAME` in a doc's front matter defines the table for the whole
// doc, for the parts of it outside any table's section; `speclint: delta` makes the doc a
// delta spec, one that describes a change rather than the whole schema.

#include "../table_names.hpp"
#include "reader.hpp"

namespace speclint::load {

namespace {

class doc_front_matter_reader final : public reader {
 public:
  std::string_view name() const override { return "doc-front-matter"; }
  unsigned kinds() const override { return front_matter_kind; }

  bool accepts(const whole_file& f, const read_context& ctx) const override {
    return ctx.role == file_role::doc && (front_matter_table(f.front_matter) || delta(f));
  }

  void read(const whole_file& f, const read_context&, file_facts& out) const override {
    if (const yaml_value* t = front_matter_table(f.front_matter))
      out.tables.emplace_back(t->scalar, t->site);
    if (delta(f)) out.doc.delta = true;
  }

 private:
  static bool delta(const whole_file& f) {
    const yaml_value* s = f.front_matter ? f.front_matter->find("speclint") : nullptr;
    return s && s->what == yaml_value::kind::scalar && s->scalar == "delta";
  }
};

const doc_front_matter_reader doc_front_matter_instance;

}  // namespace

namespace readers {
const reader& doc_front_matter = doc_front_matter_instance;
}  // namespace readers

}  // namespace speclint::load
