#include "speclint/text.hpp"

#include <algorithm>
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
// Bits of a live pattern position: reached by a star consuming a character, or entered (by
// the start, the token before it, or `**` consuming a separator). A `**` lets the rest of the
// pattern start only where it was entered or after a separator.
constexpr unsigned char looped = 1, entered = 2;
}  // namespace

glob_pattern::glob_pattern(std::string_view pattern, syntax how) : how_(how) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*' && how.path && i + 1 < pattern.size() && pattern[i + 1] == '*') {
      tokens_.push_back({kind::globstar, 0});
      ++i;
      if (i + 1 < pattern.size() && separator(pattern[i + 1])) ++i;
    } else if (c == '*') {
      if (tokens_.empty() || tokens_.back().what != kind::star) tokens_.push_back({kind::star, 0});
    } else {
      tokens_.push_back({c == '?' ? kind::one : kind::literal, c});
    }
  }
  if (!pattern.empty() && separator(pattern.back())) tokens_.push_back({kind::globstar, 0});
  active_.resize(tokens_.size() + 1);
  next_.resize(tokens_.size() + 1);
  reset();
}

bool glob_pattern::separator(char c) const {
  return how_.path && (c == '/' || (how_.backslash && c == '\\'));
}

bool glob_pattern::same(char p, char c) const {
  if (separator(p)) return separator(c);
  return how_.ignore_case ? ascii_lower(p) == ascii_lower(c) : p == c;
}

void glob_pattern::reset() {
  std::fill(active_.begin(), active_.end(), 0);
  active_[0] = entered;
  close();
}

// Stars may match nothing; a `**` lets what follows start where it was entered, and at the
// end of the pattern matches whatever is left.
void glob_pattern::close() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!active_[i]) continue;
    kind k = tokens_[i].what;
    if (k == kind::star || (k == kind::globstar && (active_[i] & entered)) ||
        (k == kind::globstar && i + 1 == tokens_.size()))
      active_[i + 1] |= entered;
  }
}

bool glob_pattern::step(char c) {
  std::fill(next_.begin(), next_.end(), 0);
  bool sep = separator(c);
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!active_[i]) continue;
    const token& t = tokens_[i];
    switch (t.what) {
      case kind::star:
        if (!sep) next_[i] |= looped;
        break;
      case kind::globstar:
        next_[i] |= looped;
        if (sep) next_[i + 1] |= entered;
        break;
      case kind::one:
        if (!sep) next_[i + 1] |= entered;
        break;
      case kind::literal:
        if (same(t.c, c)) next_[i + 1] |= entered;
        break;
    }
  }
  active_.swap(next_);
  close();
  return std::any_of(active_.begin(), active_.end(), [](unsigned char a) { return a != 0; });
}

bool glob_pattern::matches(std::string_view text) {
  reset();
  for (char c : text)
    if (!step(c)) return false;
  return accepting();
}

bool glob_match(std::string_view pattern, std::string_view path) {
  return glob_pattern(pattern, {}).matches(path);
}

std::string canonical_type(std::string_view type) {
  std::string t = collapse_space(to_lower(type));
  // Drop spaces before '(' so `numeric (12, 4)` and `numeric(12,4)` compare equal.
  std::string compact;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == ' ' &&
        (i + 1 < t.size() && (t[i + 1] == '(' || t[i + 1] == ',' || t[i + 1] == ')')))
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
  // MySQL's attributes of a number type, as its docs print them (`int unsigned`).
  for (std::string_view attr : {" zerofill", " unsigned", " signed"})
    if (base.ends_with(attr)) base.resize(base.size() - attr.size());
  for (auto [from, to] : aliases)
    if (base == from) {
      base = to;
      break;
    }
  // No PostgreSQL type takes a quoted modifier (MySQL's `enum('a','b')` does), and its integers
  // take none (MySQL's `int(11)` is a display width).
  if (mods.find('\'') != std::string::npos || base == "integer" || base == "bigint" ||
      base == "smallint")
    mods.clear();
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

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = utf8_length(s, i)) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

std::string escape_markup(std::string_view s, markup_context where) {
  bool xml = where != markup_context::html_label;
  bool attribute = where == markup_context::xml_attribute;
  std::string valid = xml ? valid_utf8(s) : std::string();
  std::string_view text = xml ? std::string_view(valid) : s;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = byte(i);
    if (xml && c == 0xef && i + 2 < text.size() && byte(i + 1) == 0xbf &&
        (byte(i + 2) == 0xbe || byte(i + 2) == 0xbf)) {
      i += 2;  // U+FFFE and U+FFFF are not XML characters
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute || !xml ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        // Attribute normalization would turn a raw line end into a space.
        out += attribute ? "&#10;" : xml ? "\n" : " ";
        break;
      case '\r':
        out += xml ? "&#13;" : " ";  // XML reads a raw one back as a line feed
        break;
      default:
        // C0 controls other than the white space above are not XML characters.
        if (c >= 0x20 || !xml) out += static_cast<char>(c);
    }
  }
  return out;
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
