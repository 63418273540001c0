#include "psql_output.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "speclint/text.hpp"
#include "sql_dialect.hpp"

namespace speclint::load {

namespace {

// Calls `f(line, next)` for each line and the line after it (empty after the last), until it
// returns true; a trailing `\r` is not part of a line.
template <class F>
bool any_line_pair(std::string_view text, F f) {
  auto line_at = [&](std::size_t from) {
    std::size_t end = text.find('\n', from);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(from, end - from);
    if (line.ends_with('\r')) line.remove_suffix(1);
    return std::pair{line, end};
  };
  if (text.empty()) return false;
  auto [line, end] = line_at(0);
  while (true) {
    const bool last = end >= text.size();
    auto [next, next_end] = last ? std::pair{std::string_view{}, end} : line_at(end + 1);
    if (f(line, next)) return true;
    if (last) return false;
    line = next;
    end = next_end;
  }
}

}  // namespace

std::optional<psql_title> parse_psql_title(std::string_view line) {
  const std::string_view t = trim(line);
  const std::size_t open = t.find('"');
  if (open == std::string_view::npos || t.size() < open + 3 || t.back() != '"') return std::nullopt;
  const std::string kind = to_lower(trim(t.substr(0, open)));
  static constexpr std::string_view tables[] = {"table", "unlogged table", "partitioned table"};
  static constexpr std::string_view others[] = {
      "view",        "materialized view", "index",         "unlogged index", "partitioned index",
      "sequence",    "unlogged sequence", "foreign table", "composite type", "toast table",
      "toast index", "special relation"};
  psql_title out;
  out.table = std::find(std::begin(tables), std::end(tables), kind) != std::end(tables);
  if (!out.table && std::find(std::begin(others), std::end(others), kind) == std::end(others))
    return std::nullopt;
  const auto lead = static_cast<std::size_t>(t.data() - line.data());
  out.name_begin = lead + open + 1;
  out.name_end = lead + t.size() - 1;
  return out;
}

bool is_psql_header(std::string_view line) {
  const std::size_t first = line.find('|');
  if (first == std::string_view::npos) return false;
  const std::size_t second = line.find('|', first + 1);
  const std::string_view type = line.substr(
      first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1);
  return iequals(trim(line.substr(0, first)), "column") && iequals(trim(type), "type");
}

bool starts_with_psql_describe(std::string_view text) {
  bool found = false;
  // The first line that is not blank decides.
  any_line_pair(text, [&](std::string_view line, std::string_view next) {
    if (trim(line).empty()) return false;
    found = parse_psql_title(line) && is_psql_header(next);
    return true;
  });
  return found;
}

bool holds_psql_describe(std::string_view text) {
  return any_line_pair(text, [](std::string_view line, std::string_view next) {
    return parse_psql_title(line) && is_psql_header(next);
  });
}

bool psql_output_label(std::string_view info) {
  static constexpr std::string_view labels[] = {"",     "text",    "txt",   "plaintext",
                                                "psql", "console", "output"};
  return std::find(std::begin(labels), std::end(labels), info) != std::end(labels);
}

bool sql_label(std::string_view info) {
  // `sql`, or a word that names a dialect.
  return info == "sql" ||
         dialect_of_info(info, sql_dialect::auto_detect) != sql_dialect::auto_detect;
}

std::string_view psql_table_title_line(std::string_view text) {
  std::string_view found;
  any_line_pair(text, [&](std::string_view line, std::string_view next) {
    auto title = parse_psql_title(line);
    if (!title || !title->table || next.find('|') == std::string_view::npos) return false;
    found = trim(line);
    return true;
  });
  return found;
}

}  // namespace speclint::load
