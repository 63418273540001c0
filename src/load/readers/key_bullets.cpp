// key-bullets: list items under a keys heading (`Foreign keys`, `Constraints`, `Relations`,
// `Keys`, `Indexes`, …) inside a table's section, each stating one key of that table:
//
//   - `fk_orders_user`: user_id → users(id)        - PRIMARY KEY: id
//   - user_id -> users.id (ON DELETE CASCADE)      - Primary key: (a, b)
//   - user_id references users(id) on delete set null
//   - FOREIGN KEY (user_id) REFERENCES users(id)   - UNIQUE (email)   - Unique: email
//
// Each item becomes `ALTER TABLE t ADD [CONSTRAINT name] <key>` and is read with PostgreSQL's
// grammar (sql.cpp), as constraint-table reads its rows, at the item's line.

#include <array>

#include "../cells.hpp"
#include "../sql.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// A heading of the part of a table's section that lists its keys; a section number before it
// (`3.`, `3.2`, `3)`) does not count.
bool is_keys_heading(std::string_view text) {
  static constexpr std::array<std::string_view, 12> names{"constraints",      "foreign key",
                                                          "foreign keys",     "indexes",
                                                          "indices",          "keys",
                                                          "primary key",      "relations",
                                                          "relationships",    "unique constraints",
                                                          "keys and indexes", "references"};
  std::string_view s = trim(text);
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.' || s[n] == ')')) ++n;
  if (n > 0 && n < s.size() && s[n] == ' ') s = trim(s.substr(n));
  if (s.ends_with(':')) s.remove_suffix(1);
  for (std::string_view name : names)
    if (iequals(s, name)) return true;
  return false;
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c == '"';
}

// Removes `word` (any case, a whole word) from the start of `s`; true when it was there.
bool take_word(std::string_view& s, std::string_view word) {
  s = trim(s);
  if (s.size() < word.size() || !iequals(s.substr(0, word.size()), word)) return false;
  if (s.size() > word.size() && name_char(s[word.size()])) return false;
  s = trim(s.substr(word.size()));
  return true;
}

bool take(std::string_view& s, std::string_view token) {
  s = trim(s);
  if (!s.starts_with(token)) return false;
  s = trim(s.substr(token.size()));
  return true;
}

// One name at the start of `s` (letters, digits, `_`, `$`, `"`, and `.` when `dots`).
std::string take_name(std::string_view& s, bool dots) {
  s = trim(s);
  std::size_t n = 0;
  while (n < s.size() && (name_char(s[n]) || (dots && s[n] == '.'))) ++n;
  std::string out(s.substr(0, n));
  s.remove_prefix(n);
  return out;
}

// A column list: `(a, b)`, or `a, b` up to the first thing that is not a name or a comma.
std::vector<std::string> take_columns(std::string_view& s) {
  std::vector<std::string> out;
  const bool parens = take(s, "(");
  do {
    std::string name = take_name(s, false);
    auto valid = valid_name(name);
    if (!valid) return {};
    out.push_back(std::move(*valid));
  } while (take(s, ","));
  if (parens && !take(s, ")")) return {};
  return out;
}

std::string column_list(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (const std::string& c : columns) {
    if (out.size() > 1) out += ", ";
    out += quoted_name(c);
  }
  return out + ")";
}

// The words of a bullet as the key they state, for `ALTER TABLE t ADD <key>`.
struct key_bullet {
  std::string constraint;  ///< the stated name, or empty
  std::string key;         ///< PRIMARY KEY (…), UNIQUE (…) or FOREIGN KEY (…) REFERENCES …
  bool foreign = false;
  std::optional<std::string> on_delete, on_update;  ///< action words as written
};

std::optional<key_bullet> parse_key_bullet(std::string_view text) {
  key_bullet out;
  std::string_view s = trim(text);
  // A name before a colon (`fk_orders_user: …`), unless it is a kind of key (`Unique: email`).
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    std::string_view before = trim(s.substr(0, colon));
    static constexpr std::array<std::string_view, 8> kinds{"unique",  "pk",      "uk",  "fk",
                                                           "primary", "foreign", "key", "index"};
    bool kind = false;
    for (std::string_view k : kinds) kind |= iequals(before, k);
    if (auto name = valid_name(before); name && !kind) {
      out.constraint = *name;
      s = trim(s.substr(colon + 1));
    }
  }
  std::vector<std::string> columns;
  if (take_word(s, "primary") || take_word(s, "pk")) {
    take_word(s, "key");
    take(s, ":");
    columns = take_columns(s);
    if (columns.empty()) return std::nullopt;
    out.key = "PRIMARY KEY " + column_list(columns);
    return out;
  }
  if (take_word(s, "unique") || take_word(s, "uk")) {
    if (!take_word(s, "key")) take_word(s, "constraint");
    take(s, ":");
    columns = take_columns(s);
    if (columns.empty()) return std::nullopt;
    out.key = "UNIQUE " + column_list(columns);
    return out;
  }
  if (take_word(s, "foreign") && !take_word(s, "key")) return std::nullopt;
  take_word(s, "fk");
  take(s, ":");
  columns = take_columns(s);
  if (columns.empty()) return std::nullopt;
  if (!take(s, "\u2192") && !take(s, "->") && !take_word(s, "references")) return std::nullopt;
  std::string table = take_name(s, true);
  std::vector<std::string> parent;
  std::string_view rest = s;
  if (trim(rest).starts_with('(')) parent = take_columns(rest);
  if (!parent.empty()) {
    s = rest;
  } else if (auto dot = table.rfind('.'); dot != std::string::npos) {
    // `users.id`: a table and its column, as the other notations read it.
    parent = {table.substr(dot + 1)};
    table.resize(dot);
  }
  auto valid = valid_name(table);
  if (!valid || valid->empty() || (!parent.empty() && !valid_name(parent.front())))
    return std::nullopt;
  out.key = "FOREIGN KEY " + column_list(columns) + " REFERENCES " + quoted_name(*valid) +
            (parent.empty() ? std::string() : " " + column_list(parent));
  out.foreign = true;
  out.on_delete = find_action_after(s, true);
  out.on_update = find_action_after(s, false);
  for (const auto& [words, clause] :
       {std::pair{&out.on_delete, " ON DELETE "}, std::pair{&out.on_update, " ON UPDATE "}})
    if (*words)
      if (auto kind = parse_action(**words)) out.key += clause + std::string(to_sql(*kind));
  return out;
}

class key_bullets_reader final : public reader {
 public:
  std::string_view name() const override { return "key-bullets"; }
  unsigned kinds() const override { return item_kind; }

  bool accepts(const list_item& item, const read_context& ctx) const override {
    return ctx.role == file_role::doc && !ctx.table.empty() && !item.checkbox &&
           is_keys_heading(ctx.heading) && parse_key_bullet(item.text).has_value();
  }

  void read(const list_item& item, const read_context& ctx, file_facts& out) const override {
    std::optional<key_bullet> k = parse_key_bullet(item.text);
    if (!k) return;
    // The key falls on the item's line, at its text's column; the line above holds the rest.
    const location at = item.text_site;
    code_block b;
    b.info = "sql";
    b.site = at;
    b.first_line = at.line > 0 ? at.line - 1 : 0;
    b.text = "ALTER TABLE " + quoted_name(ctx.table) + " ADD\n";
    if (!k->constraint.empty()) b.text += "CONSTRAINT " + quoted_name(k->constraint) + " ";
    b.text += k->key + ";";
    const std::size_t first_fk = out.fks.size();
    read_sql(b, ctx.file, ctx.texts, out);
    // A bullet is not DDL: an action it does not write is not stated, one PostgreSQL does not
    // know is kept as written, and each is placed at the item.
    for (std::size_t i = first_fk; i < out.fks.size(); ++i) {
      fk_decl& fk = out.fks[i].decl;
      for (auto [stated, words] :
           {std::pair{&fk.on_delete, &k->on_delete}, std::pair{&fk.on_update, &k->on_update}}) {
        if (!*words)
          stated->reset();
        else if (!parse_action(**words))
          *stated = make_action(**words, fk.site, ctx.texts);
        else if (*stated)
          (*stated)->site = fk.site;  // its place in the made-up statement is nowhere in the doc
      }
    }
  }
};

const key_bullets_reader key_bullets_instance;

}  // namespace

namespace readers {
const reader& key_bullets = key_bullets_instance;
}  // namespace readers

}  // namespace speclint::load
