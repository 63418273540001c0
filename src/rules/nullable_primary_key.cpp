#include "helpers.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {
void check_nullable_primary_key(const model& m, finding_sink& out) {
  for (const table& t : m.tables())
    for (const std::string& name : t.primary_key()) {
      const column* c = t.find_column(name);
      if (!c) continue;
      for (const column_decl& d : c->decls) {
        if (d.nullable != true) continue;
        // SQLite's `INTEGER PRIMARY KEY` is the rowid, never NULL though reported nullable;
        // any other primary-key column of SQLite's holds NULL unless it is NOT NULL.
        const bool sqlite = d.dialect == sql_dialect::sqlite;
        if (sqlite && t.primary_key().size() == 1 && d.type() && iequals(*d.type(), "integer"))
          continue;
        const std::string why =
            sqlite ? std::string(
                         "SQLite stores NULL in it unless it is NOT NULL, and PostgreSQL "
                         "makes it NOT NULL")
                   : std::string(dialect_name(d.dialect)) + " makes it NOT NULL anyway";
        auto b = out.report(
            d.site, "`{}` is declared nullable here but is part of the primary key of `{}`: {}",
            qualified_name(t, *c), t.name, why);
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
