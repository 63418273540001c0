#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_set_columns_on_update(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const action* a = fk.on_update();
    if (!a || a->columns.empty()) continue;
    out.report(a->site,
               "ON UPDATE {} of `{}` names columns, which PostgreSQL allows only for ON DELETE: it "
               "rejects the key (0A000)",
               a->raw, fk.describe())
        .entity(fk.child_columns.size() == 1 ? fk.child_table + "." + fk.child_columns.front()
                                             : fk.child_table);
  }
}
}  // namespace
extern const rule set_columns_on_update{
    {"schema/set-columns-on-update", severity::error,
     "ON UPDATE SET NULL/SET DEFAULT with a column list, which only ON DELETE allows",
     pg_expectation{"0A000", false, false}},
    &check_set_columns_on_update};
}  // namespace speclint::rules
