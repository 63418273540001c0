#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_unknown_action(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys())
    for (const fk_decl& d : fk.decls)
      for (const auto* a : {&d.on_delete, &d.on_update})
        if (*a && (*a)->kind == action_kind::unknown)
          out.report((*a)->site,
                     "{} is not a referential action (CASCADE, SET NULL, SET DEFAULT, RESTRICT, "
                     "NO ACTION) in `{}` {}",
                     // An `onDelete:` with nothing after it leaves no text to quote.
                     (*a)->raw.empty() ? std::string("an empty action")
                                       : fmt::format("`{}`", (*a)->raw),
                     fk.describe(), a == &d.on_delete ? "ON DELETE" : "ON UPDATE")
              .entity(fk.child_columns.size() == 1 ? fk.child_table + "." + fk.child_columns.front()
                                                   : fk.child_table);
}
}  // namespace
extern const rule unknown_action{
    {"schema/unknown-action", severity::error, "an ON DELETE/UPDATE action speclint cannot read"},
    &check_unknown_action};
}  // namespace speclint::rules
