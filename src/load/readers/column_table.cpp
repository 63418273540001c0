// column-table: a GFM table under a table's heading whose header has a name column and a
// Type column; each row declares a column, and a References cell a foreign key. With a
// Definition column instead of a Type, each row's SQL definition is read by PostgreSQL's
// grammar (sql.cpp).

#include "../cells.hpp"
#include "../sql.hpp"
#include "../table_header.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// The key mark some docs put beside a key column (U+1F511); removed from the text, true when
// it was there.
bool strip_key_mark(std::string& text) {
  static constexpr std::string_view mark = "\U0001F511";
  const std::size_t at = text.find(mark);
  if (at == std::string::npos) return false;
  text.erase(at, mark.size());
  text = std::string(trim(text));
  return true;
}

enum class key_kind { none, primary, unique, index };

// A Key cell: `PRI`, `PK`, `PRIMARY` (MySQL's DESCRIBE, hand-written docs) make the column part
// of the primary key; `UNI`, `UK`, `UNIQUE` unique; `MUL` the first column of an index that
// is not unique; `FK` says nothing more.
key_kind parse_key_cell(std::string_view text) {
  key_kind out = key_kind::none;
  for (const std::string& word : split_list(to_lower(text), ' ')) {
    std::string w;
    for (char c : word)
      if (c != ',' && c != ';' && c != '/' && c != '(' && c != ')') w += c;
    if (w == "pri" || w == "pk" || w == "primary") return key_kind::primary;
    if (w == "uni" || w == "uk" || w == "unique") out = key_kind::unique;
    if (w == "mul" && out == key_kind::none) out = key_kind::index;
  }
  return out;
}

// A reference after the type in a Type cell (`bigint FK → users.id`, `int FK→users`,
// `uuid -> users`, `uuid → users(id)`): the target, with the type left before it.
std::optional<column_ref> split_type_reference(std::string& type) {
  std::size_t at = type.find("\u2192"), len = 3;
  if (std::size_t ascii = type.find("->"); ascii < at) at = ascii, len = 2;
  if (at == std::string::npos) return std::nullopt;
  auto target = parse_target_ref(std::string_view(type).substr(at + len));
  if (!target) return std::nullopt;
  std::string_view before = trim(std::string_view(type).substr(0, at));
  if (before.ends_with(':')) before = trim(before.substr(0, before.size() - 1));
  if (before.size() >= 2 && iequals(before.substr(before.size() - 2), "fk") &&
      (before.size() == 2 || before[before.size() - 3] == ' '))
    before = trim(before.substr(0, before.size() - 2));
  type = std::string(before);
  return target;
}

// A Required cell: yes (or ✓, true) means NOT NULL; the words `required` and `optional` mean
// what they say.
std::optional<bool> required_to_nullable(std::string_view text) {
  const std::string s = to_lower(trim(text));
  if (s == "required" || s == "optional") return parse_nullable(s);
  if (auto yes = parse_nullable(s)) return !*yes;
  return std::nullopt;
}

// A Notes or Description cell that says "primary key", in any case, alone or before `.`,
// `,`, `;` or `(` ("Primary key, generated"); not "primary key of the owner".
bool starts_with_primary_key(std::string_view text) {
  const std::string s = to_lower(trim(text));
  constexpr std::string_view words = "primary key";
  if (!s.starts_with(words)) return false;
  return s.size() == words.size() ||
         std::string_view(".,;(").find(s[words.size()]) != std::string_view::npos;
}

// A type that ends in `?` (`text?`, TypeScript's and Prisma's optional mark).
bool optional_mark(std::string_view type) {
  return type.size() > 1 && type.back() == '?';
}

// True when the text starts with ALTER TABLE (any case): a whole statement in a cell.
bool starts_with_alter_table(std::string_view text) {
  text = trim(text);
  return text.size() > 12 && iequals(text.substr(0, 12), "alter table ");
}

// A Definition column: each row's cell is the SQL definition of the row's column.
int definition_header(const table_row& header) {
  return find_header(header, {"definition", "columndefinition", "sqldefinition", "ddl"});
}

// `| Column | Definition |`: no Type, and not a table of constraints.
bool is_definition_table(const gfm_table& t) {
  const table_row& header = t.rows.front();
  // A plain `Name` is how generated docs head their lists of indexes, triggers and views
  // (`| Name | Definition |`): only a column's own header makes it a table of columns.
  return find_header(header, {"column", "field", "columnname", "fieldname", "attribute"}) >= 0 &&
         definition_header(header) >= 0 && type_header(header) < 0 &&
         find_header(header, {"columns"}) < 0 && !is_constraint_table(t);
}

// Reads a cell as SQL: a whole ALTER TABLE statement as it is, else the definition of
// `column` as `ALTER TABLE t ADD COLUMN`, with its declaration placed at `name_site`.
void read_sql_cell(const table_cell& cell, std::string_view table, std::string_view column,
                   location name_site, const read_context& ctx, file_facts& out) {
  std::string def = collapse_space(cell.plain);
  code_block b;
  b.info = "sql";
  b.site = cell.site;
  b.first_line = cell.site.line;
  if (starts_with_alter_table(def)) {
    b.text = def;
    if (!b.text.ends_with(';')) b.text += ';';
    read_sql(b, ctx.file, ctx.texts, out);
    return;
  }
  // The definition's characters fall on their own columns of the row, the rest of the
  // statement on the line above.
  const std::string lead = quoted_name(column) + " ";
  b.text = "ALTER TABLE " + quoted_name(table) + " ADD COLUMN\n" + lead + def + ";";
  b.first_line = cell.site.line - 1;
  b.site.column = cell.site.column > lead.size()
                      ? cell.site.column - static_cast<std::uint32_t>(lead.size())
                      : 1;
  const std::size_t first = out.columns.size();
  read_sql(b, ctx.file, ctx.texts, out);
  for (std::size_t i = first; i < out.columns.size(); ++i) out.columns[i].decl.site = name_site;
}

// True when a cell says more than a type in SQL's words: a constraint the cell grammar knows,
// or CHECK, GENERATED, COLLATE.
bool states_sql_constraints(std::string_view text) {
  const cell_constraints c = parse_type_cell(text);
  if (c.nullable || c.default_value || c.primary_key || c.unique || c.references) return true;
  const std::string lower = " " + to_lower(text) + " ";
  for (std::string_view word : {" check ", " check(", " generated ", " collate "})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// A Type cell that holds a whole SQL column definition (`integer NOT NULL REFERENCES
// users(id) ON DELETE CASCADE`, perhaps continued in the row's Constraints cell), read by
// PostgreSQL's grammar in the file's dialect as the definition of an added column. What the
// text leaves out (nullability, actions) stays unstated, for the row's other cells to state.
// Its CHECK constraints go to `out`, placed at `site`. Nullopt when the text is not one column
// definition: the cell grammar reads it then.
std::optional<cell_constraints> read_sql_definition(std::string_view text, std::string_view table,
                                                    std::string_view column, location site,
                                                    const read_context& ctx, file_facts& out) {
  code_block b;
  b.info = "sql";
  b.site = site;
  b.first_line = site.line;
  b.text = "ALTER TABLE " + quoted_name(table) + " ADD COLUMN " + quoted_name(column) + " " +
           std::string(text) + ";";
  file_facts trial;
  trial.dialect = out.dialect;
  read_sql(b, ctx.file, ctx.texts, trial, ctx.reading.dialect, false);
  if (!trial.issues.empty() || trial.columns.size() != 1 || trial.fks.size() > 1)
    return std::nullopt;
  const column_decl& d = trial.columns.front().decl;
  cell_constraints c;
  if (auto type = d.type()) c.type = std::string(*type);
  c.nullable = d.nullable;
  if (auto value = d.default_value()) c.default_value = std::string(*value);
  c.primary_key = d.primary_key;
  for (const auto& [owner, ix] : trial.indexes) c.unique |= ix.unique && !ix.primary;
  if (!trial.fks.empty()) {
    const fk_decl& fk = trial.fks.front().decl;
    c.references =
        column_ref{fk.parent_table, fk.parent_columns.empty() ? "" : fk.parent_columns.front()};
    if (fk.on_delete) c.on_delete = std::string(fk.on_delete->raw);
    if (fk.on_update) c.on_update = std::string(fk.on_update->raw);
  }
  for (auto& [owner, check] : trial.checks) {
    check.site = site;
    out.checks.emplace_back(owner, std::move(check));
  }
  return c;
}

class column_table_reader final : public reader {
 public:
  std::string_view name() const override { return "column-table"; }
  unsigned kinds() const override { return table_kind; }

  bool accepts(const gfm_table& t, const read_context& ctx) const override {
    return ctx.role == file_role::doc && !ctx.table.empty() &&
           (is_column_table(t) || is_definition_table(t));
  }

  void read(const gfm_table& t, const read_context& ctx, file_facts& out) const override {
    const table_row& header = t.rows.front();
    if (type_header(header) < 0) {
      read_definitions(t, ctx, out);
      return;
    }
    // In a Required, Not null or Mandatory column, yes means NOT NULL.
    const int column = name_header(header), type = type_header(header),
              nullable = find_header(header, {"nullable", "null", "isnullable", "allownull",
                                              "allownulls", "optional"}),
              required = find_header(header, {"required", "notnull", "mandatory"}),
              key = find_header(header, {"key", "keys"}),
              default_ = find_header(header, {"default", "defaultvalue"}),
              references = find_header(
                  header, {"references", "fk", "foreignkey", "fk\u2192", "fk->", "parents"}),
              on_delete = find_header(header, {"ondelete"}),
              on_update = find_header(header, {"onupdate"}),
              constraints = find_header(header, {"constraints", "constraint"}) >= 0
                                ? find_header(header, {"constraints", "constraint"})
                                : definition_header(header),
              notes = find_header(header, {"notes", "description", "note", "comment"}),
              values = find_header(header, {"values", "allowedvalues", "possiblevalues"});
    // A Parents column (tbls) names parent tables, schema-qualified or not, never columns.
    const bool parents = references >= 0 && find_header(header, {"parents"}) == references;
    const std::string table(ctx.table);
    const std::uint32_t block = out.next_block();
    // Without a nullability column, `text?` is nullable, and once a row says so a type
    // without `?` is NOT NULL.
    bool question_marks = false;
    if (nullable < 0 && required < 0)
      for (std::size_t i = 1; i < t.rows.size() && !question_marks; ++i) {
        std::string words = cell_text(t.rows[i], type);
        split_type_reference(words);
        question_marks = optional_mark(parse_type_cell(words).type);
      }
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      const table_row& r = t.rows[i];
      std::string name = cell_text(r, column);
      // A key mark beside the name (`🔑 id`) makes the column part of the primary key.
      const bool key_mark = strip_key_mark(name);
      if (auto v = valid_name(name))
        name = *v;
      else
        continue;
      column_decl d;
      d.site = r[static_cast<std::size_t>(column)].site;
      d.source = fact_source::column_table;
      d.block = block;
      std::string type_words = cell_text(r, type);
      std::optional<column_ref> type_target = split_type_reference(type_words);
      std::string constraint_words = cell_text(r, constraints);
      // A whole statement is PostgreSQL's to read, not the cell grammar's.
      if (starts_with_alter_table(constraint_words)) {
        read_sql_cell(r[static_cast<std::size_t>(constraints)], table, name, d.site, ctx, out);
        constraint_words.clear();
      }
      // So is a whole column definition, in the Type cell or continued in the Constraints cell.
      std::optional<cell_constraints> sql_cell;
      if (!type_target && !optional_mark(type_words)) {
        const location at = r[static_cast<std::size_t>(type)].site;
        if (!is_blank_cell(constraint_words) && states_sql_constraints(constraint_words)) {
          sql_cell =
              read_sql_definition(type_words + " " + constraint_words, table, name, at, ctx, out);
          if (sql_cell) constraint_words.clear();
        }
        if (!sql_cell && states_sql_constraints(type_words))
          sql_cell = read_sql_definition(type_words, table, name, at, ctx, out);
      }
      cell_constraints type_cell = sql_cell ? std::move(*sql_cell) : parse_type_cell(type_words);
      opt_text type_text, default_text, note_text;
      const bool marked_optional = question_marks && optional_mark(type_cell.type);
      if (marked_optional)
        type_cell.type = std::string(trim(type_cell.type.substr(0, type_cell.type.size() - 1)));
      if (!type_cell.type.empty()) type_text = type_cell.type;
      cell_constraints cons = parse_constraint_cell(constraint_words, false);
      cell_constraints note_cell = parse_constraint_cell(cell_text(r, notes), true);
      std::optional<bool> is_nullable;
      if (nullable >= 0) is_nullable = parse_nullable(cell_text(r, nullable));
      if (!is_nullable && required >= 0) is_nullable = required_to_nullable(cell_text(r, required));
      std::string key_text = cell_text(r, key);
      const bool key_cell_mark = key >= 0 && strip_key_mark(key_text);
      const key_kind stated_key = parse_key_cell(key_text);
      d.primary_key = key_mark || key_cell_mark || stated_key == key_kind::primary ||
                      starts_with_primary_key(cell_text(r, notes));
      d.unique = stated_key == key_kind::unique;
      for (const auto* c : {&type_cell, &cons, &note_cell}) {
        if (!is_nullable && c->nullable) is_nullable = c->nullable;
        if (!default_text && c->default_value) default_text = *c->default_value;
        d.primary_key |= c->primary_key;
        d.unique |= c->unique;
      }
      if (!is_nullable && question_marks && !type_cell.type.empty()) is_nullable = marked_optional;
      // What the team configured a bare type to mean.
      if (!is_nullable && ctx.reading.nullable_by_default && !type_cell.type.empty())
        is_nullable = *ctx.reading.nullable_by_default;
      d.nullable = is_nullable;
      std::string def = cell_text(r, default_);
      if (!is_blank_cell(def)) default_text = def;
      std::string note = cell_text(r, notes);
      if (!is_blank_cell(note)) note_text = note;
      d.set_texts(ctx.texts, type_text, default_text, note_text);

      std::optional<column_ref> target;
      if (references >= 0 && !is_blank_cell(cell_text(r, references)))
        target = parents ? parse_parent_table(cell_text(r, references))
                         : parse_target_ref(cell_text(r, references));
      if (!target) target = type_target;
      std::optional<action> delete_action = cell_action(r, on_delete, ctx.texts);
      std::optional<action> update_action = cell_action(r, on_update, ctx.texts);
      for (const auto* c : {&type_cell, &cons, &note_cell}) {
        if (!target && c->references) target = c->references;
        if (!delete_action && c->on_delete)
          delete_action = make_action(*c->on_delete, d.site, ctx.texts);
        if (!update_action && c->on_update)
          update_action = make_action(*c->on_update, d.site, ctx.texts);
      }
      if (target) {
        fk_decl fk;
        fk.site = d.site;
        fk.source = fact_source::column_table;
        fk.parent_table = target->table;
        if (!target->column.empty()) fk.parent_columns = {target->column};
        fk.on_delete = delete_action;
        fk.on_update = update_action;
        out.fks.push_back({table, {name}, std::move(fk)});
      }
      if (stated_key == key_kind::index) {
        index_def ix;
        ix.name = table + "_" + name + "_idx";  // PostgreSQL's name for such an index
        ix.columns = {name};
        ix.site = r[static_cast<std::size_t>(key)].site;
        out.indexes.emplace_back(table, std::move(ix));
      }
      read_values(r, values, notes, table, name, out);
      out.columns.push_back({table, name, std::move(d)});
    }
  }

 private:
  // The values a row lists for its column: its Values cell, else "one of" in its Notes.
  static void read_values(const table_row& r, int values, int notes, const std::string& table,
                          const std::string& name, file_facts& out) {
    auto cell = [&](int i) {
      return i >= 0 && static_cast<std::size_t>(i) < r.size() ? &r[static_cast<std::size_t>(i)]
                                                              : nullptr;
    };
    std::optional<std::vector<std::string>> listed;
    const table_cell* from = cell(values);
    if (from && !is_blank_cell(from->plain)) listed = parse_values_cell(marked_text(*from));
    // Most notes list nothing: only a cell that says "one of" is read again with its code spans.
    if (!listed && (from = cell(notes)) &&
        to_lower(from->plain).find("one of") != std::string::npos)
      listed = values_after_one_of(marked_text(*from));
    if (listed) out.values.push_back({table, name, {std::move(*listed), from->site}});
  }

  // `| Column | Definition |`: each row's definition read with PostgreSQL's grammar.
  static void read_definitions(const gfm_table& t, const read_context& ctx, file_facts& out) {
    const table_row& header = t.rows.front();
    const int column = name_header(header), definition = definition_header(header);
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      const table_row& r = t.rows[i];
      auto name = valid_name(cell_text(r, column));
      if (!name || definition >= static_cast<int>(r.size()) ||
          is_blank_cell(cell_text(r, definition)))
        continue;
      read_sql_cell(r[static_cast<std::size_t>(definition)], ctx.table, *name,
                    r[static_cast<std::size_t>(column)].site, ctx, out);
    }
  }
};

const column_table_reader column_table_instance;

}  // namespace

namespace readers {
const reader& column_table = column_table_instance;
}  // namespace readers

}  // namespace speclint::load
