#pragma once

// Small text helpers shared by the loader, the model and the rules, so that matching
// (identifiers, actions, types, anchors) is defined once.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace speclint {

/// The ASCII lower case of `c`; any other byte as it is.
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
/// ASCII lower-case copy.
std::string to_lower(std::string_view s);
/// True when equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);
/// True when `s` starts with `prefix`, ignoring ASCII case.
bool istarts_with(std::string_view s, std::string_view prefix);
/// Without leading and trailing white space.
std::string_view trim(std::string_view s);
/// Splits on a character, trimming each part and dropping empty ones.
std::vector<std::string> split_list(std::string_view s, char sep);
/// Collapses runs of white space to one space and trims.
std::string collapse_space(std::string_view s);
/// GitHub's anchor for a heading text (without the -N suffix for repeats).
std::string github_slug(std::string_view heading_text);

/// A glob compiled once and fed text a character at a time. `*` is any run of characters and
/// `?` any one; in paths they stay within a segment, `**` spans segments (at a segment start,
/// or where it stands: `**/` also matches no directory) and a pattern ending in a separator
/// matches everything below that directory.
class glob_pattern {
 public:
  /// How a pattern reads its text.
  struct syntax {
    bool path = true;          ///< `/` separates segments and `**` spans them
    bool backslash = false;    ///< with `path`: `\` separates segments too, and equals `/`
    bool ignore_case = false;  ///< ASCII letters match either case
  };

  /// Compiles `pattern`.
  glob_pattern(std::string_view pattern, syntax how);
  /// True when the pattern is empty (it matches only the empty text).
  bool empty() const { return tokens_.empty(); }
  /// Forgets the characters fed so far.
  void reset();
  /// Feeds one character; false when no continuation of the text can match any more.
  bool step(char c);
  /// True when the characters fed since the last reset match the whole pattern.
  bool accepting() const { return active_.back() != 0; }
  /// True when the whole of `text` matches.
  bool matches(std::string_view text);

 private:
  enum class kind : unsigned char { literal, one, star, globstar };
  struct token {
    kind what;
    char c;
  };
  bool separator(char c) const;
  bool same(char p, char c) const;
  void close();

  syntax how_;
  std::vector<token> tokens_;
  // The pattern positions alive (one more than tokens: the last is "matched"). The set, not
  // backtracking, keeps any pattern linear in the text: `*a*a*a…b` included.
  std::vector<unsigned char> active_, next_;
};

/// Matches a path against a glob as `ignore` reads it (glob's path syntax, `/` only, case kept).
bool glob_match(std::string_view pattern, std::string_view path);

/// A PostgreSQL type name in canonical spelling: `int4` → `integer`, `timestamptz` →
/// `timestamp with time zone`, `varchar(20)` → `character varying(20)`; lower-case.
std::string canonical_type(std::string_view type);
/// The canonical type without modifiers: `character varying(20)` → `character varying`.
std::string base_type(std::string_view canonical);
/// Type family for foreign-key comparisons: "integer", "numeric", "string", "timestamp",
/// "uuid", "boolean", …; the base type itself when it belongs to no family.
std::string_view type_family(std::string_view base);

/// Length of the valid UTF-8 sequence at `s[i]` (1 to 4), or 0 when the bytes there are not
/// one: a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, or cut short.
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
  // Inline: the loader runs it over every byte of the spec.
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xbf) {
    return k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  unsigned c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    unsigned lo = c == 0xe0 ? 0xa0 : 0x80,
             hi = c == 0xed ? 0x9f : 0xbf;  // no overlongs, no surrogates
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;  // at most U+10FFFF
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/// The text with each invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

/// Where text escaped for XML or HTML goes, which decides what besides `&`, `<` and `>` is
/// escaped.
enum class markup_context {
  xml_text,       ///< XML character data: made valid UTF-8 without what XML 1.0 forbids
  xml_attribute,  ///< a quoted XML attribute: also quotes, tabs and line ends as references
  html_label,     ///< a Graphviz HTML-like label: also `"`; line ends become spaces
};

/// `s` escaped for where it goes.
std::string escape_markup(std::string_view s, markup_context where);

/// Escapes control characters and terminal escape sequences for display.
std::string escape_control(std::string_view s);
/// Appends `s` to `out` escaped as escape_control does.
void append_escaped(std::string& out, std::string_view s);

/// Calls `f` with each line of a text, without its line end, until `f` returns false.
/// "\n", "\r\n" and a lone "\r" each end a line; a final line end starts no empty line.
template <class F>
void for_each_line_of(std::string_view text, F&& f) {
  // Line ends are found with string_view::find (memchr); the next carriage return is looked
  // for again only once a line has passed it, so a text without any costs one search for it.
  std::size_t cr = text.find('\r');
  for (std::size_t start = 0; start < text.size();) {
    if (cr < start) cr = text.find('\r', start);
    std::size_t end = std::min({text.find('\n', start), cr, text.size()});
    if (!f(text.substr(start, end - start))) return;
    start = end + (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
  }
}

/// Calls `f` with every `a.b` name of a text: two runs of letters, digits and underscores
/// joined by one dot, as the longest such token (trailing dots dropped); tokens of more than
/// two parts are not names.
template <class F>
void for_each_dotted_name(std::string_view text, F&& f) {
  auto ident_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (!ident_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (ident_char(text[j]) || text[j] == '.')) ++j;
    std::string_view tok = text.substr(i, j - i);
    while (tok.ends_with('.')) tok.remove_suffix(1);
    if (auto dot = tok.find('.'); dot != std::string_view::npos && dot > 0 &&
                                  tok.find('.', dot + 1) == std::string_view::npos)
      f(tok);
    i = j;
  }
}

}  // namespace speclint
