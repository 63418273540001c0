// MySQL and SQLite blocks rewritten token by token, with PostgreSQL's own scanner, into the
// PostgreSQL that states the same schema.

#include "sql_dialect.hpp"

#include <algorithm>
#include <tuple>

#include "speclint/text.hpp"
#include "sql_scan.hpp"

namespace speclint::load {

std::size_t normalized_sql::source_offset(std::size_t at) const {
  auto it = std::upper_bound(pieces.begin(), pieces.end(), at,
                             [](std::size_t v, const auto& p) { return v < p.first; });
  if (it == pieces.begin()) return at;
  --it;
  return it->second + (at - it->first);
}

sql_dialect dialect_of_info(std::string_view info, sql_dialect configured) {
  if (info == "mysql" || info == "mariadb") return sql_dialect::mysql;
  if (info == "sqlite" || info == "sqlite3") return sql_dialect::sqlite;
  if (info == "postgres" || info == "postgresql" || info == "pgsql") return sql_dialect::postgres;
  return configured;
}

namespace {

/// A token of PostgreSQL's scanner.
using tok = sql_token;

std::optional<std::vector<tok>> scan(const std::string& text) {
  sql_scan s = scan_sql(text);
  if (s.error) return std::nullopt;
  return std::move(s.tokens);
}

// Words of the dialects that PostgreSQL does not have, as a case-insensitive search finds
// them; a block without any is PostgreSQL and is not scanned twice.
bool may_be_other_dialect(std::string_view text) {
  static constexpr std::string_view words[] = {
      "`",      "engine", "auto_increment", "unsigned", "autoincrement",
      "pragma", "rowid",  "zerofill",       "virtual",  "match none"};
  std::string lower = to_lower(text);
  return std::any_of(std::begin(words), std::end(words),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

// MySQL's text as PostgreSQL's scanner can read it, byte for byte at the same offsets: a
// quote escaped with a backslash is doubled, and a `#` comment (at a line's start or after a
// space, with the line's quotes before it closed) is blanked, since its words may hold a
// quote that would open a string.
std::string scannable_mysql(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '\\') {
      if (out[i + 1] == '\'') out[i] = '\'';
      ++i;
    }
  std::size_t line = 0;
  while (line < out.size()) {
    std::size_t end = out.find('\n', line);
    if (end == std::string::npos) end = out.size();
    int single = 0, dbl = 0, back = 0;
    for (std::size_t i = line; i < end; ++i) {
      char c = out[i];
      if (c == '\'' && !(dbl % 2) && !(back % 2)) ++single;
      if (c == '"' && !(single % 2) && !(back % 2)) ++dbl;
      if (c == '`' && !(single % 2) && !(dbl % 2)) ++back;
      if (c == '#' && !(single % 2) && !(dbl % 2) && !(back % 2) &&
          (i == line || out[i - 1] == ' ' || out[i - 1] == '\t' || out[i - 1] == ',')) {
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
                  out.begin() + static_cast<std::ptrdiff_t>(end), ' ');
        break;
      }
    }
    line = end + 1;
  }
  return out;
}

class rewriter {
 public:
  rewriter(std::string_view src, std::vector<tok> toks, sql_dialect d)
      : src_(src), toks_(std::move(toks)), dialect_(d) {}

  sql_dialect detect() const {
    bool mysql = false;
    for (std::size_t i = 0; i < toks_.size(); ++i) {
      const tok& t = toks_[i];
      if (t.kind == 'o' && text(i).find('`') != std::string_view::npos) mysql = true;
      if (t.kind != 'w') continue;
      if (is(i, "autoincrement") || (is(i, "without") && is(i + 1, "rowid")) ||
          (is(i, "create") && is(i + 1, "virtual") && is(i + 2, "table")) ||
          (is(i, "match") && is(i + 1, "none")) || (is(i, "pragma") && kind(i + 1, 'w')))
        return sql_dialect::sqlite;
      if (is(i, "auto_increment") || is(i, "unsigned") || is(i, "zerofill") ||
          (is(i, "engine") && i + 1 < toks_.size() && toks_[i + 1].kind == '='))
        mysql = true;
    }
    return mysql ? sql_dialect::mysql : sql_dialect::postgres;
  }

  void set_dialect(sql_dialect d) { dialect_ = d; }

  normalized_sql run() {
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= toks_.size(); ++i) {
      if (i < toks_.size() && toks_[i].kind != ';') continue;
      statement(begin, i);
      begin = i + 1;
    }
    return std::move(out_);
  }

 private:
  std::string_view text(std::size_t i) const {
    return i < toks_.size() ? src_.substr(toks_[i].start, toks_[i].end - toks_[i].start)
                            : std::string_view();
  }
  bool is(std::size_t i, std::string_view w) const {
    return i < toks_.size() && toks_[i].kind == 'w' && iequals(text(i), w);
  }
  bool kind(std::size_t i, char k) const { return i < toks_.size() && toks_[i].kind == k; }
  bool is_name(std::size_t i) const { return kind(i, 'w') || backquote(i); }
  bool backquote(std::size_t i) const {
    return kind(i, 'o') && text(i).find_first_not_of('`') == std::string_view::npos;
  }

  // Writes `s` to the output as coming from source offset `from`.
  void put(std::string_view s, std::size_t from) {
    if (!out_.text.empty() && !s.empty() && s != "," && s != ")" && s != ";" &&
        out_.text.back() != '(' && out_.text.back() != '"')
      out_.text += ' ';
    out_.pieces.emplace_back(out_.text.size(), from);
    out_.text += s;
  }
  // Writes tokens [b, e) as they are, with the source's spacing between them; backquotes and
  // SQLite's `[name]` become double quotes. With `names`, [b, e) names things: MySQL and
  // SQLite keep a name's case, so a name in mixed case is quoted to keep it in PostgreSQL,
  // and SQLite's `'name'` is a name.
  void copy(std::size_t b, std::size_t e, bool names = false) {
    bool quoted = false;
    for (std::size_t i = b; i < e; ++i) {
      if (kind(i, 'c')) continue;
      std::string piece(text(i));
      if (backquote(i)) {
        piece.assign(piece.size(), '"');
        quoted = !quoted;
      } else if (names && !quoted && toks_[i].ident && piece.front() != '"' &&
                 piece != to_lower(piece)) {
        piece = "\"" + piece + "\"";
      } else if (names && kind(i, 's') && piece.size() >= 2 && piece.front() == '\'') {
        piece = "\"" + piece.substr(1, piece.size() - 2) + "\"";
      }
      if (dialect_ == sql_dialect::sqlite && kind(i, '[') && is_name(i + 1) && kind(i + 2, ']')) {
        put("\"" + std::string(text(i + 1)) + "\"", toks_[i].start);
        i += 2;
        continue;
      }
      bool adjacent = i > b && toks_[i - 1].end == toks_[i].start;
      if (adjacent) {
        out_.pieces.emplace_back(out_.text.size(), toks_[i].start);
        out_.text += piece;
      } else {
        put(piece, toks_[i].start);
      }
    }
  }

  // The index after the parenthesized list that opens at `open`, or `e` when it is not closed.
  std::size_t after_parens(std::size_t open, std::size_t e) const {
    int depth = 0;
    for (std::size_t i = open; i < e; ++i) {
      if (kind(i, '(')) ++depth;
      if (kind(i, ')') && --depth == 0) return i + 1;
    }
    return e;
  }

  // The name at [i, …): name ('.' name)*; the index after it.
  std::size_t after_name(std::size_t i, std::size_t e) const {
    auto one = [&](std::size_t k) {
      if (backquote(k)) {
        std::size_t j = k + 1;
        while (j < e && !backquote(j)) ++j;
        return std::min(j + 1, e);
      }
      if (dialect_ == sql_dialect::sqlite && kind(k, '[')) {
        std::size_t j = k + 1;
        while (j < e && !kind(j, ']')) ++j;
        return std::min(j + 1, e);
      }
      return is_name(k) || kind(k, 's') ? k + 1 : k;
    };
    std::size_t j = one(i);
    while (j > i && kind(j, '.') && j + 1 < e) j = one(j + 1);
    return j;
  }

  // Splits [b, e) at the commas outside parentheses.
  std::vector<std::pair<std::size_t, std::size_t>> split(std::size_t b, std::size_t e) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    int depth = 0;
    std::size_t from = b;
    for (std::size_t i = b; i < e; ++i) {
      if (kind(i, '(')) ++depth;
      if (kind(i, ')')) --depth;
      if (depth == 0 && kind(i, ',')) {
        out.emplace_back(from, i);
        from = i + 1;
      }
    }
    if (from < e) out.emplace_back(from, e);
    return out;
  }

  // A column list `(a, b(10) DESC)` with MySQL's prefix lengths left out.
  void column_list(std::size_t open, std::size_t close) {
    std::size_t run = open;
    for (std::size_t i = open + 1; i + 2 < close; ++i) {
      if (kind(i, '(') && kind(i + 1, 'n') && kind(i + 2, ')')) {
        copy(run, i, true);
        run = i + 3;
      }
    }
    copy(run, close, true);
  }

  void statement(std::size_t b, std::size_t e) {
    while (b < e && kind(b, 'c')) ++b;
    if (b == e) return;
    appended_.clear();
    implicit_.clear();
    indexed_.clear();
    bool kept = false;
    if (is(b, "create")) {
      std::size_t i = b + 1;
      while (is(i, "temporary") || is(i, "temp") || is(i, "or") || is(i, "replace")) ++i;
      if (is(i, "table"))
        kept = create_table(b, i + 1, e);
      else if (is(i, "unique") && is(i + 1, "index"))
        kept = create_index(b, i + 1, e);
      else if (is(i, "index"))
        kept = create_index(b, i, e);
    } else if (is(b, "alter")) {
      std::size_t i = b + 1;
      while (is(i, "online") || is(i, "ignore")) ++i;
      if (is(i, "table")) kept = alter_table(b, i + 1, e);
    }
    // Anything else (INSERT, SET, PRAGMA, USE, LOCK TABLES, …) states no schema: left out.
    if (kept) put(";", e < toks_.size() ? toks_[e].start : src_.size());
    for (auto& [name, cols, from] : implicit_) {
      const std::string& list = cols;
      std::string open = list.substr(0, list.size() - 1);  // without its `)`
      bool led = std::any_of(indexed_.begin(), indexed_.end(), [&](const std::string& ix) {
        return ix == list || ix.starts_with(open + ",");
      });
      if (kept && !led) put("CREATE INDEX " + name + " ON " + table_ + " " + cols + ";", from);
    }
    for (auto& [text, from] : appended_) put(text, from);
  }

  // The table's name, as written to the output: [name_b, name_e).
  std::string output_name(std::size_t b, std::size_t e) {
    std::size_t at = out_.text.size();
    copy(b, e, true);
    return out_.text.substr(at);
  }

  bool create_table(std::size_t b, std::size_t i, std::size_t e) {
    if (is(i, "if") && is(i + 1, "not") && is(i + 2, "exists")) i += 3;
    std::size_t name_end = after_name(i, e);
    if (name_end == i || !kind(name_end, '(')) return false;  // CREATE TABLE a LIKE b, AS …
    std::size_t close = after_parens(name_end, e);
    if (!kind(close - 1, ')') || close - 1 == name_end) return false;
    copy(b, i);
    table_ = output_name(i, name_end);
    put("(", toks_[name_end].start);
    bool first = true;
    for (auto [eb, ee] : split(name_end + 1, close - 1)) {
      while (eb < ee && kind(eb, 'c')) ++eb;
      if (eb == ee) continue;
      std::size_t at = out_.text.size();
      if (!first) put(",", toks_[eb].start);
      if (!element(eb, ee)) {
        out_.text.resize(at);
        while (!out_.pieces.empty() && out_.pieces.back().first >= at) out_.pieces.pop_back();
        continue;
      }
      first = false;
    }
    put(")", toks_[close - 1].start);
    // Table options (ENGINE=, DEFAULT CHARSET=, WITHOUT ROWID, STRICT, …) are left out.
    return true;
  }

  // One element of a table's list, or of ALTER TABLE … ADD; false when it is left out.
  bool element(std::size_t b, std::size_t e) {
    std::size_t i = b;
    if (is(i, "fulltext") || is(i, "spatial")) return false;
    if (is(i, "key") || is(i, "index")) {
      index_later(i, e, false);
      return false;
    }
    if (is(i, "constraint")) {
      i = is_name(i + 1) && !is(i + 1, "primary") && !is(i + 1, "unique") &&
                  !is(i + 1, "foreign") && !is(i + 1, "check")
              ? after_name(i + 1, e)
              : i + 1;
      if (is(i, "fulltext") || is(i, "spatial")) return false;
      if (is(i, "key") || is(i, "index")) {
        index_later(i, e, false);
        return false;
      }
    }
    if (is(i, "unique") || is(i, "primary") || is(i, "foreign")) {
      std::size_t j = i + 1;
      if (is(i, "primary") || is(i, "foreign")) ++j;  // KEY
      if (is(i, "unique") && (is(j, "key") || is(j, "index"))) ++j;
      std::size_t name = j;
      if (!kind(j, '(') && is_name(j) && !is(j, "using")) j = after_name(j, e);
      if (i == b && is(i, "unique") && name < j) {
        // MySQL's `UNIQUE KEY name (…)` is PostgreSQL's `CONSTRAINT name UNIQUE (…)`.
        put("CONSTRAINT", toks_[b].start);
        copy(name, j);
        put("UNIQUE", toks_[i].start);
      } else {
        copy(b, i);
        copy(i, is(i, "unique") ? i + 1 : i + 2);
      }
      if (is(j, "using")) j += 2;
      if (!kind(j, '(')) return false;
      std::size_t close = after_parens(j, e);
      std::size_t cols_at = out_.text.size();
      column_list(j, close);
      std::string cols = out_.text.substr(cols_at);
      if (!is(i, "foreign")) {
        indexed_.push_back(cols);
      } else if (dialect_ == sql_dialect::mysql) {
        // InnoDB gives a key's columns an index when none leads with them, named as the key's
        // index, else as the constraint.
        std::string index;
        std::size_t from = name < j && !kind(name, '(') ? name : b + 1;
        std::size_t to = name < j && !kind(name, '(') ? after_name(name, e) : (b < i ? i : b + 1);
        if (from < to && (from != b + 1 || is(b, "constraint")))
          for (std::size_t k = from; k < to; ++k)
            index += backquote(k) ? std::string("\"") : std::string(text(k));
        if (!index.empty()) implicit_.emplace_back(index, cols, toks_[i].start);
      }
      attributes(close, e);
      return true;
    }
    if (is(i, "check") || i != b) {
      copy(b, e);
      return true;
    }
    // A column: its name, its type, its attributes.
    std::size_t name_end = after_name(b, e);
    if (name_end == b) return false;
    copy(b, name_end, true);
    std::size_t rest = type(name_end, e);
    attributes(rest, e);
    return true;
  }

  // Writes the type at [i, …) in PostgreSQL's spelling; the index after it.
  std::size_t type(std::size_t i, std::size_t e) {
    if (!kind(i, 'w')) return i;
    std::string t = to_lower(text(i));
    std::size_t next = i + 1;
    bool parens = kind(next, '(');
    std::size_t after = parens ? after_parens(next, e) : next;
    auto as = [&](std::string_view pg) {
      put(pg, toks_[i].start);
      return after;
    };
    // PostgreSQL reads MySQL's other type names (`datetime`, `tinyint(1)`, `enum('a')`,
    // `longtext`) as names of types it does not have, which is what they are in a PostgreSQL
    // database; these four take no modifier in its grammar, and MySQL's is a display width.
    if (t == "int" || t == "integer" || t == "bigint" || t == "smallint") return as(text(i));
    if (t == "double" && !is(next, "precision")) return as("double precision");
    if (t == "float" || t == "real" || t == "double") {
      std::size_t j = is(next, "precision") ? next + 1 : next;
      put(text(i), toks_[i].start);
      if (j != next) copy(next, j);
      return kind(j, '(') ? after_parens(j, e) : j;
    }
    return i;  // as written
  }

  // Column or constraint attributes at [i, e), MySQL's and SQLite's own left out.
  void attributes(std::size_t i, std::size_t e) {
    while (i < e) {
      if (is(i, "unsigned") || is(i, "signed") || is(i, "zerofill") || is(i, "auto_increment") ||
          is(i, "autoincrement") || is(i, "visible") || is(i, "invisible") || is(i, "binary")) {
        ++i;
      } else if (is(i, "comment") || is(i, "charset") || is(i, "using")) {
        i += 2;
      } else if (is(i, "character") && is(i + 1, "set")) {
        i += 3;
      } else if (is(i, "on") && is(i + 1, "conflict")) {
        i += 3;
      } else if (dialect_ == sql_dialect::sqlite && is(i, "match")) {
        i += 2;  // SQLite parses MATCH and ignores it
      } else if (is(i, "on") && is(i + 1, "update") &&
                 (is(i + 2, "current_timestamp") || is(i + 2, "now") ||
                  is(i + 2, "localtimestamp"))) {
        i += 3;
        if (kind(i, '(')) i = after_parens(i, e);
      } else if ((is(i, "current_timestamp") || is(i, "now") || is(i, "localtimestamp")) &&
                 kind(i + 1, '(') && kind(i + 2, ')')) {
        put(is(i, "now") ? "now()" : to_lower(text(i)), toks_[i].start);
        i += 3;
      } else if (is(i, "virtual")) {
        put("STORED", toks_[i].start);
        ++i;
      } else if (is(i, "references")) {
        copy(i, i + 1);
        std::size_t name_end = after_name(i + 1, e);
        copy(i + 1, name_end, true);
        i = name_end;
        if (kind(i, '(')) {
          std::size_t close = after_parens(i, e);
          column_list(i, close);
          i = close;
        }
      } else {
        std::size_t j = i + 1;
        if (kind(j, '(')) j = after_parens(j, e);
        copy(i, j);
        i = j;
      }
    }
  }

  // An index that MySQL writes inside CREATE TABLE or ALTER TABLE … ADD, as CREATE INDEX
  // after the statement: [at, e) is `KEY|INDEX [name] [USING x] (columns) …`.
  void index_later(std::size_t at, std::size_t e, bool unique) {
    std::size_t i = at + 1;
    std::string name;
    if (!kind(i, '(') && is_name(i)) {
      std::size_t end = after_name(i, e);
      for (std::size_t k = i; k < end; ++k) name += backquote(k) ? "\"" : std::string(text(k));
      i = end;
    }
    if (is(i, "using")) i += 2;
    if (!kind(i, '(')) return;
    std::size_t close = after_parens(i, e);
    std::size_t out_at = out_.text.size();
    auto pieces = out_.pieces.size();
    column_list(i, close);
    std::string cols = out_.text.substr(out_at);
    out_.text.resize(out_at);
    out_.pieces.resize(pieces);
    indexed_.push_back(cols);
    appended_.emplace_back(std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + name +
                               " ON " + table_ + " " + cols + ";",
                           toks_[at].start);
  }

  bool create_index(std::size_t b, std::size_t i, std::size_t e) {
    // i is INDEX; MySQL's USING BTREE before ON, and its options after the list, are left out.
    std::size_t on = i;
    while (on < e && !is(on, "on")) ++on;
    std::size_t name_end = after_name(on + 1, e);
    if (on == e || !kind(name_end, '(')) return false;
    std::size_t name_stop = is(i + 1, "if") ? i + 4 : i + 1;
    if (name_stop < on) name_stop = after_name(name_stop, on);
    copy(b, name_stop);
    copy(on, on + 1);
    copy(on + 1, name_end, true);
    std::size_t close = after_parens(name_end, e);
    column_list(name_end, close);
    if (is(close, "where")) copy(close, e);
    return true;
  }

  bool alter_table(std::size_t b, std::size_t i, std::size_t e) {
    if (is(i, "if") && is(i + 1, "exists")) i += 2;
    if (is(i, "only")) ++i;
    std::size_t name_end = after_name(i, e);
    if (name_end == i) return false;
    std::size_t head = out_.text.size();
    auto head_pieces = out_.pieces.size();
    copy(b, i);
    table_ = output_name(i, name_end);
    bool any = false;
    for (auto [cb, ce] : split(name_end, e)) {
      std::size_t at = out_.text.size();
      auto pieces = out_.pieces.size();
      if (any) put(",", toks_[cb].start);
      if (command(cb, ce)) {
        any = true;
      } else {
        out_.text.resize(at);
        out_.pieces.resize(pieces);
      }
    }
    if (!any) {
      out_.text.resize(head);
      out_.pieces.resize(head_pieces);
    }
    return any;
  }

  // One command of ALTER TABLE; false when it is left out.
  bool command(std::size_t b, std::size_t e) {
    if (is(b, "add")) {
      std::size_t i = b + 1;
      bool unique = is(i, "unique");
      std::size_t k = unique ? i + 1 : i;
      if (is(k, "index") || is(k, "key") || is(i, "fulltext") || is(i, "spatial")) {
        if (!is(i, "fulltext") && !is(i, "spatial")) index_later(k, e, unique);
        return false;
      }
      copy(b, b + 1);
      if (is(i, "column")) {
        copy(i, i + 1);
        ++i;
      }
      return element(i, e);
    }
    if (is(b, "drop") && is(b + 1, "foreign") && is(b + 2, "key")) {
      put("DROP CONSTRAINT", toks_[b].start);
      copy(b + 3, e);
      return true;
    }
    if (is(b, "drop") && (is(b + 1, "index") || is(b + 1, "key") || is(b + 1, "primary")))
      return false;
    if (is(b, "drop") || is(b, "alter") || is(b, "rename")) {
      copy(b, e);
      return true;
    }
    return false;  // MODIFY, CHANGE, ENGINE=, AUTO_INCREMENT=, …: no PostgreSQL spelling
  }

  std::string_view src_;
  std::vector<tok> toks_;
  sql_dialect dialect_;
  normalized_sql out_;
  std::string table_;
  std::vector<std::pair<std::string, std::size_t>> appended_;  ///< statements to add after it
  /// The statement's foreign keys' indexes (name, columns, where) that InnoDB would create.
  std::vector<std::tuple<std::string, std::string, std::size_t>> implicit_;
  std::vector<std::string> indexed_;  ///< the column lists of the statement's keys and indexes
};

}  // namespace

sql_dialect detect_dialect(std::string_view text) {
  if (!may_be_other_dialect(text)) return sql_dialect::postgres;
  std::string scanned = scannable_mysql(text);
  auto toks = scan(scanned);
  return toks ? rewriter(scanned, std::move(*toks), sql_dialect::auto_detect).detect()
              : sql_dialect::postgres;
}

std::optional<normalized_sql> as_postgres(std::string_view text, sql_dialect& dialect) {
  if (dialect == sql_dialect::postgres) return std::nullopt;
  if (dialect == sql_dialect::auto_detect && !may_be_other_dialect(text)) {
    dialect = sql_dialect::postgres;
    return std::nullopt;
  }
  std::string scanned = dialect == sql_dialect::sqlite ? std::string(text) : scannable_mysql(text);
  auto toks = scan(scanned);
  if (!toks) {
    if (dialect == sql_dialect::auto_detect) dialect = sql_dialect::postgres;
    return std::nullopt;
  }
  rewriter r(scanned, std::move(*toks), dialect);
  if (dialect == sql_dialect::auto_detect) {
    dialect = r.detect();
    if (dialect == sql_dialect::postgres) return std::nullopt;
    if (dialect == sql_dialect::sqlite && scanned != text) {
      // Backslashes are not escapes in SQLite: scan the text as written.
      auto again = scan(std::string(text));
      if (!again) return std::nullopt;
      return rewriter(text, std::move(*again), dialect).run();
    }
    r.set_dialect(dialect);
  }
  return r.run();
}

}  // namespace speclint::load
