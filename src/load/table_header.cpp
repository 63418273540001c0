#include "table_header.hpp"

#include <algorithm>

#include "cells.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

std::string header_key(std::string_view h) {
  std::string out;
  for (char c : h) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t') continue;
    out += ascii_lower(c);
  }
  return out;
}

}  // namespace

int find_header(const table_row& header, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string k = header_key(header[i].plain);
    if (std::find(names.begin(), names.end(), k) != names.end()) return static_cast<int>(i);
  }
  return -1;
}

int name_header(const table_row& header) {
  return find_header(header, {"column", "field", "name", "columnname", "fieldname", "attribute"});
}

int type_header(const table_row& header) {
  return find_header(header, {"type", "datatype", "columntype"});
}

bool is_column_table_header(const table_row& header) {
  // A Columns header makes it a list of tables or indexes (`| Name | Columns | Type |`, with
  // BASE TABLE or VIEW as types), Arguments or Return type one of functions: not of columns.
  return name_header(header) >= 0 && type_header(header) >= 0 &&
         find_header(header, {"columns", "arguments", "returntype"}) < 0;
}

bool starts_with_create(std::string_view text) {
  text = trim(text);
  return text.size() > 7 && iequals(text.substr(0, 7), "create ");
}

namespace {
// A constraint's or an index's definition as generators print it: `PRIMARY KEY (id)`,
// `UNIQUE KEY name (a, b) USING BTREE`, `KEY name (a)` (MySQL's), `FOREIGN KEY (a) …`.
bool starts_with_constraint(std::string_view text) {
  std::string lower = to_lower(trim(text));
  for (std::string_view w : {"primary key", "unique ", "unique(", "foreign key", "check ", "check(",
                             "exclude ", "key ", "index ", "constraint ", "fulltext ", "spatial "})
    if (lower.starts_with(w)) return true;
  return false;
}
}  // namespace

bool is_constraint_table(const gfm_table& t) {
  const table_row& header = t.rows.front();
  const int definition = find_header(header, {"definition"});
  if (definition < 0 || t.rows.size() < 2) return false;
  const int type = type_header(header);
  for (std::size_t i = 1; i < t.rows.size(); ++i) {
    const std::string def = cell_text(t.rows[i], definition);
    if (starts_with_create(def) || (type < 0 && starts_with_constraint(def))) continue;
    const std::string kind = to_lower(cell_text(t.rows[i], type));
    if (type < 0 ||
        !(kind == "primary key" || kind == "unique" || kind == "foreign key" || kind == "check" ||
          kind == "exclude" || kind == "unique key" || kind == "trigger"))
      return false;
  }
  return true;
}

bool is_column_table(const gfm_table& t) {
  return is_column_table_header(t.rows.front()) && !is_constraint_table(t);
}

bool is_index_table_header(const table_row& header) {
  return find_header(header, {"index", "indexname"}) >= 0 && find_header(header, {"columns"}) >= 0;
}

std::string cell_text(const table_row& r, int column) {
  if (column < 0 || column >= static_cast<int>(r.size())) return {};
  return collapse_space(r[static_cast<std::size_t>(column)].plain);
}

std::optional<action> cell_action(const table_row& r, int column, text_pool& texts) {
  if (column < 0 || column >= static_cast<int>(r.size())) return std::nullopt;
  const table_cell& c = r[static_cast<std::size_t>(column)];
  if (is_blank_cell(c.plain)) return std::nullopt;
  return make_action(collapse_space(c.plain), c.site, texts);
}

}  // namespace speclint::load
