#include "speclint/text.hpp"

#include <array>
#include <utility>

namespace speclint {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_list(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (true) {
    auto pos = s.find(sep);
    auto part = trim(s.substr(0, pos));
    if (!part.empty()) out.emplace_back(part);
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string github_slug(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    // Latin-1 capitals (U+00C0..U+00DE but U+00D7) lower-case like GitHub does; other
    // non-ASCII letters are kept as they are.
    if (c == 0xC3 && i + 1 < text.size()) {
      auto d = static_cast<unsigned char>(text[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
      ++i;
      continue;
    }
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80)
      out += static_cast<char>(c);
    else if (c == ' ')
      out += '-';
  }
  return out;
}

namespace {
bool glob_at(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.starts_with("**")) {
      p.remove_prefix(2);
      if (p.empty()) return true;
      if (p.starts_with('/')) p.remove_prefix(1);
      for (std::size_t i = 0; i <= s.size(); ++i)
        if ((i == 0 || s[i - 1] == '/') && glob_at(p, s.substr(i))) return true;
      return false;
    }
    if (p.front() == '*') {
      p.remove_prefix(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (glob_at(p, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') break;
      }
      return false;
    }
    if (s.empty()) return false;
    if (p.front() != '?' && p.front() != s.front()) return false;
    if (p.front() == '?' && s.front() == '/') return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}
}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  // A pattern naming a directory ("docs/rules/") matches everything below it.
  if (pattern.ends_with('/')) return path.starts_with(pattern);
  return glob_at(pattern, path);
}

std::string canonical_type(std::string_view type) {
  std::string t = collapse_space(to_lower(type));
  // Drop spaces before '(' so `numeric (12, 4)` and `numeric(12,4)` compare equal.
  std::string compact;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == ' ' && (i + 1 < t.size() && (t[i + 1] == '(' || t[i + 1] == ',' || t[i + 1] == ')')))
      continue;
    if (t[i] == ' ' && i > 0 && (t[i - 1] == '(' || t[i - 1] == ',')) continue;
    compact += t[i];
  }
  std::string mods;
  std::string base = compact;
  if (auto p = compact.find('('); p != std::string::npos) {
    base = std::string(trim(std::string_view(compact).substr(0, p)));
    mods = compact.substr(p);
    // `timestamp(3) with time zone`: modifier in the middle.
    if (auto close = mods.find(')'); close != std::string::npos && close + 1 < mods.size()) {
      base += std::string(mods.substr(close + 1));
      mods = mods.substr(0, close + 1);
    }
  }
  std::string array;
  while (base.ends_with("[]")) {
    array += "[]";
    base.resize(base.size() - 2);
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> aliases{{
      {"int", "integer"},
      {"int4", "integer"},
      {"int2", "smallint"},
      {"int8", "bigint"},
      {"serial", "integer"},
      {"serial4", "integer"},
      {"bigserial", "bigint"},
      {"serial8", "bigint"},
      {"smallserial", "smallint"},
      {"serial2", "smallint"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"float", "double precision"},
      {"bool", "boolean"},
      {"varchar", "character varying"},
      {"char", "character"},
      {"bpchar", "character"},
      {"decimal", "numeric"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp without time zone", "timestamp"},
      {"timetz", "time with time zone"},
      {"time without time zone", "time"},
      {"varbit", "bit varying"},
      {"pg_catalog.int4", "integer"},
  }};
  base = std::string(trim(base));
  if (base.starts_with("pg_catalog.")) base = base.substr(11);
  for (auto [from, to] : aliases)
    if (base == from) {
      base = to;
      break;
    }
  return base + mods + array;
}

std::string base_type(std::string_view canonical) {
  auto p = canonical.find('(');
  if (p == std::string_view::npos) return std::string(canonical);
  std::string out(trim(canonical.substr(0, p)));
  auto close = canonical.find(')', p);
  if (close != std::string_view::npos) out += std::string(canonical.substr(close + 1));
  return out;
}

std::string_view type_family(std::string_view base) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> families{{
      {"smallint", "integer"},
      {"integer", "integer"},
      {"bigint", "integer"},
      {"numeric", "numeric"},
      {"real", "numeric"},
      {"double precision", "numeric"},
      {"text", "string"},
      {"character varying", "string"},
      {"character", "string"},
      {"name", "string"},
      {"citext", "string"},
      {"timestamp", "timestamp"},
      {"timestamp with time zone", "timestamp"},
      {"date", "timestamp"},
      {"json", "json"},
      {"jsonb", "json"},
  }};
  for (auto [type, family] : families)
    if (base == type) return family;
  return base;
}

std::string escape_control(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_escaped(out, s);
  return out;
}

void append_escaped(std::string& out, std::string_view s) {
  auto control = [](unsigned char c) { return c < 0x20 || c == 0x7f; };
  // Runs without control characters are copied whole: reports pass megabytes through here.
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && !control(static_cast<unsigned char>(s[j]))) ++j;
    out.append(s, i, j - i);
    if (j == s.size()) break;
    static constexpr char hex[] = "0123456789abcdef";
    auto c = static_cast<unsigned char>(s[j]);
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
    i = j + 1;
  }
}

}  // namespace speclint
