// psql-describe: psql's `\d table` output pasted into a fenced block of a doc:
//
//                  Table "public.orders"
//    Column  |  Type  | Collation | Nullable | Default
//   ---------+--------+-----------+----------+---------
//    id      | bigint |           | not null |
//   Indexes:
//       "orders_pkey" PRIMARY KEY, btree (id)
//
// The rows are read as they stand (psql prints the catalog, so a blank Nullable cell means
// nullable); each line under Indexes, Check constraints, Foreign-key constraints and
// Referenced by is turned into the DDL it describes and read with PostgreSQL's grammar
// (sql.cpp), laid out so that its places are the line's.

#include <cctype>

#include "../psql_output.hpp"
#include "../sql.hpp"
#include "reader.hpp"
#include "speclint/text.hpp"

namespace speclint::load {

namespace {

// The display columns of a line's characters are counted in code points: psql aligns by
// display width, which is the code point count for all but wide scripts.
bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// One cell of a row: its text and where it starts in the line.
struct cell {
  std::string_view text;
  std::size_t offset = 0;
};

// A row's cells, at most `columns` of them. A row is aligned when each of the separator
// line's `+` before its end has a `|` under it (and there is one at least): it splits there
// only, so a default holding `||` stays one cell. Any other row splits at every `|`, the
// surplus joined into the last cell.
std::vector<cell> split_row(std::string_view line, const std::vector<std::size_t>& bounds,
                            std::size_t columns) {
  std::vector<cell> out;
  std::size_t start = 0, display = 0, next = 0;
  bool aligned = true;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (continuation_byte(line[i])) continue;
    while (next < bounds.size() && bounds[next] < display) {
      aligned = false;
      ++next;
    }
    if (line[i] == '|' && next < bounds.size() && bounds[next] == display) {
      if (out.size() + 1 < columns) {
        out.push_back({line.substr(start, i - start), start});
        start = i + 1;
      }
      ++next;
    }
    ++display;
  }
  out.push_back({line.substr(start), start});
  if (aligned && out.size() > 1) return out;
  out.clear();
  start = 0;
  for (std::size_t i = line.find('|'); i != std::string_view::npos && out.size() + 1 < columns;
       i = line.find('|', start)) {
    out.push_back({line.substr(start, i - start), start});
    start = i + 1;
  }
  out.push_back({line.substr(start), start});
  return out;
}

// A row of the table, its continuation lines merged into it.
struct row {
  std::size_t line = 0;
  std::size_t name_offset = 0;
  std::vector<std::string> cells;
  std::vector<bool> marked;  ///< the cell ended with psql's `+`: its value goes on
};

// PostgreSQL prints a quoted literal default with a cast to the column's type
// (`'active'::text`); a spec writes `'active'`, so that cast is left out.
std::string without_own_cast(std::string value, std::string_view type) {
  if (value.size() < 2 || value.front() != '\'') return value;
  std::size_t close = 1;
  for (; close < value.size(); ++close) {
    if (value[close] != '\'') continue;
    if (close + 1 < value.size() && value[close + 1] == '\'') {
      ++close;
      continue;
    }
    break;
  }
  if (close >= value.size()) return value;
  std::string_view rest = std::string_view(value).substr(close + 1);
  if (!rest.starts_with("::") ||
      base_type(canonical_type(rest.substr(2))) != base_type(canonical_type(type)))
    return value;
  value.resize(close + 1);
  return value;
}

// True for a table's name as PostgreSQL prints a regclass: names, quoted where they must be,
// joined by dots; nothing else, so that it reads as a name in the DDL it is put in.
bool is_regclass_text(std::string_view s) {
  bool in_quotes = false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"')
      in_quotes = !in_quotes;
    else if (!in_quotes && !(std::isalnum(u) || c == '_' || c == '$' || c == '.' || u >= 0x80))
      return false;
  }
  return !s.empty() && !in_quotes;
}

// The serial type whose default `nextval('…'::regclass)` is, for an integer type.
std::optional<std::string_view> serial_of(std::string_view type, std::string_view value) {
  if (!istarts_with(value, "nextval('") || !value.ends_with("'::regclass)")) return std::nullopt;
  const std::string t = canonical_type(type);
  if (t == "integer") return "serial";
  if (t == "bigint") return "bigserial";
  if (t == "smallint") return "smallserial";
  return std::nullopt;
}

// The footer sections whose lines are read.
enum class section { none, indexes, checks, foreign_keys, referenced_by };

class describe_reader {
 public:
  describe_reader(const code_block& b, const read_context& ctx, file_facts& out)
      : block_(b), ctx_(ctx), out_(out) {
    std::string_view text = b.text;
    for (std::size_t from = 0; from <= text.size();) {
      std::size_t end = text.find('\n', from);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(from, end - from);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (end == text.size() && line.empty()) break;
      lines_.push_back(line);
      from = end + 1;
    }
    column_base_ = b.site.column > 0 ? b.site.column - 1 : b.indent;
  }

  void run() {
    for (std::size_t i = 0; i + 1 < lines_.size();) {
      auto title = parse_psql_title(lines_[i]);
      if (title && title->table && is_psql_header(lines_[i + 1]))
        i = read_table(i, *title);
      else
        ++i;
    }
  }

 private:
  location at(std::size_t line, std::size_t offset) const {
    return {ctx_.file, block_.first_line + static_cast<std::uint32_t>(line),
            column_base_ + static_cast<std::uint32_t>(offset) + 1};
  }

  // Reads the table whose title is line `i`; returns the line after its output.
  std::size_t read_table(std::size_t i, const psql_title& title) {
    const std::string_view full =
        lines_[i].substr(title.name_begin, title.name_end - title.name_begin);
    // psql prints `schema.name` unquoted; `Table "x"` (older psql) has no schema.
    const std::size_t dot = full.find('.');
    const std::string_view schema = dot == std::string_view::npos ? "" : full.substr(0, dot);
    const std::string_view bare = dot == std::string_view::npos ? full : full.substr(dot + 1);
    table_ = schema.empty() || schema == "public" ? std::string(bare)
                                                  : std::string(schema) + "." + std::string(bare);
    table_sql_ = schema.empty() ? quoted_identifier(bare)
                                : quoted_identifier(schema) + "." + quoted_identifier(bare);
    primary_seen_ = false;
    out_.tables.emplace_back(table_, at(i, title.name_begin - 1));

    // The header names the columns; the separator line under it says where they split.
    std::vector<std::string> headers;
    for (const std::string& h : split_cells(lines_[i + 1])) headers.push_back(to_lower(h));
    auto header = [&](std::string_view name) -> int {
      for (std::size_t k = 0; k < headers.size(); ++k)
        if (headers[k] == name) return static_cast<int>(k);
      return -1;
    };
    const int nullable = header("nullable"), default_ = header("default"),
              modifiers = header("modifiers"), description = header("description");
    std::size_t j = i + 2;
    std::string_view bounds_line = lines_[i + 1];
    if (j < lines_.size() && is_separator(lines_[j])) bounds_line = lines_[j++];
    std::vector<std::size_t> bounds;
    std::size_t display = 0;
    for (char c : bounds_line) {
      if (continuation_byte(c)) continue;
      if (c == '+' || c == '|') bounds.push_back(display);
      ++display;
    }

    std::vector<row> rows;
    for (; j < lines_.size(); ++j) {
      const std::string_view line = lines_[j];
      if (line.find('|') == std::string_view::npos || parse_psql_title(line)) break;
      std::vector<cell> cells = split_row(line, bounds, headers.size());
      const std::string_view name = trim(cells.front().text);
      if (name.empty()) {
        // A continuation line of the values marked `+` in the row above.
        if (rows.empty()) continue;
        row& r = rows.back();
        for (std::size_t k = 1; k < cells.size() && k < r.cells.size(); ++k) {
          const std::string_view more = trim(cells[k].text);
          // Only a value marked `+` goes on; text under any other is not psql's.
          if (more.empty() || !r.marked[k]) continue;
          std::string& value = r.cells[k];
          // In place, the mark and all: a value may run on for many lines.
          value.pop_back();
          while (!value.empty() && value.back() == ' ') value.pop_back();
          if (!value.empty()) value += ' ';
          value += more;
          r.marked[k] = more.ends_with('+');
        }
        continue;
      }
      row r;
      r.line = j;
      r.name_offset = static_cast<std::size_t>(name.data() - line.data());
      for (const cell& c : cells) {
        r.cells.emplace_back(trim(c.text));
        r.marked.push_back(r.cells.back().ends_with('+'));
      }
      rows.push_back(std::move(r));
    }
    const std::uint32_t block = out_.next_block();
    for (const row& r : rows) add_column(r, block, nullable, default_, modifiers, description);

    section part = section::none;
    for (; j < lines_.size(); ++j) {
      const std::string_view line = lines_[j];
      const std::string_view t = trim(line);
      if (t.empty() || parse_psql_title(line)) break;
      const auto offset = static_cast<std::size_t>(t.data() - line.data());
      const bool entry = offset > 0 || t.front() == '"' || t.starts_with("TABLE \"");
      if (!entry) {
        part = t == "Indexes:"                   ? section::indexes
               : t == "Check constraints:"       ? section::checks
               : t == "Foreign-key constraints:" ? section::foreign_keys
               : t == "Referenced by:"           ? section::referenced_by
                                                 : section::none;
        continue;
      }
      switch (part) {
        case section::indexes:
          index_line(j, offset);
          break;
        case section::checks:
        case section::foreign_keys:
          constraint_line(j, offset);
          break;
        case section::referenced_by:
          referenced_by_line(j, offset);
          break;
        case section::none:
          break;
      }
    }
    return j;
  }

  static bool is_separator(std::string_view line) {
    const std::string_view t = trim(line);
    return t.find('-') != std::string_view::npos &&
           t.find_first_not_of("-+") == std::string_view::npos;
  }

  static std::vector<std::string> split_cells(std::string_view line) {
    std::vector<std::string> out;
    for (std::size_t from = 0;;) {
      const std::size_t bar = line.find('|', from);
      out.emplace_back(trim(line.substr(from, bar == std::string_view::npos ? bar : bar - from)));
      if (bar == std::string_view::npos) return out;
      from = bar + 1;
    }
  }

  void add_column(const row& r, std::uint32_t block, int nullable, int default_, int modifiers,
                  int description) {
    auto cell_of = [&](int k) -> std::optional<std::string_view> {
      if (k < 0 || static_cast<std::size_t>(k) >= r.cells.size()) return std::nullopt;
      return std::string_view(r.cells[static_cast<std::size_t>(k)]);
    };
    column_decl d;
    d.site = at(r.line, r.name_offset);
    d.source = fact_source::sql;
    d.block = block;
    std::string type(cell_of(1).value_or(""));
    std::optional<std::string> value;
    if (auto n = cell_of(nullable)) {
      if (n->empty())
        d.nullable = true;
      else if (iequals(*n, "not null"))
        d.nullable = false;
    }
    if (auto v = cell_of(default_); v && !v->empty()) value = std::string(*v);
    if (auto m = cell_of(modifiers)) {
      // Older psql: `[collate C] [not null] [default expr]`.
      std::string_view s = *m;
      if (istarts_with(s, "collate ")) {
        s = trim(s.substr(8));
        const std::size_t end = s.find(' ');
        s = end == std::string_view::npos ? std::string_view{} : trim(s.substr(end));
      }
      const bool not_null = istarts_with(s, "not null");
      if (not_null) s = trim(s.substr(8));
      d.nullable = !not_null;
      if (istarts_with(s, "default ")) value = std::string(trim(s.substr(8)));
    }
    if (value) {
      *value = collapse_space(*value);
      // Identity and generated columns show how they are generated, not a default.
      if (istarts_with(*value, "generated ")) {
        value.reset();
      } else if (auto serial = serial_of(type, *value)) {
        type = *serial;
        value.reset();
      } else {
        *value = without_own_cast(std::move(*value), type);
      }
    }
    opt_text type_text, default_text, note_text;
    if (!type.empty()) type_text = type;
    if (value) default_text = *value;
    if (auto n = cell_of(description); n && !n->empty()) note_text = *n;
    d.set_texts(ctx_.texts, type_text, default_text, note_text);
    out_.columns.push_back({table_, std::string(trim(r.cells.front())), std::move(d)});
  }

  // `"name" ` at `offset` of a line: the name and the offset after it, or nullopt.
  std::optional<std::pair<std::string_view, std::size_t>> quoted_name_at(std::string_view line,
                                                                         std::size_t offset) {
    if (offset >= line.size() || line[offset] != '"') return std::nullopt;
    // psql prints the name between quotes as it is: it ends at the first `" `.
    const std::size_t close = line.find("\" ", offset + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return std::pair{line.substr(offset + 1, close - offset - 1), close + 2};
  }

  // Reads `lead` on the line before line `j` and line `j` itself with its first `keep`
  // characters blanked, so that what is kept stays at its own place; the facts read are
  // placed at the entry's start, `offset`.
  void read_statement(std::size_t j, std::size_t offset, const std::string& lead,
                      std::string layout) {
    code_block b;
    b.info = "sql";
    b.site = block_.site;
    b.indent = block_.indent;
    b.first_line = block_.first_line + static_cast<std::uint32_t>(j) - 1;
    b.text = lead + "\n" + std::move(layout) + ";";
    const auto before = out_.sizes();
    const std::size_t issues = out_.issues.size();
    read_sql(b, ctx_.file, ctx_.texts, out_);
    // The statement starts on the line before the entry; its facts belong to the entry.
    const location site = at(j, offset);
    for (std::size_t k = before[file_facts::tables_list]; k < out_.tables.size(); ++k)
      out_.tables[k].second = site;
    for (std::size_t k = before[file_facts::columns_list]; k < out_.columns.size(); ++k)
      out_.columns[k].decl.site = site;
    for (std::size_t k = before[file_facts::indexes_list]; k < out_.indexes.size(); ++k)
      out_.indexes[k].second.site = site;
    for (std::size_t k = before[file_facts::checks_list]; k < out_.checks.size(); ++k)
      out_.checks[k].second.site = site;
    for (std::size_t k = before[file_facts::fks_list]; k < out_.fks.size(); ++k)
      out_.fks[k].decl.site = site;
    for (std::size_t k = issues; k < out_.issues.size(); ++k)
      if (out_.issues[k].site.line < site.line) out_.issues[k].site = site;
  }

  // The line with [from, to) blanked.
  std::string blanked(std::size_t j, std::size_t from, std::size_t to) const {
    std::string s(lines_[j]);
    for (std::size_t k = from; k < to && k < s.size(); ++k) s[k] = ' ';
    return s;
  }

  // `"name" [PRIMARY KEY, |UNIQUE CONSTRAINT, |UNIQUE, ]method (columns) [WHERE …]` and
  // psql's notes after it (`CLUSTER`, `INVALID`, `REPLICA IDENTITY`, `, tablespace "t"`).
  void index_line(std::size_t j, std::size_t offset) {
    const std::string_view line = lines_[j];
    auto name = quoted_name_at(line, offset);
    if (!name) return;
    std::size_t end = line.size();
    // The notes psql adds, from the end; they say nothing of the index's definition.
    for (bool more = true; more;) {
      more = false;
      const std::string_view head = trim(line.substr(0, end));
      for (std::string_view note : {" CLUSTER", " INVALID", " REPLICA IDENTITY"})
        if (head.ends_with(note)) {
          end = static_cast<std::size_t>(head.data() - line.data()) + head.size() - note.size();
          more = true;
        }
      if (!head.ends_with('"')) continue;
      if (const std::size_t at = head.rfind(", tablespace \""); at != std::string_view::npos) {
        end = static_cast<std::size_t>(head.data() - line.data()) + at;
        more = true;
      }
    }
    const std::size_t rest = name->second;
    const std::string_view def = line.substr(rest, end > rest ? end - rest : 0);
    std::string layout = blanked(j, 0, rest);
    layout.resize(end > layout.size() ? layout.size() : end);
    if (def.starts_with("EXCLUDE ")) return;  // an exclusion constraint: nothing the model holds
    const bool primary = def.starts_with("PRIMARY KEY, ") && !primary_seen_;
    const bool unique_constraint =
        def.starts_with("UNIQUE CONSTRAINT, ") || def.starts_with("PRIMARY KEY, ");
    if (primary || unique_constraint) {
      // A constraint: its definition is the column list after the access method.
      const std::size_t label = def.find(',');
      const std::size_t open = def.find('(', label);
      if (open == std::string_view::npos) return;
      primary_seen_ |= primary;
      const std::size_t keyword_end = rest + (primary ? 11 : 6);  // `PRIMARY KEY` or `UNIQUE`
      if (!primary) layout.replace(rest, 6, "UNIQUE");
      for (std::size_t k = keyword_end; k < rest + open; ++k) layout[k] = ' ';
      // NULLS NOT DISTINCT follows the columns in an index's definition, not a constraint's.
      if (const std::size_t nulls = layout.find(" NULLS NOT DISTINCT", rest + open);
          nulls != std::string::npos)
        for (std::size_t k = nulls; k < nulls + 19; ++k) layout[k] = ' ';
      read_statement(
          j, offset,
          "ALTER TABLE " + table_sql_ + " ADD CONSTRAINT " + quoted_identifier(name->first),
          std::move(layout));
      return;
    }
    const bool unique = def.starts_with("UNIQUE, ");
    if (unique)
      for (std::size_t k = rest; k < rest + 8; ++k) layout[k] = ' ';
    read_statement(j, offset,
                   std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                       quoted_identifier(name->first) + " ON " + table_sql_ + " USING",
                   std::move(layout));
  }

  // `"name" CHECK (…)` or `"name" FOREIGN KEY (…) REFERENCES …`.
  void constraint_line(std::size_t j, std::size_t offset) {
    auto name = quoted_name_at(lines_[j], offset);
    if (!name) return;
    read_statement(
        j, offset,
        "ALTER TABLE " + table_sql_ + " ADD CONSTRAINT " + quoted_identifier(name->first),
        blanked(j, 0, name->second));
  }

  // `TABLE "child" CONSTRAINT "name" FOREIGN KEY (…) REFERENCES this(…)`: the child's key.
  void referenced_by_line(std::size_t j, std::size_t offset) {
    const std::string_view line = lines_[j];
    if (!line.substr(offset).starts_with("TABLE \"")) return;
    // The child is printed as PostgreSQL's regclass (quoted where it must be) inside quotes.
    const std::size_t child_begin = offset + 7;
    const std::size_t child_end = line.find("\" CONSTRAINT \"", child_begin);
    if (child_end == std::string_view::npos) return;
    auto name = quoted_name_at(line, child_end + 13);
    if (!name) return;
    const std::string_view child = line.substr(child_begin, child_end - child_begin);
    if (!is_regclass_text(child)) return;
    read_statement(
        j, offset,
        "ALTER TABLE " + std::string(child) + " ADD CONSTRAINT " + quoted_identifier(name->first),
        blanked(j, 0, name->second));
  }

  const code_block& block_;
  const read_context& ctx_;
  file_facts& out_;
  std::vector<std::string_view> lines_;
  std::uint32_t column_base_ = 0;
  std::string table_;      ///< the current table, as the model names it
  std::string table_sql_;  ///< the same, quoted for SQL
  bool primary_seen_ = false;
};

class psql_describe_reader final : public reader {
 public:
  std::string_view name() const override { return "psql-describe"; }
  unsigned kinds() const override { return fenced_kind; }

  bool accepts(const code_block& b, const read_context& ctx) const override {
    if (ctx.role != file_role::doc) return false;
    // An SQL block is psql output only when that is all it starts with.
    if (sql_label(b.info)) return starts_with_psql_describe(b.text);
    return psql_output_label(b.info) && holds_psql_describe(b.text);
  }

  void read(const code_block& b, const read_context& ctx, file_facts& out) const override {
    describe_reader(b, ctx, out).run();
  }
};

const psql_describe_reader psql_describe_instance;

}  // namespace

namespace readers {
const reader& psql_describe = psql_describe_instance;
}  // namespace readers

}  // namespace speclint::load
