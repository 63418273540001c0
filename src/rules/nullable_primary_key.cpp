#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_nullable_primary_key(const model& m, finding_sink& out) {
  for (const table& t : m.tables())
    for (const std::string& name : t.primary_key()) {
      const column* c = t.find_column(name);
      if (!c) continue;
      for (const column_decl& d : c->decls) {
        if (d.nullable != true) continue;
        auto b =
            out.report(d.site,
                       "`{}` is declared nullable here but is part of the primary key of `{}`: "
                       "PostgreSQL makes it NOT NULL anyway",
                       qualified_name(t, *c), t.name);
        b.entity(qualified_name(t, *c));
        for (const index_def& ix : t.indexes)
          if (ix.primary) {
            b.related(ix.site, "primary key declared here");
            break;
          }
        break;
      }
    }
}
}  // namespace
extern const rule nullable_primary_key{{"schema/nullable-primary-key", severity::warning,
                                        "a primary-key column that the spec declares nullable"},
                                       &check_nullable_primary_key};
}  // namespace speclint::rules
