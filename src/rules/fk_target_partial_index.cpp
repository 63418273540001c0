#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_fk_target_partial_index(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* parent = referenced_table(m, fk);
    if (!parent) continue;
    unique_cover cover = cover_of(*parent, fk.parent_columns);
    // A DEFERRABLE constraint is schema/fk-target-deferrable's.
    if (cover.immediate || cover.deferrable || !cover.partial) continue;
    std::string target = key_name(fk.parent_table, fk.parent_columns);
    other_declarations(
        out.report(
               fk.site(),
               "`{}` references `{}`, which only the partial unique index `{}` (WHERE {}) covers: "
               "PostgreSQL rejects the key (42830)",
               fk.describe(), target, cover.partial->name, cover.partial->where)
            .entity(target)
            .related(cover.partial->site, fmt::format("`{}` declared here", cover.partial->name)),
        fk, fk.site());
  }
}
}  // namespace
extern const rule fk_target_partial_index{
    {"schema/fk-target-partial-index", severity::error,
     "a foreign key references columns that only a partial unique index covers",
     pg_expectation{"42830", false, false}},
    &check_fk_target_partial_index};
}  // namespace speclint::rules
