// PostgreSQL's names for the constraints and indexes it names itself.

#include "facts.hpp"

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint {

namespace {
// A table name without its schema: the names PostgreSQL chooses use the bare name.
std::string_view bare_table(std::string_view table) {
  auto dot = table.rfind('.');
  return dot == std::string_view::npos ? table : table.substr(dot + 1);
}
}  // namespace

std::string pg_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
  // makeObjectName: the result fits NAMEDATALEN - 1 bytes, the longer of the names cut first.
  constexpr std::size_t max_name = 63;
  const std::size_t overhead = label.size() + 1 + (name2.empty() ? 0 : 1);
  const std::size_t room = overhead < max_name ? max_name - overhead : 0;
  std::size_t n1 = name1.size(), n2 = name2.size();
  while (n1 + n2 > room && n1 + n2 > 0) {
    if (n1 > n2)
      --n1;
    else
      --n2;
  }
  std::string out(name1.substr(0, n1));
  if (!name2.empty()) out.append("_").append(name2.substr(0, n2));
  return out.append("_").append(label);
}

std::string_view without_serial(std::string_view type) {
  static constexpr std::pair<std::string_view, std::string_view> serials[] = {
      {"serial", "integer"}, {"serial4", "integer"},      {"bigserial", "bigint"},
      {"serial8", "bigint"}, {"smallserial", "smallint"}, {"serial2", "smallint"}};
  for (auto [serial, integer] : serials)
    if (iequals(type, serial)) return integer;
  return type;
}

std::string generated_fk_name(std::string_view table, const std::vector<std::string>& columns) {
  return pg_object_name(bare_table(table), fmt::format("{}", fmt::join(columns, "_")), "fkey");
}

std::string derived_index_name(std::string_view table, const index_def& ix) {
  if (ix.primary) return pg_object_name(bare_table(table), {}, "pkey");
  std::string cols;
  for (const std::string& c : ix.columns) {
    if (!cols.empty()) cols += '_';
    cols += c.starts_with('(') ? std::string("expr") : c;
  }
  return pg_object_name(bare_table(table), cols, ix.unique ? "key" : "idx");
}

}  // namespace speclint
