#include <algorithm>
#include <unordered_map>

#include "helpers.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

const column_decl* sql_decl(const column& c) {
  for (const column_decl& d : c.decls)
    if (d.source == fact_source::sql) return &d;
  return nullptr;
}

bool all_lower(std::string_view s) {
  return to_lower(s) == s;
}

// A table every column of which comes from SQL.
bool sql_only(const table& t) {
  return !t.columns.empty() && std::all_of(t.columns.begin(), t.columns.end(), [](const column& c) {
    return std::all_of(c.decls.begin(), c.decls.end(),
                       [](const column_decl& d) { return d.source == fact_source::sql; });
  });
}

void check_identifier_case(const model& m, finding_sink& out) {
  std::unordered_map<std::string, const table*> tables;
  for (const table& t : m.tables()) {
    auto [it, fresh] = tables.try_emplace(to_lower(t.name), &t);
    if (fresh) continue;
    const table* first = it->second;
    // Point at the SQL spelling: that is where the case was lost.
    const table* folded = nullptr;
    if (sql_only(t) && !sql_only(*first) && all_lower(t.name))
      folded = &t;
    else if (sql_only(*first) && !sql_only(t) && all_lower(first->name))
      folded = first;
    if (folded) {
      const table* named = folded == first ? &t : first;
      out.report(
             folded->site,
             "table `{}` in SQL and table `{}` ({}) differ only in case: PostgreSQL folds unquoted "
             "names to lower case, so they are two tables; write `\"{}\"` in the SQL",
             folded->name, named->name, short_where(m, named->site), named->name)
          .entity(folded->name)
          .related(named->site, fmt::format("`{}` defined here", named->name));
    } else {
      out.report(t.site,
                 "table `{}` and table `{}` ({}) differ only in case: PostgreSQL treats them as "
                 "two tables",
                 t.name, first->name, short_where(m, first->site))
          .entity(t.name)
          .related(first->site, fmt::format("`{}` defined here", first->name));
    }
  }
  for (const table& t : m.tables()) {
    std::unordered_map<std::string, const column*> columns;
    for (const column& c : t.columns) {
      auto [it, fresh] = columns.try_emplace(to_lower(c.name), &c);
      if (fresh) continue;
      const column* first = it->second;
      const column_decl* sql_later = sql_decl(c);
      const column_decl* sql_first = sql_decl(*first);
      // The SQL name that folded to lower case, against a name written with capitals.
      const column* folded = nullptr;
      if (sql_later && all_lower(c.name) && !all_lower(first->name))
        folded = &c;
      else if (sql_first && all_lower(first->name) && !all_lower(c.name))
        folded = first;
      if (folded) {
        const column* named = folded == first ? &c : first;
        out.report(
               sql_decl(*folded)->site,
               "`{}` in SQL and `{}` ({}) differ only in case: PostgreSQL folds unquoted names to "
               "lower case, so they are two columns; write `\"{}\"` in the SQL",
               qualified_name(t, *folded), qualified_name(t, *named), short_where(m, named->site()),
               named->name)
            .entity(qualified_name(t, *folded))
            .related(named->site(), fmt::format("`{}` declared here", qualified_name(t, *named)));
      } else {
        out.report(c.site(),
                   "`{}` and `{}` ({}) differ only in case: PostgreSQL treats them as two columns",
                   qualified_name(t, c), qualified_name(t, *first), short_where(m, first->site()))
            .entity(qualified_name(t, c))
            .related(first->site(), fmt::format("`{}` declared here", qualified_name(t, *first)));
      }
    }
  }
}
}  // namespace
extern const rule identifier_case{
    {"schema/identifier-case", severity::error,
     "two names of tables or columns that differ only in case, such as an unquoted SQL name"},
    &check_identifier_case};
}  // namespace speclint::rules
