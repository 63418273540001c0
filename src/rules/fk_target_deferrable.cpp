#include <algorithm>

#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_fk_target_deferrable(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* parent = referenced_table(m, fk);
    if (!parent) continue;
    unique_cover cover = cover_of(*parent, fk.parent_columns);
    if (cover.immediate || !cover.deferrable) continue;
    std::string target = key_name(fk.parent_table, fk.parent_columns);
    other_declarations(
        out.report(
               fk.site(),
               "`{}` references `{}`, whose only unique constraint `{}` is DEFERRABLE: PostgreSQL "
               "rejects the key (55000)",
               fk.describe(), target, cover.deferrable->name)
            .entity(target)
            .related(cover.deferrable->site,
                     fmt::format("`{}` declared DEFERRABLE here", cover.deferrable->name)),
        fk, fk.site());
  }
}
}  // namespace
extern const rule fk_target_deferrable{
    {"schema/fk-target-deferrable", severity::error,
     "a foreign key references columns whose only unique constraint is DEFERRABLE",
     pg_expectation{"55000", false, false}},
    &check_fk_target_deferrable};
}  // namespace speclint::rules
