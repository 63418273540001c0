// Task references by line whose line no longer holds what the task cites.

#include <algorithm>
#include <string>

#include "speclint/model.hpp"

namespace speclint {

std::optional<std::uint32_t> moved_reference_line(const model& m, const task& t,
                                                  const reference& r) {
  if (r.to.what != target::kind::inside || r.to.line_from == 0) return std::nullopt;
  const document* d = m.document_of(r.to);
  if (!d) return std::nullopt;
  const auto file = static_cast<file_id>(d - m.documents().data());
  const std::uint32_t from = r.to.line_from, to = std::max(from, r.to.line_to);
  bool cited_here = false;
  std::optional<std::uint32_t> other;  // the one other line, while there is one
  bool several = false;
  auto at = [&](const location& l) {
    if (!l.known() || l.file != file) return;
    if (l.line >= from && l.line <= to) {
      cited_here = true;
    } else if (!other) {
      other = l.line;
    } else if (*other != l.line) {
      several = true;
    }
  };
  std::string column_name;
  auto consider = [&](std::string_view table_name, std::string_view name) {
    const column* c = m.find_column(table_name, name);
    if (!c) return;
    for (const column_decl& decl : c->decls) at(decl.site);
    // An index on the column (an index table's row, a CREATE INDEX) declares something of it.
    if (const table* tab = m.find_table(table_name))
      for (const index_def& ix : tab->indexes)
        if (std::find(ix.columns.begin(), ix.columns.end(), name) != ix.columns.end()) at(ix.site);
    for (const foreign_key* k : m.find_fks(table_name, {column_name.assign(name)}))
      for (const fk_decl& decl : k->decls) at(decl.site);
  };
  for (const assertion& a : t.asserts)
    if (!a.column.empty()) consider(a.table, a.column);
  t.for_each_mention([&](std::string_view name) {
    const std::size_t dot = name.rfind('.');
    if (dot != std::string_view::npos) consider(name.substr(0, dot), name.substr(dot + 1));
  });
  if (cited_here || several || !other) return std::nullopt;
  // A line another of the task's references names already is cited there, not here.
  for (const reference& o : t.references)
    if (&o != &r && o.to.what == target::kind::inside && o.to.path == r.to.path &&
        o.to.line_from <= *other && *other <= std::max(o.to.line_from, o.to.line_to))
      return std::nullopt;
  return other;
}

}  // namespace speclint
