// mermaid-er: a ```mermaid block of a doc that is an `erDiagram`. Each entity is a table, each
// attribute a column with its type and PK / UK keys, and a relationship a foreign key when its
// label names the columns (`"user_id -> id (CASCADE)"`) or the child entity has one FK
// attribute for it. The diagram is read in one pass; a statement it cannot read is skipped to
// the end of its line, and a block without its `}` is not read at all.

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "../cells.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Mermaid's word characters: `\w` of its lexer's `\b`.
bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// An unquoted entity name: letters, digits, `_`, `-`, `*`, `.` and any non-ASCII byte.
bool entity_name_char(char c) {
  return word_char(c) || c == '-' || c == '*' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

// An attribute's type or name: it starts as a name does, and may hold `(`, `)`, `[`, `]` and
// `,` (`varchar(255)`, `numeric(10,2)`, `text[]`).
bool attribute_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '*' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool attribute_char(char c) {
  return entity_name_char(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == ',';
}

// The offset just after the `erDiagram` that opens a diagram: the first line that is not
// blank, a `%%` comment or Mermaid's `---` front matter; nullopt for any other diagram.
std::optional<std::size_t> diagram_start(std::string_view text) {
  std::size_t at = 0;
  bool front_matter = false, first = true;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    std::string_view t = trim(line);
    const std::size_t next = end + 1;
    if (front_matter) {
      if (t == "---") front_matter = false;
    } else if (t.empty() || t.starts_with("%%")) {
    } else if (first && t == "---") {
      front_matter = true;
    } else {
      constexpr std::string_view word = "erDiagram";
      if (!t.starts_with(word) || (t.size() > word.size() && !is_blank(t[word.size()])))
        return std::nullopt;
      return at + static_cast<std::size_t>(t.data() - line.data()) + word.size();
    }
    if (!t.empty()) first = false;
    at = next;
  }
  return std::nullopt;
}

struct attribute {
  std::string type, name;
  location site;
  bool primary = false, foreign = false, unique = false;
};

struct entity {
  std::string id;  ///< as written, without quotes: what relationships name
  std::string label;
  bool quoted = false, has_label = false, label_quoted = false, defined = false;
  location site;  ///< its first block or label, else its first mention
  std::vector<attribute> attributes;
  std::string table;  ///< the table it names, once the diagram is read
};

// How many of an entity a relationship's marker beside it allows.
enum class cardinality { zero_or_one, exactly_one, zero_or_more, one_or_more };

bool many(cardinality c) {
  return c == cardinality::zero_or_more || c == cardinality::one_or_more;
}

struct relationship {
  std::size_t left = 0, right = 0;  ///< entities
  cardinality left_card{}, right_card{};
  std::string label;
  location site, label_site;
};

// A relationship label that names the columns: `child -> parent` or `→`, each side `column`
// or `table.column`, then an optional `(ACTION)` for ON DELETE.
struct label_columns {
  std::string child_table, child_column, parent_table, parent_column;
  std::string on_delete;  ///< empty when not stated
};

// `column` or `table.column`, backticks allowed around it. The table may be any entity's
// name (`line items.order_id`); it is matched against the relationship's two entities.
std::optional<std::pair<std::string, std::string>> label_side(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') s = trim(s.substr(1, s.size() - 2));
  const std::size_t dot = s.rfind('.');
  std::string_view table = dot == std::string_view::npos ? std::string_view() : s.substr(0, dot);
  std::string_view column = dot == std::string_view::npos ? s : s.substr(dot + 1);
  auto name = valid_name(column, true);
  if (!name || name->empty() || name->find('.') != std::string::npos) return std::nullopt;
  if (dot != std::string_view::npos && trim(table).empty()) return std::nullopt;
  return std::pair{std::string(trim(table)), *name};
}

std::optional<label_columns> parse_label(std::string_view text) {
  std::string_view s = trim(text);
  label_columns out;
  if (s.ends_with(')')) {
    const std::size_t open = s.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    std::string_view words = trim(s.substr(open + 1, s.size() - open - 2));
    if (!parse_action(words)) return std::nullopt;
    out.on_delete = std::string(words);
    s = trim(s.substr(0, open));
  }
  std::size_t arrow = s.find("->"), width = 2;
  if (arrow == std::string_view::npos) {
    arrow = s.find("\u2192");
    width = 3;
  }
  if (arrow == std::string_view::npos) return std::nullopt;
  auto child = label_side(s.substr(0, arrow));
  auto parent = label_side(s.substr(arrow + width));
  if (!child || !parent) return std::nullopt;
  out.child_table = std::move(child->first);
  out.child_column = std::move(child->second);
  out.parent_table = std::move(parent->first);
  out.parent_column = std::move(parent->second);
  return out;
}

// A name as a table: quoted, as written; unquoted, folded to lower case as PostgreSQL folds
// an unquoted identifier, and without the default schema `public.`.
std::string table_name(std::string_view name, bool quoted) {
  if (quoted) return std::string(name);
  return without_default_schema(to_lower(name));
}

// A name reduced for comparing an FK attribute with its parent's name: lower case, without
// `_`, `-` and spaces.
std::string squeezed(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-' && c != ' ') out += ascii_lower(c);
  return out;
}

// One pass over the diagram's text. Every loop moves forward, and a statement it cannot read
// is skipped to the end of its line, so the time is linear in the text.
class diagram_parser {
 public:
  diagram_parser(const code_block& b, file_id file) : s_(b.text), file_(file), block_(b) {
    // The fence's column counts its indent and any list or quote prefix, and cmark strips as
    // much from each content line (as the SQL reader maps its offsets).
    column_base_ = b.site.column > 0 ? b.site.column - 1 : b.indent;
  }

  void run(std::size_t from) {
    p_ = from;
    while (p_ < s_.size()) {
      skip_blanks();
      if (p_ >= s_.size()) break;
      if (s_[p_] == '\n') {
        ++p_;
        continue;
      }
      if (comment_here()) {
        skip_line();
        continue;
      }
      if (!statement()) skip_line();
    }
  }

  std::vector<entity> entities;
  std::vector<relationship> relationships;

 private:
  // --- places ---------------------------------------------------------------------------

  // The place of an offset. Places are asked for in the order of the text, so the line is
  // counted forward from the last one asked for.
  location at(std::size_t offset) {
    if (offset < line_start_) seen_ = line_start_ = line_ = 0;  // never, as they are asked
    for (; seen_ < offset && seen_ < s_.size(); ++seen_)
      if (s_[seen_] == '\n') {
        ++line_;
        line_start_ = seen_ + 1;
      }
    return {file_, block_.first_line + line_,
            static_cast<std::uint32_t>(offset - line_start_ + 1) + column_base_};
  }

  // --- characters -----------------------------------------------------------------------

  char peek(std::size_t ahead = 0) const { return p_ + ahead < s_.size() ? s_[p_ + ahead] : '\0'; }
  void skip_blanks() {
    while (p_ < s_.size() && is_blank(s_[p_])) ++p_;
  }
  void skip_space() {
    while (p_ < s_.size() && (is_blank(s_[p_]) || s_[p_] == '\n')) ++p_;
  }
  void skip_line() {
    while (p_ < s_.size() && s_[p_] != '\n') ++p_;
  }
  bool comment_here() const { return peek() == '%' && peek(1) == '%'; }
  // The end of a line: a line end, a comment or the end of the text, after blanks.
  bool at_line_end() {
    skip_blanks();
    return p_ >= s_.size() || s_[p_] == '\n' || comment_here();
  }

  // A quoted text on one line, without its quotes; nullopt (at the same place) when the
  // quote does not close on its line.
  std::optional<std::string_view> quoted() {
    if (peek() != '"') return std::nullopt;
    std::size_t end = p_ + 1;
    while (end < s_.size() && s_[end] != '"' && s_[end] != '\n') ++end;
    if (end >= s_.size() || s_[end] != '"') return std::nullopt;
    std::string_view out = s_.substr(p_ + 1, end - p_ - 1);
    p_ = end + 1;
    return out;
  }

  // --- statements -----------------------------------------------------------------------

  struct name_token {
    std::string_view text;
    bool quoted = false;
    location site;
  };

  std::optional<name_token> entity_name() {
    skip_blanks();
    name_token n;
    n.site = at(p_);
    if (peek() == '"') {
      auto q = quoted();
      if (!q || q->empty()) return std::nullopt;
      n.text = *q;
      n.quoted = true;
      return n;
    }
    // Not `-`, `.` or `*` first: Mermaid reads `--`, `..` and `.-` as lines.
    const char c = peek();
    if (!word_char(c) && static_cast<unsigned char>(c) < 0x80) return std::nullopt;
    std::size_t end = p_;
    while (end < s_.size() && entity_name_char(s_[end])) ++end;
    n.text = s_.substr(p_, end - p_);
    p_ = end;
    return n;
  }

  // The cardinality marker a text starts with, on either side of a relationship's line.
  static std::optional<cardinality> marker_at(std::string_view text) {
    static constexpr std::pair<std::string_view, cardinality> markers[] = {
        {"|o", cardinality::zero_or_one},  {"o|", cardinality::zero_or_one},
        {"||", cardinality::exactly_one},  {"}o", cardinality::zero_or_more},
        {"o{", cardinality::zero_or_more}, {"}|", cardinality::one_or_more},
        {"|{", cardinality::one_or_more},
    };
    for (auto [marker, card] : markers)
      if (text.starts_with(marker)) return card;
    return std::nullopt;
  }

  std::optional<cardinality> marker() {
    skip_blanks();
    auto card = marker_at(s_.substr(p_));
    if (card) p_ += 2;
    return card;
  }

  // Statements that are not schema (styling, titles, direction, subgraph lines) are skipped
  // by their first word; `accDescr {` runs to its `}`. A keyword followed by what follows an
  // entity's name (`CLASS {`, `STYLE ||--o{ X`) is an entity's name.
  bool skip_keyword_statement(std::string_view word) {
    static constexpr std::string_view keywords[] = {"direction", "style",    "classdef",
                                                    "class",     "title",    "acctitle",
                                                    "accdescr",  "subgraph", "end"};
    skip_blanks();
    const std::string_view rest = s_.substr(p_);
    const bool accdescr = iequals(word, "accdescr");
    if ((rest.starts_with('{') && !accdescr) || rest.starts_with('[') || rest.starts_with(":::") ||
        marker_at(rest))
      return false;
    for (std::string_view k : keywords)
      if (iequals(word, k)) {
        if (accdescr && peek() == '{') {
          const std::size_t close = s_.find('}', p_);
          p_ = close == std::string_view::npos ? s_.size() : close + 1;
        } else {
          skip_line();
        }
        return true;
      }
    return false;
  }

  std::size_t entity_of(const name_token& n) {
    auto [it, fresh] = index_.try_emplace(std::string(n.text), entities.size());
    if (fresh) {
      entity& e = entities.emplace_back();
      e.id = std::string(n.text);
      e.quoted = n.quoted;
      e.site = n.site;
    }
    return it->second;
  }

  // `:::class` or `:::a,b` after an entity's name: styling, skipped.
  bool skip_classes() {
    skip_blanks();
    if (!s_.substr(p_).starts_with(":::")) return true;
    p_ += 3;
    skip_blanks();
    std::size_t start = p_;
    while (p_ < s_.size() && (entity_name_char(s_[p_]) || s_[p_] == ',')) ++p_;
    return p_ > start;
  }

  // One statement from its first word; false when it cannot be read.
  bool statement() {
    auto name = entity_name();
    if (!name) return false;
    if (!name->quoted && skip_keyword_statement(name->text)) return true;
    std::optional<name_token> label;
    skip_blanks();
    if (peek() == '[') {
      ++p_;
      label = entity_name();
      skip_blanks();
      if (!label || peek() != ']') return false;
      ++p_;
    }
    if (!skip_classes()) return false;
    skip_blanks();
    if (peek() == '{') {
      ++p_;
      std::vector<attribute> read;
      if (!block(read)) return false;
      entity& e = entities[entity_of(*name)];
      define(e, *name, label);
      for (attribute& a : read) e.attributes.push_back(std::move(a));
      return true;
    }
    if (!at_line_end()) return label ? false : relationship_from(*name);
    entity& e = entities[entity_of(*name)];
    if (label) define(e, *name, label);
    return true;
  }

  // An entity's block or label defines it there; its first label names its table.
  void define(entity& e, const name_token& name, const std::optional<name_token>& label) {
    if (!e.defined) {
      e.defined = true;
      e.site = name.site;
    }
    if (label && !e.has_label) {
      e.has_label = true;
      e.label = std::string(label->text);
      e.label_quoted = label->quoted;
    }
  }

  bool relationship_from(const name_token& left) {
    relationship r;
    r.site = left.site;
    auto left_card = marker();
    if (!left_card) return false;
    skip_blanks();
    if (!(s_.substr(p_).starts_with("--") || s_.substr(p_).starts_with("..") ||
          s_.substr(p_).starts_with(".-") || s_.substr(p_).starts_with("-.")))
      return false;
    p_ += 2;
    auto right_card = marker();
    if (!right_card) return false;
    auto right = entity_name();
    if (!right || !skip_classes()) return false;
    skip_blanks();
    if (peek() != ':') return false;
    ++p_;
    skip_blanks();
    r.label_site = at(p_);
    if (peek() == '"') {
      auto q = quoted();
      if (!q) return false;
      r.label = std::string(*q);
    } else {
      auto word = entity_name();
      if (!word) return false;
      r.label = std::string(word->text);
    }
    r.left = entity_of(left);
    r.right = entity_of(*right);
    r.left_card = *left_card;
    r.right_card = *right_card;
    relationships.push_back(std::move(r));
    return true;
  }

  // An attribute word at the cursor: a run of attribute characters, or a `` `quoted` `` one
  // on one line.
  std::optional<std::string_view> attribute_word() {
    if (peek() == '`') {
      const std::size_t close = s_.find_first_of("`\n", p_ + 1);
      if (close == std::string_view::npos || s_[close] != '`' || close == p_ + 1)
        return std::nullopt;
      std::string_view out = s_.substr(p_ + 1, close - p_ - 1);
      p_ = close + 1;
      return out;
    }
    if (!attribute_start(peek()) || key_here()) return std::nullopt;
    const std::size_t start = p_;
    while (p_ < s_.size() && attribute_char(s_[p_])) ++p_;
    return s_.substr(start, p_ - start);
  }

  // `PK`, `FK` or `UK`, in any case, as a word of its own.
  bool key_here() const {
    const char a = ascii_lower(peek()), b = ascii_lower(peek(1));
    return (a == 'p' || a == 'f' || a == 'u') && b == 'k' && !word_char(peek(2));
  }

  // The attributes up to the block's `}`; false, having read to the end, when it has none.
  // An attribute that cannot be read is skipped to its line's end (or the `}` on it).
  bool block(std::vector<attribute>& out) {
    while (true) {
      skip_space();
      if (p_ >= s_.size()) return false;
      if (peek() == '}') {
        ++p_;
        return true;
      }
      if (comment_here()) {
        skip_line();
        continue;
      }
      if (auto a = attribute_here()) {
        out.push_back(std::move(*a));
        continue;
      }
      while (p_ < s_.size() && s_[p_] != '\n' && s_[p_] != '}') ++p_;
    }
  }

  // `type name [KEY[, KEY]…] ["comment"]`, all on one line.
  std::optional<attribute> attribute_here() {
    const std::size_t start = p_;
    auto type = attribute_word();
    if (!type) return std::nullopt;
    if (peek() == '?') ++p_;  // Mermaid's optional-type mark: not part of the type
    skip_blanks();
    auto name = attribute_word();
    if (!name) return std::nullopt;
    attribute a;
    a.site = at(start);
    // Mermaid words cannot hold spaces: `double-precision` is `double precision`.
    std::string t(*type);
    if (!s_.substr(start).starts_with('`'))
      for (char& c : t)
        if (c == '-') c = ' ';
    a.type = collapse_space(t);
    a.name = std::string(*name);
    skip_blanks();
    while (key_here()) {
      const char k = ascii_lower(peek());
      a.primary |= k == 'p';
      a.foreign |= k == 'f';
      a.unique |= k == 'u';
      p_ += 2;
      skip_blanks();
      if (peek() != ',') break;
      ++p_;
      skip_blanks();
      if (!key_here()) return std::nullopt;
    }
    if (peek() == '"' && !quoted()) return std::nullopt;
    // A blank, the block's end, a comment or the line's end follows.
    if (p_ < s_.size() && !is_blank(s_[p_ - 1]) && !is_blank(peek()) && peek() != '\n' &&
        peek() != '}' && !comment_here())
      return std::nullopt;
    return a;
  }

  std::string_view s_;
  file_id file_;
  const code_block& block_;
  std::uint32_t column_base_ = 0;
  std::size_t p_ = 0;
  std::size_t seen_ = 0, line_start_ = 0;
  std::uint32_t line_ = 0;
  std::unordered_map<std::string, std::size_t> index_;
};

// Turns the parsed entities and relationships into facts.
class fact_writer {
 public:
  fact_writer(diagram_parser& d, const read_context& ctx, file_facts& out)
      : d_(d), ctx_(ctx), out_(out) {}

  void run() {
    for (entity& e : d_.entities) {
      const bool quoted = e.has_label ? e.label_quoted : e.quoted;
      const std::string_view name = e.has_label ? e.label : e.id;
      // An unquoted name is an identifier; a quoted one may hold anything but its quotes.
      if (quoted || valid_name(name, true)) e.table = table_name(name, quoted);
      if (!e.table.empty()) entity_facts(e);
    }
    index_entities();
    for (const relationship& r : d_.relationships)
      if (!d_.entities[r.left].table.empty() && !d_.entities[r.right].table.empty())
        relationship_fact(r);
  }

 private:
  void entity_facts(const entity& e) {
    out_.tables.emplace_back(e.table, e.site);
    if (e.attributes.empty()) return;
    const std::uint32_t block = out_.next_block();
    for (const attribute& a : e.attributes) {
      auto name = valid_name(a.name, true);
      if (!name) continue;
      column_decl c;
      c.site = a.site;
      c.source = fact_source::column_table;
      c.block = block;
      c.primary_key = a.primary;
      c.unique = a.unique;
      opt_text type;
      if (!a.type.empty()) type = a.type;
      c.set_texts(ctx_.texts, type, std::nullopt, std::nullopt);
      out_.columns.push_back({e.table, *name, std::move(c)});
    }
  }

  // The names an FK attribute may have when it names an entity: the entity's id or table
  // (and each without a plural `s`, `es`, or with `ies` as `y`), alone or followed by `id` or
  // the entity's primary key, squeezed.
  static std::vector<std::string> naming(const entity& e, const std::optional<std::string>& pk) {
    std::vector<std::string> stems;
    for (std::string_view n : {std::string_view(e.id), std::string_view(e.table)}) {
      std::string s = squeezed(n);
      if (s.empty()) continue;
      stems.push_back(s);
      if (s.ends_with("ies")) stems.push_back(s.substr(0, s.size() - 3) + "y");
      if (s.ends_with("es")) stems.push_back(s.substr(0, s.size() - 2));
      if (s.ends_with('s')) stems.push_back(s.substr(0, s.size() - 1));
    }
    std::vector<std::string> out;
    for (const std::string& s : stems)
      for (std::string_view tail : {std::string_view(), std::string_view("id"),
                                    pk ? std::string_view(*pk) : std::string_view()}) {
        std::string n = s + squeezed(tail);
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
      }
    return out;
  }

  // The entity's one PK attribute, or nullopt (none, or a composite key).
  static std::optional<std::string> primary_key(const entity& e) {
    std::optional<std::string> out;
    for (const attribute& a : e.attributes)
      if (a.primary) {
        if (out) return std::nullopt;
        out = a.name;
      }
    return out;
  }

  // Per entity, once: its primary key, the names that name it, its FK attributes by name
  // and by squeezed name; and which entity each squeezed name names. A relationship then
  // costs the same however many attributes its entities have.
  void index_entities() {
    const std::size_t n = d_.entities.size();
    pk_.resize(n);
    names_.resize(n);
    fk_names_.resize(n);
    fk_exact_.resize(n);
    fk_count_.assign(n, 0);
    only_fk_.assign(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      const entity& e = d_.entities[i];
      pk_[i] = primary_key(e);
      names_[i] = naming(e, pk_[i]);
      for (const attribute& a : e.attributes) {
        if (!a.foreign) continue;
        ++fk_count_[i];
        only_fk_[i] = &a;
        fk_exact_[i].insert(a.name);
        auto [it, fresh] = fk_names_[i].try_emplace(squeezed(a.name), &a);
        if (!fresh) it->second = nullptr;  // two FK attributes of one name: neither is chosen
      }
      for (const std::string& name : names_[i]) {
        auto [it, fresh] = named_by_.try_emplace(name, i);
        if (!fresh && it->second != i) it->second = ambiguous;
      }
    }
    // How many relationships without columns in their label may take each entity's FK.
    unlabelled_child_.assign(d_.entities.size(), 0);
    for (const relationship& r : d_.relationships) {
      if (parse_label(r.label)) continue;
      for (std::size_t c : children(r)) ++unlabelled_child_[c];
    }
  }

  // The entities that may hold the key: the many side, or either side of a one-to-one.
  static std::vector<std::size_t> children(const relationship& r) {
    const bool left_many = many(r.left_card), right_many = many(r.right_card);
    if (left_many && right_many) return {};
    if (left_many) return {r.left};
    if (right_many || r.left == r.right) return {r.right};
    return {r.left, r.right};
  }

  static std::size_t other(const relationship& r, std::size_t child) {
    return child == r.left ? r.right : r.left;
  }

  // The child's FK attribute for its parent, when the diagram says which without doubt: the
  // one FK attribute that names the parent, else its only FK attribute when that names no
  // other entity and no other relationship could take it.
  const attribute* fk_attribute(std::size_t child, std::size_t parent) const {
    const attribute* found = nullptr;
    for (const std::string& n : names_[parent]) {
      auto it = fk_names_[child].find(n);
      if (it == fk_names_[child].end()) continue;
      if (!it->second || (found && found != it->second)) return nullptr;
      found = it->second;
    }
    if (found) return found;
    if (fk_count_[child] != 1 || unlabelled_child_[child] != 1) return nullptr;
    auto named = named_by_.find(squeezed(only_fk_[child]->name));
    if (named != named_by_.end() && named->second != parent) return nullptr;
    return only_fk_[child];
  }

  bool names_entity(std::string_view written, const entity& e) const {
    return iequals(written, e.id) || iequals(written, e.table) ||
           (e.has_label && iequals(written, e.label));
  }

  bool has_fk_attribute(std::size_t e, const std::string& name) const {
    return fk_exact_[e].count(name) > 0;
  }

  void relationship_fact(const relationship& r) {
    const std::vector<std::size_t> candidates = children(r);
    if (candidates.empty()) return;
    if (auto cols = parse_label(r.label)) {
      std::optional<std::size_t> child;
      for (std::size_t c : candidates) {
        if (!cols->child_table.empty() && !names_entity(cols->child_table, d_.entities[c]))
          continue;
        if (!cols->parent_table.empty() &&
            !names_entity(cols->parent_table, d_.entities[other(r, c)]))
          continue;
        // A one-to-one without tables in its label: the side with that FK attribute.
        if (candidates.size() == 2 && cols->child_table.empty() &&
            !has_fk_attribute(c, cols->child_column))
          continue;
        if (child) return;  // both sides fit: which one holds the key is not said
        child = c;
      }
      if (!child) return;
      fk_decl k = key_to(other(r, *child), cols->parent_column, r);
      if (!cols->on_delete.empty())
        k.on_delete = make_action(cols->on_delete, r.label_site, ctx_.texts);
      out_.fks.push_back({d_.entities[*child].table, {cols->child_column}, std::move(k)});
      return;
    }
    std::optional<std::pair<std::size_t, const attribute*>> found;
    for (std::size_t c : candidates) {
      const std::size_t parent = other(r, c);
      const attribute* a = fk_attribute(c, parent);
      if (!a || !pk_[parent]) continue;
      if (found) return;
      found = {c, a};
    }
    if (!found) return;
    auto column = valid_name(found->second->name, true);
    if (!column) return;
    const std::size_t parent = other(r, found->first);
    out_.fks.push_back(
        {d_.entities[found->first].table, {*column}, key_to(parent, *pk_[parent], r)});
  }

  fk_decl key_to(std::size_t parent, const std::string& column, const relationship& r) const {
    fk_decl k;
    k.site = r.site;
    k.source = fact_source::column_table;
    k.parent_table = d_.entities[parent].table;
    k.parent_columns = {column};
    return k;
  }

  static constexpr std::size_t ambiguous = static_cast<std::size_t>(-1);

  diagram_parser& d_;
  const read_context& ctx_;
  file_facts& out_;
  std::vector<std::optional<std::string>> pk_;
  std::vector<std::vector<std::string>> names_;
  std::vector<std::unordered_map<std::string, const attribute*>> fk_names_;
  std::vector<std::unordered_set<std::string>> fk_exact_;
  std::vector<std::size_t> fk_count_;
  std::vector<const attribute*> only_fk_;
  std::unordered_map<std::string, std::size_t> named_by_;  ///< squeezed name → the entity
  std::vector<std::size_t> unlabelled_child_;
};

class mermaid_er_reader final : public reader {
 public:
  std::string_view name() const override { return "mermaid-er"; }
  unsigned kinds() const override { return fenced_kind; }

  bool accepts(const code_block& b, const read_context& ctx) const override {
    return ctx.role == file_role::doc && b.info == "mermaid" && diagram_start(b.text);
  }

  void read(const code_block& b, const read_context& ctx, file_facts& out) const override {
    const std::optional<std::size_t> start = diagram_start(b.text);
    if (!start) return;
    diagram_parser d(b, ctx.file);
    d.run(*start);
    fact_writer(d, ctx, out).run();
  }
};

const mermaid_er_reader mermaid_er_instance;

}  // namespace

namespace readers {
const reader& mermaid_er = mermaid_er_instance;
}  // namespace readers

}  // namespace speclint::load
