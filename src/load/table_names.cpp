#include "table_names.hpp"

#include "cells.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

std::optional<std::string> table_named_by(std::string_view plain_text,
                                          std::string_view outside_text,
                                          std::span<const std::string> codes) {
  std::string outside = collapse_space(outside_text);
  if (codes.size() == 1 && outside.empty()) return valid_name(codes[0]);
  if (codes.size() == 1) {
    std::string lower = " " + to_lower(outside) + " ";
    for (char& c : lower)
      if (!(c >= 'a' && c <= 'z')) c = ' ';
    if (lower.find(" table ") != std::string::npos) return valid_name(codes[0]);
  }
  std::string plain = collapse_space(plain_text);
  if (plain.size() > 6 && iequals(std::string_view(plain).substr(0, 6), "table:"))
    return valid_name(trim(std::string_view(plain).substr(6)));
  return std::nullopt;
}

const yaml_value* front_matter_table(const yaml_value* front_matter) {
  if (!front_matter) return nullptr;
  const yaml_value* t = front_matter->find("table");
  if (t && t->what == yaml_value::kind::scalar && !t->scalar.empty()) return t;
  return nullptr;
}

}  // namespace speclint::load
