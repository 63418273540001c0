// field-bullets: list items in a table's section that define one column each:
//
//   - `user_id (integer not null references users(id) on delete cascade)`
//   - `email` (text, unique, not null): the address we write to
//
// The first is an SQL column definition, read with PostgreSQL's grammar (sql.cpp) as
// `ALTER TABLE t ADD COLUMN`; the second, a type and a few key and nullability words, is
// turned into the same statement and read only when PostgreSQL accepts it.

#include "../cells.hpp"
#include "../sql.hpp"
#include "../table_names.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// A column as an item states it: its name and its definition as SQL.
struct field_bullet {
  std::string name, definition;
  bool sql = false;              ///< the item is SQL as written (the first form)
  bool states_nullable = false;  ///< the second form names its nullability
};

// The text inside the parentheses that open `s` (after spaces), up to the matching one.
std::optional<std::string_view> parenthesized(std::string_view s, std::string_view* rest) {
  s = trim(s);
  if (!s.starts_with('(')) return std::nullopt;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) {
      if (rest) *rest = s.substr(i + 1);
      return s.substr(1, i - 1);
    }
  }
  return std::nullopt;
}

// A type as the second form writes it: words, digits and a length (`numeric(10,2)`).
bool simple_type(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == ' ' || c == '(' || c == ')' || c == ',' || c == '[' || c == ']'))
      return false;
  return true;
}

// The parts of a list between commas outside parentheses (`numeric(10,2), unique`), trimmed.
std::vector<std::string> top_level_parts(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '(') ++depth;
    if (i < s.size() && s[i] == ')') --depth;
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      out.push_back(collapse_space(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

std::optional<field_bullet> parse_field_bullet(const list_item& item) {
  if (item.codes.empty() || !item.marked.starts_with('`')) return std::nullopt;
  const std::string& code = item.codes.front();
  field_bullet out;
  // `name (definition)`, the whole code span, prose after it.
  if (std::size_t space = code.find(' '); space != std::string::npos && code.ends_with(')')) {
    std::string_view rest;
    auto def = parenthesized(std::string_view(code).substr(space), &rest);
    auto name = valid_name(std::string_view(code).substr(0, space));
    if (!def || !name || !trim(rest).empty() || trim(*def).empty()) return std::nullopt;
    out.name = *name;
    out.definition = collapse_space(*def);
    out.sql = true;
    return out;
  }
  // `name` (type, word, …), then anything.
  auto name = valid_name(code);
  if (!name) return std::nullopt;
  std::string_view after = std::string_view(item.marked).substr(code.size() + 2);
  auto list = parenthesized(after, nullptr);
  if (!list) return std::nullopt;
  std::vector<std::string> parts = top_level_parts(*list);
  if (parts.empty() || !simple_type(parts.front())) return std::nullopt;
  out.name = *name;
  out.definition = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string w = to_lower(collapse_space(parts[i]));
    if (w == "unique") {
      out.definition += " UNIQUE";
    } else if (w == "primary key" || w == "pk") {
      out.definition += " PRIMARY KEY";
    } else if (w == "not null" || w == "required") {
      out.definition += " NOT NULL";
      out.states_nullable = true;
    } else if (w == "null" || w == "nullable" || w == "optional") {
      out.definition += " NULL";
      out.states_nullable = true;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// `status`: one of `active`, `archived`: the values of one column, by its name or as
// `table.column`, then `:` or a dash, then text that lists them after "one of".
struct values_bullet {
  std::string table, column;
  std::vector<std::string> values;
};

std::optional<values_bullet> parse_values_bullet(const list_item& item, std::string_view table) {
  if (item.codes.empty() || !item.marked.starts_with('`')) return std::nullopt;
  const std::string& code = item.codes.front();
  auto name = valid_name(code);
  if (!name) return std::nullopt;
  std::string_view after = trim(std::string_view(item.marked).substr(code.size() + 2));
  bool separated = false;
  for (std::string_view dash : {":", "-", "\u2013", "\u2014"})
    if (after.starts_with(dash)) {
      after.remove_prefix(dash.size());
      separated = true;
      break;
    }
  if (!separated) return std::nullopt;
  auto listed = values_after_one_of(after);
  if (!listed) return std::nullopt;
  values_bullet out{std::string(table), *name, std::move(*listed)};
  if (auto dot = name->rfind('.'); dot != std::string::npos) {
    out.table = name->substr(0, dot);
    out.column = name->substr(dot + 1);
  }
  return out;
}

class field_bullets_reader final : public reader {
 public:
  std::string_view name() const override { return "field-bullets"; }
  unsigned kinds() const override { return item_kind; }

  bool accepts(const list_item& item, const read_context& ctx) const override {
    // A list under `Deleting `t`` says what a delete does to each table it names: `- `sessions`
    // (deleted)` there is no column of type `deleted`.
    return ctx.role == file_role::doc && !ctx.table.empty() && !item.checkbox &&
           !deleted_table_of(ctx.heading) &&
           (parse_field_bullet(item) || parse_values_bullet(item, ctx.table));
  }

  void read(const list_item& item, const read_context& ctx, file_facts& out) const override {
    if (auto v = parse_values_bullet(item, ctx.table)) {
      out.values.push_back(
          {std::move(v->table), std::move(v->column), {std::move(v->values), item.text_site}});
      return;
    }
    std::optional<field_bullet> f = parse_field_bullet(item);
    if (!f) return;
    const location at = item.text_site;
    code_block b;
    b.info = "sql";
    b.site = at;
    b.first_line = at.line > 0 ? at.line - 1 : 0;
    b.text = "ALTER TABLE " + quoted_name(ctx.table) + " ADD COLUMN\n" + quoted_name(f->name) +
             " " + f->definition + ";";
    if (!f->sql) {
      // Words that are not SQL after all (`(text, see below)` passed the shape, not the
      // grammar) are prose: read nothing rather than report a syntax error nobody wrote.
      file_facts trial;
      read_sql(b, ctx.file, ctx.texts, trial);
      if (!trial.issues.empty()) return;
    }
    const std::size_t first_column = out.columns.size(), first_fk = out.fks.size(),
                      first_index = out.indexes.size();
    read_sql(b, ctx.file, ctx.texts, out);
    // The statement is made up around the item's words: every fact is placed at the item.
    for (std::size_t i = first_column; i < out.columns.size(); ++i) {
      column_decl& d = out.columns[i].decl;
      d.site = at;
      if (!f->sql && !f->states_nullable && !d.primary_key) d.nullable.reset();
    }
    for (std::size_t i = first_fk; i < out.fks.size(); ++i) {
      fk_decl& fk = out.fks[i].decl;
      fk.site = at;
      for (auto* a : {&fk.on_delete, &fk.on_update})
        if (*a) (*a)->site = at;
    }
    for (std::size_t i = first_index; i < out.indexes.size(); ++i) out.indexes[i].second.site = at;
  }
};

const field_bullets_reader field_bullets_instance;

}  // namespace

namespace readers {
const reader& field_bullets = field_bullets_instance;
}  // namespace readers

}  // namespace speclint::load
