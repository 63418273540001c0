#include "keys.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "helpers.hpp"

namespace speclint::rules {

const table* referenced_table(const model& m, const foreign_key& fk) {
  return fk.parent_columns.empty() ? nullptr : m.find_table(fk.parent_table);
}

bool defines_all(const table& t, const std::vector<std::string>& columns) {
  return std::all_of(columns.begin(), columns.end(),
                     [&](const std::string& c) { return t.find_column(c) != nullptr; });
}

unique_cover cover_of(const table& t, const std::vector<std::string>& columns) {
  unique_cover out;
  for (const index_def& ix : t.indexes) {
    if (!ix.unique || !same_columns(ix.columns, columns)) continue;
    const index_def*& slot = !ix.where.empty() ? out.partial
                             : ix.deferrable   ? out.deferrable
                                               : out.immediate;
    if (!slot) slot = &ix;
  }
  return out;
}

std::vector<std::string> shared_key_set_null_columns(const model& m, const foreign_key& fk,
                                                     const action& a) {
  if (&a != fk.on_delete() || a.kind != action_kind::set_null || !a.columns.empty() ||
      fk.child_columns.size() < 2)
    return {};
  const table* child = m.find_table(fk.child_table);
  if (!child) return {};
  std::vector<std::string> pk = child->primary_key();
  std::vector<std::string> outside;
  for (const std::string& c : fk.child_columns)
    if (std::find(pk.begin(), pk.end(), c) == pk.end()) outside.push_back(c);
  if (outside.empty() || outside.size() == fk.child_columns.size()) return {};
  return outside;
}

std::string key_name(const std::string& table, const std::vector<std::string>& columns) {
  if (columns.size() == 1) return table + "." + columns.front();
  return fmt::format("{}.({})", table, fmt::join(columns, ", "));
}

bool match_full(const foreign_key& fk) {
  return std::any_of(fk.decls.begin(), fk.decls.end(),
                     [](const fk_decl& d) { return d.match == match_kind::full; });
}

}  // namespace speclint::rules
