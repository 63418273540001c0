#include "table_names.hpp"

#include <vector>

#include "cells.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// The words of a heading with code spans in backticks, without the punctuation around them
// (`(`, `)`, `,`, `:`); a code span is one word, however many spaces it holds.
std::vector<std::string_view> heading_words(std::string_view marked) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < marked.size()) {
    if (marked[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = i;
    if (marked[i] == '`') {
      end = marked.find('`', i + 1);
      end = end == std::string_view::npos ? marked.size() : end + 1;
    }
    while (end < marked.size() && marked[end] != ' ') ++end;
    std::string_view w = marked.substr(i, end - i);
    while (!w.empty() && std::string_view("(,:").find(w.front()) != std::string_view::npos)
      w.remove_prefix(1);
    while (!w.empty() && std::string_view("),:.").find(w.back()) != std::string_view::npos)
      w.remove_suffix(1);
    if (!w.empty()) out.push_back(w);
    i = end;
  }
  return out;
}

bool is_code(std::string_view w) {
  return w.size() >= 2 && w.front() == '`' && w.back() == '`';
}

// Words that may stand before "table" without naming it.
bool is_article(std::string_view w) {
  for (std::string_view a : {"a", "an", "the", "this", "that", "each", "every", "new", "one", "its",
                             "their", "our", "same", "other", "join", "lookup", "main"})
    if (iequals(w, a)) return true;
  return false;
}

}  // namespace

std::optional<std::string> table_named_by(std::string_view plain_text,
                                          std::string_view outside_text,
                                          std::span<const std::string> codes,
                                          std::string_view marked_text) {
  std::string outside = collapse_space(outside_text);
  if (codes.size() == 1 && outside.empty()) return valid_name(codes[0]);
  if (codes.size() == 1) {
    std::string lower = " " + to_lower(outside) + " ";
    for (char& c : lower)
      if (!(c >= 'a' && c <= 'z')) c = ' ';
    if (lower.find(" table ") != std::string::npos) {
      // The code span names the table only beside the word (`the `sessions` table`,
      // `Table `sessions``): in `diensten table — add `status` column` it is a column, and
      // the word before "table" is the name, when it is one.
      const std::string marked = collapse_space(marked_text);
      std::vector<std::string_view> words = heading_words(marked);
      std::optional<std::string> plain_name;
      int named = 0;
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (!iequals(words[i], "table")) continue;
        for (std::size_t j : {i - 1, i + 1})
          if (j < words.size() && is_code(words[j]))
            return valid_name(words[j].substr(1, words[j].size() - 2));
        if (i > 0 && !is_code(words[i - 1]) && !is_article(words[i - 1])) {
          plain_name = valid_name(words[i - 1]);
          ++named;
        }
      }
      if (named == 1) return plain_name;
      return std::nullopt;
    }
  }
  std::string plain = collapse_space(plain_text);
  if (plain.size() > 6 && iequals(std::string_view(plain).substr(0, 6), "table:"))
    return valid_name(trim(std::string_view(plain).substr(6)));
  return std::nullopt;
}

std::optional<std::string> deleted_table_of(std::string_view plain_text) {
  std::string text = collapse_space(plain_text);
  if (text.ends_with(':')) text.pop_back();
  std::string_view rest = trim(text);
  auto cut_prefix = [&](std::string_view word) {
    if (rest.size() <= word.size() || !iequals(rest.substr(0, word.size()), word)) return false;
    rest.remove_prefix(word.size());
    return true;
  };
  auto cut_suffix = [&](std::string_view word) {
    if (rest.size() <= word.size() || !iequals(rest.substr(rest.size() - word.size()), word))
      return false;
    rest.remove_suffix(word.size());
    return true;
  };
  if (!cut_prefix("deleting ") && !(cut_prefix("what deleting ") && cut_suffix(" does")))
    return std::nullopt;
  return valid_name(trim(rest));
}

bool is_section_part(std::string_view plain_text) {
  static constexpr std::string_view parts[] = {"attributes",
                                               "check constraints",
                                               "checks",
                                               "columns",
                                               "comments",
                                               "constraints",
                                               "data",
                                               "definition",
                                               "description",
                                               "details",
                                               "example",
                                               "examples",
                                               "fields",
                                               "foreign keys",
                                               "indexes",
                                               "indices",
                                               "keys",
                                               "model",
                                               "notes",
                                               "overview",
                                               "partitions",
                                               "primary key",
                                               "properties",
                                               "queries",
                                               "reference",
                                               "referenced tables",
                                               "references",
                                               "relations",
                                               "relationships",
                                               "schema",
                                               "structure",
                                               "summary",
                                               "table definition",
                                               "tables",
                                               "triggers",
                                               "types",
                                               "unique constraints",
                                               "usage",
                                               "viewpoints"};
  std::string text = collapse_space(plain_text);
  std::string_view s = trim(text);
  // A section number (`3.2 Foreign keys`) does not make it another part.
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.')) ++n;
  if (n > 0 && n < s.size() && s[n] == ' ' && s[0] != '.') s.remove_prefix(n + 1);
  for (std::string_view p : parts)
    if (iequals(s, p)) return true;
  return false;
}

std::optional<std::string> table_named_by_section(std::string_view plain_text) {
  std::string text = collapse_space(plain_text);
  std::string_view s = trim(text);
  // A section number: digits and dots, then a space.
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.')) ++n;
  if (n > 0 && n < s.size() && s[n] == ' ' && s[0] != '.') s.remove_prefix(n + 1);
  // A description after a dash.
  for (std::string_view dash : {" \u2014 ", " \u2013 ", " - "})
    if (auto at = s.find(dash); at != std::string_view::npos) s = s.substr(0, at);
  std::string name;
  for (const std::string& word : split_list(s, ' ')) {
    if (iequals(word, "table") || iequals(word, "table:")) continue;
    if (!name.empty()) return std::nullopt;
    name = word;
  }
  if (name.empty()) return std::nullopt;
  if (is_section_part(name)) return std::nullopt;
  // Hyphens too (`user-groups`), as a quoted identifier in SQL may hold them.
  std::optional<std::string> out = valid_name(name, true);
  if (!out) return std::nullopt;
  return without_default_schema(std::move(*out));
}

const yaml_value* front_matter_table(const yaml_value* front_matter) {
  if (!front_matter) return nullptr;
  const yaml_value* t = front_matter->find("table");
  if (t && t->what == yaml_value::kind::scalar && !t->scalar.empty()) return t;
  return nullptr;
}

}  // namespace speclint::load
