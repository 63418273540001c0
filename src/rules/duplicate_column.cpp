#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_duplicate_column(const model& m, finding_sink& out) {
  for (const table& t : m.tables())
    for (const column& c : t.columns)
      for (std::size_t i = 1; i < c.decls.size(); ++i)
        for (std::size_t j = 0; j < i; ++j) {
          const column_decl& a = c.decls[j];
          const column_decl& b = c.decls[i];
          if (a.site.file != b.site.file || a.block != b.block || a.source != b.source) continue;
          out.report(b.site, "`{}` is declared twice in the same table (first at {})",
                     qualified_name(t, c), short_where(m, a.site))
              .entity(qualified_name(t, c))
              .related(a.site, "first declared here");
          break;
        }
}
}  // namespace
extern const rule duplicate_column{
    {"schema/duplicate-column", severity::error, "a table declares the same column twice"},
    &check_duplicate_column};
}  // namespace speclint::rules
