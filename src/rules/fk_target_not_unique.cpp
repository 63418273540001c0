#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_fk_target_not_unique(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* parent = referenced_table(m, fk);
    // An unknown column is schema/unknown-column's.
    if (!parent || !defines_all(*parent, fk.parent_columns)) continue;
    // Delta specs name only the keys they change.
    if (only_in_delta(m, *parent)) continue;
    // A DEFERRABLE or partial one is schema/fk-target-deferrable's or -partial-index's.
    unique_cover cover = cover_of(*parent, fk.parent_columns);
    if (cover.immediate || cover.deferrable || cover.partial) continue;
    std::string target = key_name(fk.parent_table, fk.parent_columns);
    // InnoDB accepts a key to any indexed columns; the finding is PostgreSQL's.
    std::string_view mysql = written_in(fk) == sql_dialect::mysql
                                 ? "; MySQL accepts it when the columns are indexed, PostgreSQL "
                                   "rejects it (42830)"
                                 : "";
    other_declarations(
        out.report(fk.site(), "`{}` references `{}`, which is neither the primary key nor UNIQUE{}",
                   fk.describe(), target, mysql)
            .entity(target)
            .related(parent->site, fmt::format("`{}` defined here", fk.parent_table)),
        fk, fk.site());
  }
}
}  // namespace
extern const rule fk_target_not_unique{
    {"schema/fk-target-not-unique", severity::error,
     "a foreign key references columns that are neither the primary key nor UNIQUE",
     pg_expectation{"42830", false, false}},
    &check_fk_target_not_unique};
}  // namespace speclint::rules
