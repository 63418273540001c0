#include "cells.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "speclint/model.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c == '"';
}

std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

// Removes a leading arrow or "FK" marker: `→ t.c`, `-> t.c`, `FK → t.c`, `FK: t.c`.
std::string_view strip_ref_prefix(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && (s[0] == 'F' || s[0] == 'f') && (s[1] == 'K' || s[1] == 'k') &&
      (s.size() == 2 || !ident_char(s[2]))) {
    s.remove_prefix(2);
    s = trim(s);
    if (s.starts_with(':')) s = trim(s.substr(1));
  }
  if (s.starts_with("\u2192"))
    s.remove_prefix(3);
  else if (s.starts_with("->"))
    s.remove_prefix(2);
  return trim(s);
}

// A word-boundary, case-insensitive (or exact upper-case) search for a phrase.
std::size_t find_word(std::string_view hay, std::string_view word, bool upper_only,
                      std::size_t from = 0) {
  if (word.empty()) return std::string_view::npos;
  const char first = upper_only ? word.front() : ascii_lower(word.front());
  for (std::size_t i = from; i + word.size() <= hay.size(); ++i) {
    if ((upper_only ? hay[i] : ascii_lower(hay[i])) != first) continue;  // most places, cheaply
    bool match = upper_only ? hay.compare(i, word.size(), word) == 0
                            : iequals(hay.substr(i, word.size()), word);
    if (!match) continue;
    bool left = i == 0 || !ident_char(hay[i - 1]);
    bool right = i + word.size() == hay.size() || !ident_char(hay[i + word.size()]);
    if (left && right) return i;
  }
  return std::string_view::npos;
}

struct keyword_hit {
  std::size_t pos;
  std::size_t len;
  int kind;
};

enum kw {
  k_not_null,
  k_null,
  k_primary_key,
  k_pk,
  k_unique,
  k_default,
  k_references,
  k_on_delete,
  k_on_update,
  k_check,
  k_fk
};

// Every constraint keyword in order of position.
std::vector<keyword_hit> keywords(std::string_view s, bool upper_only) {
  static constexpr std::array<std::pair<std::string_view, int>, 11> words{{
      {"NOT NULL", k_not_null},
      {"NULL", k_null},
      {"PRIMARY KEY", k_primary_key},
      {"PK", k_pk},
      {"UNIQUE", k_unique},
      {"DEFAULT", k_default},
      {"REFERENCES", k_references},
      {"ON DELETE", k_on_delete},
      {"ON UPDATE", k_on_update},
      {"CHECK", k_check},
      {"FK", k_fk},
  }};
  std::vector<keyword_hit> hits;
  for (auto [word, kind] : words) {
    for (std::size_t p = find_word(s, word, upper_only); p != std::string_view::npos;
         p = find_word(s, word, upper_only, p + 1)) {
      // "NULL" inside "NOT NULL" is the same constraint.
      if (kind == k_null && p >= 4 && iequals(s.substr(p - 4, 4), "NOT ")) continue;
      hits.push_back({p, word.size(), kind});
    }
  }
  std::sort(hits.begin(), hits.end(),
            [](const keyword_hit& a, const keyword_hit& b) { return a.pos < b.pos; });
  return hits;
}

// One or two action words at the start of `s` (`SET NULL`, `CASCADE`, `setNull`).
std::string action_words(std::string_view s) {
  s = trim(s);
  if (s.starts_with(':')) s = trim(s.substr(1));
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (words.size() < 2 && i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && (ident_char(s[j]) || s[j] == '-') && s[j] != '"') ++j;
    if (j == i) break;
    words.push_back(s.substr(i, j - i));
    i = j;
    while (i < s.size() && s[i] == ' ') ++i;
  }
  if (words.empty()) return std::string(trim(s.substr(0, s.find(' '))));
  if (words.size() == 2) {
    std::string two = std::string(words[0]) + " " + std::string(words[1]);
    if (parse_action(two)) return two;
  }
  return std::string(words[0]);
}

}  // namespace

std::optional<column_ref> parse_column_ref(std::string_view text) {
  std::string_view s = strip_ref_prefix(text);
  // Only the first token: "accounts.id (owner)" names accounts.id.
  if (auto paren = s.find('('); paren != std::string_view::npos) {
    auto close = s.find(')', paren);
    std::string_view table = trim(s.substr(0, paren));
    if (close != std::string_view::npos && !table.empty() &&
        table.find(' ') == std::string_view::npos && table.find('.') == std::string_view::npos) {
      // A column's name, not prose or an action in parentheses: `Portal (CASCADE)` and
      // `User (null for anonymous)` name no column.
      std::string_view col = trim(s.substr(paren + 1, close - paren - 1));
      if (valid_name(col) && !iequals(col, "cascade") && !iequals(col, "restrict"))
        return column_ref{unquote(table), unquote(col)};
    }
  }
  std::size_t end = 0;
  while (end < s.size() && (ident_char(s[end]) || s[end] == '.')) ++end;
  std::string_view token = s.substr(0, end);
  while (token.ends_with('.')) token.remove_suffix(1);
  auto dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == token.size()) return std::nullopt;
  return column_ref{unquote(token.substr(0, dot)), unquote(token.substr(dot + 1))};
}

std::optional<column_ref> parse_target_ref(std::string_view text) {
  if (auto ref = parse_column_ref(text)) return ref;
  std::string_view s = strip_ref_prefix(text);
  if (s.find('.') != std::string_view::npos) return std::nullopt;
  if (auto table = valid_name(s)) return column_ref{std::move(*table), {}};
  return std::nullopt;
}

std::string without_default_schema(std::string name) {
  if (name.size() > 7 && iequals(std::string_view(name).substr(0, 7), "public.")) name.erase(0, 7);
  return name;
}

std::optional<column_ref> parse_parent_table(std::string_view text) {
  if (text.find('(') != std::string_view::npos) return parse_column_ref(text);  // `t(c)`
  std::string_view s = trim(strip_ref_prefix(text));
  if (s.find_first_of(" \t,") != std::string_view::npos) return std::nullopt;
  auto table = valid_name(s, true);
  if (!table) return std::nullopt;
  return column_ref{without_default_schema(std::move(*table)), {}};
}

namespace {
cell_constraints parse_constraints(std::string_view s, bool type_first, bool upper_only) {
  cell_constraints out;
  auto hits = keywords(s, upper_only);
  if (type_first) out.type = collapse_space(hits.empty() ? s : s.substr(0, hits.front().pos));
  // `text, not null`: the comma parts the type from its constraints.
  while (!out.type.empty() && (out.type.back() == ',' || out.type.back() == ';'))
    out.type = std::string(trim(std::string_view(out.type).substr(0, out.type.size() - 1)));
  for (std::size_t h = 0; h < hits.size(); ++h) {
    const auto& hit = hits[h];
    std::size_t arg_begin = hit.pos + hit.len;
    std::size_t arg_end = h + 1 < hits.size() ? hits[h + 1].pos : s.size();
    // Notes are prose: only key and nullability words (and `FK → t.c`) count there; the
    // words after an ON DELETE in prose are skipped, not read as NULL or a key.
    if (upper_only && (hit.kind == k_on_delete || hit.kind == k_on_update)) {
      std::size_t covered = arg_begin + action_words(s.substr(arg_begin)).size() + 2;
      while (h + 1 < hits.size() && hits[h + 1].pos < covered) ++h;
      continue;
    }
    if (upper_only && (hit.kind == k_default || hit.kind == k_references || hit.kind == k_check))
      continue;
    std::string_view arg = s.substr(arg_begin, arg_end - arg_begin);
    switch (hit.kind) {
      case k_not_null:
        out.nullable = false;
        break;
      case k_null:
        out.nullable = true;
        break;
      case k_primary_key:
      case k_pk:
        out.primary_key = true;
        break;
      case k_unique:
        out.unique = true;
        break;
      case k_default: {
        // "DEFAULT NULL" is a default, not a nullability statement.
        std::string_view value = trim(arg);
        if (value.empty() && h + 1 < hits.size() && hits[h + 1].kind == k_null) {
          out.default_value = "NULL";
          out.nullable.reset();
          ++h;
        } else if (!value.empty()) {
          out.default_value = collapse_space(value);
        }
        break;
      }
      case k_references:
      case k_fk:
        if (auto ref = parse_column_ref(arg)) out.references = ref;
        break;
      case k_on_delete:
        out.on_delete = action_words(s.substr(arg_begin));
        break;
      case k_on_update:
        out.on_update = action_words(s.substr(arg_begin));
        break;
      default:
        break;
    }
    // Action words may themselves contain NULL ("SET NULL"): skip keywords they cover.
    if (hit.kind == k_on_delete || hit.kind == k_on_update) {
      const std::string& words = hit.kind == k_on_delete ? *out.on_delete : *out.on_update;
      std::size_t covered = arg_begin + words.size() + 2;
      while (h + 1 < hits.size() && hits[h + 1].pos < covered) ++h;
    }
  }
  return out;
}
}  // namespace

cell_constraints parse_type_cell(std::string_view text) {
  return parse_constraints(text, true, false);
}

cell_constraints parse_constraint_cell(std::string_view text, bool upper_case_only) {
  return parse_constraints(text, false, upper_case_only);
}

std::optional<bool> parse_nullable(std::string_view text) {
  std::string s = to_lower(collapse_space(text));
  if (s == "yes" || s == "y" || s == "true" || s == "nullable" || s == "null" || s == "optional" ||
      s == "\u2713" || s == "\u2714" || s == "\u2705")
    return true;
  if (s == "no" || s == "n" || s == "false" || s == "not null" || s == "non-null" ||
      s == "required" || s == "\u2717" || s == "\u2718" || s == "\u274c")
    return false;
  return std::nullopt;
}

std::optional<std::string> find_action_after(std::string_view text, bool on_delete) {
  for (std::string_view key :
       on_delete ? std::array<std::string_view, 3>{"onDelete", "ON DELETE", "on_delete"}
                 : std::array<std::string_view, 3>{"onUpdate", "ON UPDATE", "on_update"}) {
    std::size_t p = find_word(text, key, false);
    if (p != std::string_view::npos) return action_words(text.substr(p + key.size()));
  }
  return std::nullopt;
}

bool is_blank_cell(std::string_view text) {
  std::string_view t = trim(text);
  return t.empty() || t == "-" || t == "\u2014" || t == "\u2013";
}

std::optional<std::string> valid_name(std::string_view s, bool hyphens) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.' || c == '$' || c == '"' || (hyphens && c == '-')))
      return std::nullopt;
  std::string out(s);
  if (out.size() >= 2 && out.front() == '"' && out.back() == '"')
    out = out.substr(1, out.size() - 2);
  return out;
}

action make_action(std::string_view raw, location site, text_pool& texts) {
  action a;
  a.raw = texts.add(trim(raw));
  std::string_view words = a.raw;
  // PostgreSQL 15's column list: `SET NULL (col, ...)`, `SET DEFAULT (col, ...)`.
  if (auto open = words.find('('); open != std::string_view::npos && words.ends_with(')')) {
    auto kind = parse_action(words.substr(0, open));
    if (kind == action_kind::set_null || kind == action_kind::set_default) {
      for (auto& c : split_list(words.substr(open + 1, words.size() - open - 2), ','))
        a.columns.push_back(valid_name(c).value_or(c));
      words = words.substr(0, open);
    }
  }
  a.kind = parse_action(words).value_or(action_kind::unknown);
  a.site = site;
  return a;
}

namespace {

// A listed value as written inside its code span, without the quotes around it.
std::string listed_value(std::string_view code) {
  code = trim(code);
  if (code.size() >= 2 && (code.front() == '\'' || code.front() == '"') &&
      code.back() == code.front())
    code = code.substr(1, code.size() - 2);
  return std::string(code);
}

// The code spans of a list at the start of `s`, between separators; stops at other text.
// `whole`: the list must be all of `s` (a trailing `.` aside).
std::optional<std::vector<std::string>> code_span_list(std::string_view s, bool whole) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == ',' || c == '|' || c == '/' || c == ':' || c == '\t') {
      ++i;
      continue;
    }
    auto word = [&](std::string_view w) {
      return s.size() - i > w.size() && iequals(s.substr(i, w.size()), w) && s[i + w.size()] == ' ';
    };
    if (!out.empty() && (word("or") || word("and"))) {
      i += 3;
      continue;
    }
    if (c != '`') break;
    std::size_t close = s.find('`', i + 1);
    if (close == std::string_view::npos) break;
    std::string v = listed_value(s.substr(i + 1, close - i - 1));
    if (v.empty()) return std::nullopt;
    out.push_back(std::move(v));
    i = close + 1;
  }
  if (out.empty()) return std::nullopt;
  if (whole && !trim(s.substr(i)).empty() && trim(s.substr(i)) != ".") return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> values_after_one_of(std::string_view marked) {
  const std::string lower = to_lower(marked);
  for (std::size_t at = lower.find("one of"); at != std::string::npos;
       at = lower.find("one of", at + 1)) {
    const bool starts_word = at == 0 || !(std::isalnum(static_cast<unsigned char>(lower[at - 1])) ||
                                          lower[at - 1] == '`');
    const std::size_t end = at + 6;
    if (!starts_word || end >= marked.size() || (marked[end] != ' ' && marked[end] != ':'))
      continue;
    if (auto values = code_span_list(marked.substr(end), false)) return values;
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> parse_values_cell(std::string_view marked) {
  std::string_view s = trim(marked);
  if (s.size() > 6 && iequals(s.substr(0, 6), "one of")) s = trim(s.substr(6));
  if (s.empty() || is_blank_cell(s)) return std::nullopt;
  if (s.find('`') != std::string_view::npos) return code_span_list(s, true);
  std::vector<std::string> out;
  for (std::string& part : split_list(s, s.find('|') != std::string_view::npos ? '|' : ',')) {
    std::string v = listed_value(part);
    // A bare value is one word: text with spaces is prose, not a list.
    if (v.empty() || v.find_first_of(" \t") != std::string::npos) return std::nullopt;
    out.push_back(std::move(v));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace speclint::load
