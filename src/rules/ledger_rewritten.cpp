#include <algorithm>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_ledger_rewritten(const model& m, finding_sink& out) {
  const std::vector<std::string>& configured = m.config().append_only;
  for (const foreign_key& fk : m.foreign_keys()) {
    const action* a = fk.on_delete();
    if (!a || (a->kind != action_kind::cascade && a->kind != action_kind::set_null &&
               a->kind != action_kind::set_default))
      continue;
    const table* t = m.find_table(fk.child_table);
    if (!t) continue;
    const bool listed =
        std::find(configured.begin(), configured.end(), t->name) != configured.end();
    if (!t->append_only && t->retention.empty() && !listed) continue;
    // How the table is marked, as its section or the configuration says it.
    std::string mark = t->append_only          ? std::string("append-only")
                       : !t->retention.empty() ? fmt::format("retained ({})", t->retention)
                                               : std::string(
                                                     "append-only (`append_only` in "
                                                     "the configuration)");
    std::string does;
    const std::vector<std::string>& cols = fk.affected_columns(*a);
    const std::string set = cols.size() == 1
                                ? fmt::format("`{}.{}`", fk.child_table, cols.front())
                                : fmt::format("{} of `{}`", backticked(cols), fk.child_table);
    if (a->kind == action_kind::cascade)
      does = "deletes its rows";
    else if (a->kind == action_kind::set_null)
      does = fmt::format("sets {} to NULL", set);
    else
      does = fmt::format("sets {} to {}", set, cols.size() == 1 ? "its default" : "their defaults");
    auto b = out.report(a->site,
                        "`{}` is {}, but deleting a row of `{}` {} (`{}` ON DELETE {}): its rows "
                        "do not keep what they recorded",
                        t->name, mark, fk.parent_table, does, fk.describe(), a->raw);
    b.entity(fk.child_columns.size() == 1 ? fk.child_table + "." + fk.child_columns.front()
                                          : fk.child_table);
    if (t->kind_site.known())
      b.related(t->kind_site, fmt::format("`{}` marked {} here", t->name,
                                          t->append_only ? "append-only" : "retained"));
    other_declarations(b, fk, a->site);
  }
}
}  // namespace
extern const rule ledger_rewritten{
    {"schema/ledger-rewritten", severity::warning,
     "a delete elsewhere deletes or rewrites rows of an append-only or retained table"},
    &check_ledger_rewritten};
}  // namespace speclint::rules
