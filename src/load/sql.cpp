// Reads fenced SQL blocks with libpg_query: PostgreSQL's grammar, its parse tree as JSON,
// read with nlohmann-json. Locations in the tree are byte offsets into the parsed text and
// are mapped back to the Markdown file's lines and columns.

#include "sql.hpp"

#include "sql_dialect.hpp"
#include "sql_scan.hpp"

#include <pg_query.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "speclint/text.hpp"

namespace speclint {

/// A file's SQL blocks read as one script: where the facts its statements wrote are, by
/// table, so that a later statement changes or drops them (and no other reader's).
struct sql_script {
  /// The places of one table's live facts in the file's lists, in the order written.
  struct entries {
    std::vector<std::uint32_t> tables, columns, indexes, checks, fks;
  };
  std::unordered_map<std::string, entries> by_table;
  std::unordered_map<std::string, std::vector<std::uint32_t>> fks_by_parent;
  /// Indexes by schema-qualified name (the schema left out for `public`).
  std::unordered_map<std::string, std::vector<std::uint32_t>> indexes_by_name;
  /// Domains by lower-cased name: declared NOT NULL or not.
  std::unordered_map<std::string, bool> domains;
  /// Columns nullable only because their definition said nothing.
  std::set<std::size_t> implicitly_nullable;
  /// Facts visited by statements that change, drop or copy earlier ones, and whether that
  /// passed block_reader::max_script_visits: a file written to take quadratic time stops
  /// being followed there.
  std::uint64_t visits = 0;
  bool over = false;
};

}  // namespace speclint

namespace speclint::load {

// libpg_query keeps the parser's memory in thread-local contexts, so parses on different
// threads share no parser state. But 15-4.0.0 creates the pthread key that frees a thread's
// context at thread exit inside the first parse on each thread, storing it in one static
// variable without pthread_once: two threads parsing for the first time race on it. One
// lock around every call removes the race; SQL is a small part of a load, so it costs little.
std::mutex& pg_query_lock() {
  static std::mutex m;
  return m;
}

namespace {

using json = nlohmann::json;

struct protobuf_result_free {
  void operator()(PgQueryProtobufParseResult* r) const { pg_query_free_protobuf_parse_result(*r); }
};
struct deparse_result_free {
  void operator()(PgQueryDeparseResult* r) const { pg_query_free_deparse_result(*r); }
};
struct parse_result_free {
  void operator()(PgQueryParseResult* r) const { pg_query_free_parse_result(*r); }
};

struct pg_error {
  std::string message;
  int cursorpos = 0;  ///< 1-based character position in the parsed text; 0 when unknown
};

struct parse_outcome {
  std::optional<json> tree;
  pg_error error;
};

parse_outcome parse_sql(const std::string& text) {
  std::string tree_text;
  parse_outcome out;
  {
    std::lock_guard lock(pg_query_lock());
    PgQueryParseResult raw = pg_query_parse(text.c_str());
    std::unique_ptr<PgQueryParseResult, parse_result_free> guard(&raw);
    if (raw.error) {
      out.error.message = raw.error->message ? raw.error->message : "the statement does not parse";
      out.error.cursorpos = raw.error->cursorpos;
      return out;
    }
    if (!raw.parse_tree) {
      out.error.message = "the SQL parser returned no parse tree";
      return out;
    }
    tree_text = raw.parse_tree;
  }
  json j = json::parse(tree_text, nullptr, false);
  if (j.is_discarded()) {
    out.error.message = "the SQL parser returned an unreadable parse tree";
    return out;
  }
  out.tree = std::move(j);
  return out;
}

// --- a small SQL tokenizer, only to find clause positions and expression texts ----------

struct token {
  std::size_t pos = 0, len = 0;
  char kind = 'p';  ///< 'w' word, 'q' quoted identifier, 's' string, 'n' number, '$' parameter, 'p'
                    ///< punctuation
  int depth = 0;    ///< parentheses open before it; a ')' has the depth of its '('
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool word_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}
bool word_char(char c) {
  return word_start(c) || is_digit(c) || c == '$';
}

// The tokens of s[from, to), without white space and comments.
std::vector<token> tokenize(std::string_view s, std::size_t from, std::size_t to) {
  std::vector<token> out;
  to = std::min(to, s.size());
  int depth = 0;
  std::size_t i = from;
  while (i < to) {
    char c = s[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < to && s[i + 1] == '-') {
      while (i < to && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < to && s[i + 1] == '*') {
      int nest = 0;
      while (i < to) {
        if (s[i] == '/' && i + 1 < to && s[i + 1] == '*') {
          ++nest;
          i += 2;
        } else if (s[i] == '*' && i + 1 < to && s[i + 1] == '/') {
          i += 2;
          if (--nest == 0) break;
        } else {
          ++i;
        }
      }
      continue;
    }
    std::size_t start = i;
    char kind = 'p';
    if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < to && s[i + 1] == '\'')) {
      bool escapes = c != '\'';
      i += escapes ? 2 : 1;
      while (i < to) {
        if (escapes && s[i] == '\\') {
          i += 2;
        } else if (s[i] == '\'') {
          if (i + 1 < to && s[i + 1] == '\'') {
            i += 2;
            continue;
          }
          ++i;
          break;
        } else {
          ++i;
        }
      }
      kind = 's';
    } else if (c == '"') {
      ++i;
      while (i < to) {
        if (s[i] == '"') {
          if (i + 1 < to && s[i + 1] == '"') {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
      kind = 'q';
    } else if (c == '$') {
      std::size_t j = i + 1;
      if (j < to && is_digit(s[j])) {
        while (j < to && is_digit(s[j])) ++j;
        i = j;
        kind = '$';
      } else {
        if (j < to && word_start(s[j]))
          while (j < to && word_char(s[j]) && s[j] != '$') ++j;
        if (j < to && s[j] == '$') {
          std::string_view tag = s.substr(i, j - i + 1);
          std::size_t close = s.find(tag, j + 1);
          i = close == std::string_view::npos || close >= to ? to : close + tag.size();
          kind = 's';
        } else {
          ++i;
        }
      }
    } else if (word_start(c)) {
      while (i < to && word_char(s[i])) ++i;
      kind = 'w';
    } else if (is_digit(c) || (c == '.' && i + 1 < to && is_digit(s[i + 1]))) {
      while (i < to && (word_char(s[i]) || s[i] == '.')) ++i;
      kind = 'n';
    } else {
      ++i;
    }
    token t{start, i - start, kind, depth};
    if (kind == 'p' && c == '(') ++depth;
    if (kind == 'p' && c == ')') t.depth = --depth;
    out.push_back(t);
  }
  return out;
}

// The tokens one stretch of text between commas or semicolons may hold: a parse tree's
// depth is at most that, and a CHECK or a default is far shorter.
constexpr std::size_t max_tokens_between_commas = 10000;

// Where, in s[from, to), a stretch of text between commas or semicolons starts that holds
// more than max_tokens_between_commas tokens; nullopt when none does. libpg_query writes its
// parse tree out recursively: an expression nested deeper than the stack allows (`a+a+…+a`,
// 80,000 deep) would end the process, so such text is never parsed.
std::optional<std::size_t> too_deep(std::string_view s, std::size_t from, std::size_t to) {
  // Fewer bytes than that cannot hold as many tokens: most blocks need no tokenizing here.
  if (to - from <= max_tokens_between_commas) return std::nullopt;
  std::size_t run = 0, start = from;
  for (const token& t : tokenize(s, from, to)) {
    std::string_view text = s.substr(t.pos, t.len);
    if (t.kind == 'p' && (text == "," || text == ";")) {
      run = 0;
      continue;
    }
    if (run++ == 0) start = t.pos;
    if (run > max_tokens_between_commas) return start;
  }
  return std::nullopt;
}

// --- parse-tree helpers ------------------------------------------------------------------

// The payload of a node `{"Type": {...}}`, or null when it is not of that type.
const json* node(const json& j, const char* type) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(type);
  return it == j.end() || !it->is_object() ? nullptr : &*it;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

const json& list(const json& j, const char* key) {
  static const json empty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : empty;
}

// A list of String nodes: column lists, qualified names.
std::vector<std::string> names(const json& l) {
  std::vector<std::string> out;
  if (!l.is_array()) return out;
  for (const json& item : l)
    if (const json* s = node(item, "String")) out.push_back(str(*s, "sval"));
  return out;
}

// A location field; libpg_query leaves out zero values, and -1 means unknown.
std::optional<std::size_t> location_of(const json& j) {
  auto it = j.find("location");
  if (it == j.end()) return std::size_t{0};
  if (!it->is_number_integer() || it->get<long long>() < 0) return std::nullopt;
  return static_cast<std::size_t>(it->get<long long>());
}

// A table name without its schema, as PostgreSQL's generated constraint names use it.
std::string bare(const std::string& table) {
  auto dot = table.rfind('.');
  return dot == std::string::npos ? table : table.substr(dot + 1);
}

// The table a RangeVar names: `schema.table`, with the default schema `public` left out.
std::string relation_name(const json& rv) {
  std::string schema = str(rv, "schemaname");
  std::string name = str(rv, "relname");
  return schema.empty() || schema == "public" ? name : schema + "." + name;
}

// A qualified name of a list of String nodes, the default schema `public` left out.
std::string dotted_name(const json& l) {
  std::vector<std::string> parts = names(l);
  if (parts.size() > 1 && parts.front() == "public") parts.erase(parts.begin());
  return fmt::format("{}", fmt::join(parts, "."));
}

// The schema part of `schema.table`, with its dot; empty for the default schema.
std::string schema_prefix(const std::string& table) {
  auto dot = table.rfind('.');
  return dot == std::string::npos ? std::string() : table.substr(0, dot + 1);
}

// An identifier as SQL text: bare when PostgreSQL would read it back unchanged.
std::string sql_identifier(const std::string& name) {
  bool plain = !name.empty() && !is_digit(name.front());
  for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || is_digit(c) || c == '_');
  return plain ? name : quoted_identifier(name);
}

bool is_serial(std::string_view type) {
  for (std::string_view s : {"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"})
    if (iequals(type, s)) return true;
  return false;
}

long long int_const(const json& j, bool& ok) {
  ok = false;
  const json* c = node(j, "A_Const");
  if (!c) return 0;
  auto it = c->find("ival");
  if (it == c->end() || !it->is_object()) return 0;
  ok = true;
  auto v = it->find("ival");
  return v != it->end() && v->is_number_integer() ? v->get<long long>() : 0;
}

// A type in the spelling people write: `integer`, `varchar(20)`, `timestamptz`, `text[]`.
std::string type_text(const json& tn) {
  std::vector<std::string> parts = names(list(tn, "names"));
  if (parts.size() > 1 && parts.front() == "pg_catalog") parts.erase(parts.begin());
  if (parts.empty()) return {};
  static const std::pair<std::string_view, std::string_view> spelled[] = {
      {"int4", "integer"},  {"int8", "bigint"},
      {"int2", "smallint"}, {"float8", "double precision"},
      {"float4", "real"},   {"bool", "boolean"},
      {"bpchar", "char"},   {"varbit", "bit varying"},
  };
  std::string base = fmt::format("{}", fmt::join(parts, "."));
  for (auto [from, to] : spelled)
    if (base == from) base = std::string(to);
  // interval's modifiers are field masks, not numbers anyone wrote.
  std::vector<std::string> mods;
  bool numeric_mods = base != "interval";
  for (const json& m : list(tn, "typmods")) {
    bool ok = false;
    long long v = int_const(m, ok);
    if (!ok) numeric_mods = false;
    mods.push_back(std::to_string(v));
  }
  std::string out = base;
  if (numeric_mods && !mods.empty()) out += "(" + fmt::format("{}", fmt::join(mods, ",")) + ")";
  for (const json& b : list(tn, "arrayBounds")) {
    bool ok = false;
    long long v = int_const(b, ok);
    out += ok && v >= 0 ? fmt::format("[{}]", v) : std::string("[]");
  }
  return out;
}

// The column a ColumnRef names (its last field).
std::optional<std::string> column_ref_name(const json& e) {
  const json* ref = node(e, "ColumnRef");
  if (!ref) return std::nullopt;
  const json& fields = list(*ref, "fields");
  if (fields.empty()) return std::nullopt;
  const json* s = node(fields.back(), "String");
  if (!s) return std::nullopt;
  return str(*s, "sval");
}

// Columns a CHECK expression requires to be non-null: `col IS NOT NULL` or `NOT (col IS
// NULL)`, alone or among AND-ed conditions. (A NULL makes any other comparison unknown, and
// CHECK accepts unknown.)
void required_columns(const json& e, std::vector<std::string>& out) {
  if (const json* b = node(e, "BoolExpr")) {
    std::string op = str(*b, "boolop");
    const json& args = list(*b, "args");
    if (op == "AND_EXPR") {
      for (const json& a : args) required_columns(a, out);
    } else if (op == "NOT_EXPR" && args.size() == 1) {
      if (const json* n = node(args[0], "NullTest"); n && str(*n, "nulltesttype") == "IS_NULL")
        if (auto c = column_ref_name((*n)["arg"]);
            c && std::find(out.begin(), out.end(), *c) == out.end())
          out.push_back(*c);
    }
    return;
  }
  if (const json* n = node(e, "NullTest"); n && str(*n, "nulltesttype") == "IS_NOT_NULL")
    if (auto it = n->find("arg"); it != n->end())
      if (auto c = column_ref_name(*it); c && std::find(out.begin(), out.end(), *c) == out.end())
        out.push_back(*c);
}

// Calls `f` with each object of a parse tree, a parent before its children; the children of
// an object for which `f` returns false are not visited. Walked with a stack of its own, since
// a tree may be thousands of levels deep.
template <class F>
void for_each_node(const json& root, F&& f) {
  std::vector<const json*> pending{&root};
  while (!pending.empty()) {
    const json& j = *pending.back();
    pending.pop_back();
    if (j.is_array()) {
      for (const json& e : j) pending.push_back(&e);
      continue;
    }
    if (!j.is_object() || !f(j)) continue;
    for (const auto& item : j.items()) pending.push_back(&item.value());
  }
}

// A call in a parse tree, with its offset in the parsed text.
struct tree_call {
  std::string name;
  std::optional<std::size_t> offset;
  bool value_function = false;
};

// The built-in functions a parse tree calls, in the order they are written: calls of an
// unqualified or `pg_catalog.` name, and SQL's value functions (CURRENT_TIMESTAMP,
// CURRENT_USER, …), which the grammar makes SQLValueFunction nodes. A function of another
// schema is the user's: left out, though its arguments are read.
std::vector<tree_call> calls_in_tree(const json& root) {
  std::vector<tree_call> out;
  for_each_node(root, [&](const json& j) {
    if (const json* f = node(j, "FuncCall")) {
      std::vector<std::string> parts = names(list(*f, "funcname"));
      if (parts.size() == 1 || (parts.size() == 2 && parts.front() == "pg_catalog"))
        out.push_back({parts.back(), location_of(*f), false});
    } else if (const json* v = node(j, "SQLValueFunction")) {
      // SVFOP_CURRENT_TIMESTAMP, or SVFOP_CURRENT_TIMESTAMP_N with a precision.
      std::string op = str(*v, "op");
      if (op.starts_with("SVFOP_")) {
        op.erase(0, 6);
        if (op.ends_with("_N")) op.resize(op.size() - 2);
        out.push_back({to_lower(op), location_of(*v), true});
      }
    }
    return true;
  });
  // The tree's objects hold their keys sorted by name, not in the order they were written.
  std::stable_sort(out.begin(), out.end(), [](const tree_call& a, const tree_call& b) {
    return a.offset.value_or(SIZE_MAX) < b.offset.value_or(SIZE_MAX);
  });
  return out;
}

// An identifier token's name as PostgreSQL reads it: unquoted folded to lower case.
std::optional<std::string> identifier_of(std::string_view expr, const token& t) {
  std::string_view s = expr.substr(t.pos, t.len);
  if (t.kind == 'w') return to_lower(s);
  if (t.kind != 'q' || s.size() < 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    out += s[i];
    if (s[i] == '"') ++i;
  }
  return out;
}

// True when an expression's text names the column.
bool mentions(std::string_view expr, const std::string& column) {
  for (const token& t : tokenize(expr, 0, expr.size()))
    if (identifier_of(expr, t) == column) return true;
  return false;
}

// An expression's text with each mention of column `from` naming `to` instead.
std::string renamed_in(std::string_view expr, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t copied = 0;
  for (const token& t : tokenize(expr, 0, expr.size())) {
    if (identifier_of(expr, t) != from) continue;
    out.append(expr.substr(copied, t.pos - copied)).append(sql_identifier(to));
    copied = t.pos + t.len;
  }
  return out.append(expr.substr(copied));
}

// The columns an expression's tree names (each ColumnRef's last field).
void column_refs(const json& e, std::set<std::string>& out) {
  for_each_node(e, [&](const json& j) {
    auto c = column_ref_name(j);
    if (c) out.insert(*c);
    return !c;
  });
}

// A constant's text: a string or a number, through casts (`'a'::text`); nullopt otherwise.
std::optional<std::string> constant_text(const json& e) {
  const json* j = &e;
  for (const json* cast; (cast = node(*j, "TypeCast"));) {
    auto arg = cast->find("arg");
    if (arg == cast->end()) return std::nullopt;
    j = &*arg;
  }
  const json* c = node(*j, "A_Const");
  if (!c) return std::nullopt;
  if (auto s = c->find("sval"); s != c->end() && s->is_object()) return str(*s, "sval");
  if (auto i = c->find("ival"); i != c->end() && i->is_object()) {
    auto v = i->find("ival");
    return v != i->end() && v->is_number_integer() ? std::to_string(v->get<long long>())
                                                   : std::string("0");
  }
  return std::nullopt;
}

// The column an expression names, through casts (`status::text`).
std::optional<std::string> column_through_casts(const json& e) {
  const json* j = &e;
  for (const json* cast; (cast = node(*j, "TypeCast"));) {
    auto arg = cast->find("arg");
    if (arg == cast->end()) return std::nullopt;
    j = &*arg;
  }
  return column_ref_name(*j);
}

// Adds to `values` the values a CHECK's expression lists for one column: `c IN (…)`,
// `c = ANY (ARRAY[…])`, `c = 'a'` (or `'a' = c`), OR-ed together, with `c IS NULL` among them
// allowed; false when the expression is anything else or names another column too.
bool listed_values(const json& e, std::string& column, std::vector<std::string>& values) {
  auto same_column = [&](const std::optional<std::string>& c) {
    if (!c) return false;
    if (column.empty()) column = *c;
    return column == *c;
  };
  if (const json* b = node(e, "BoolExpr")) {
    if (str(*b, "boolop") != "OR_EXPR") return false;
    for (const json& a : list(*b, "args"))
      if (!listed_values(a, column, values)) return false;
    return !values.empty();
  }
  if (const json* n = node(e, "NullTest")) {
    auto arg = n->find("arg");
    return str(*n, "nulltesttype") == "IS_NULL" && arg != n->end() &&
           same_column(column_through_casts(*arg));
  }
  const json* x = node(e, "A_Expr");
  if (!x || names(list(*x, "name")) != std::vector<std::string>{"="}) return false;
  auto l = x->find("lexpr"), r = x->find("rexpr");
  if (l == x->end() || r == x->end()) return false;
  const std::string kind = str(*x, "kind");
  auto add_all = [&](const json& items) {
    if (!items.is_array() || items.empty()) return false;
    for (const json& item : items) {
      auto v = constant_text(item);
      if (!v) return false;
      values.push_back(std::move(*v));
    }
    return true;
  };
  if (kind == "AEXPR_IN") {
    const json* items = node(*r, "List");
    return same_column(column_through_casts(*l)) && items && add_all(list(*items, "items"));
  }
  if (kind == "AEXPR_OP_ANY") {
    const json* array = &*r;
    for (const json* cast; (cast = node(*array, "TypeCast"));) {
      auto arg = cast->find("arg");
      if (arg == cast->end()) return false;
      array = &*arg;
    }
    const json* a = node(*array, "A_ArrayExpr");
    return same_column(column_through_casts(*l)) && a && add_all(list(*a, "elements"));
  }
  if (!kind.empty() && kind != "AEXPR_OP") return false;
  // `c = 'a'` or `'a' = c`.
  const bool column_left = column_through_casts(*l).has_value();
  const json& col = column_left ? *l : *r;
  auto v = constant_text(column_left ? *r : *l);
  if (!v || !same_column(column_through_casts(col))) return false;
  values.push_back(std::move(*v));
  return true;
}

// A parse tree without its places, as text: equal for trees PostgreSQL reads alike.
std::string tree_key(const json& tree) {
  json copy = tree;
  std::vector<json*> pending{&copy};
  while (!pending.empty()) {
    json& j = *pending.back();
    pending.pop_back();
    if (j.is_object()) j.erase("location");
    if (j.is_object() || j.is_array())
      for (auto& item : j.items()) pending.push_back(&item.value());
  }
  return copy.dump();
}

action_kind action_of(const std::string& code) {
  if (code == "c") return action_kind::cascade;
  if (code == "n") return action_kind::set_null;
  if (code == "d") return action_kind::set_default;
  if (code == "r") return action_kind::restrict;
  return action_kind::no_action;
}

// --- one block ---------------------------------------------------------------------------

class block_reader {
  struct span {
    std::size_t begin = 0, end = 0;
  };

 public:
  /// Reads `b`, or `normalized` (b's text in PostgreSQL's spelling) when given.
  block_reader(file_facts& facts, file_id id, const code_block& b, text_pool& texts,
               sql_dialect dialect, const normalized_sql* normalized, bool omission_states,
               bool script)
      : facts_(facts),
        id_(id),
        block_(b),
        text_(normalized ? std::string_view(normalized->text) : std::string_view(b.text)),
        texts_(texts),
        dialect_(dialect),
        normalized_(normalized),
        omission_states_(omission_states),
        recorded_(facts.sizes()) {
    if (script) {
      if (!facts.script) facts.script = std::make_shared<sql_script>();
      script_ = facts.script.get();
    }
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < b.text.size(); ++i)
      if (b.text[i] == '\n') line_starts_.push_back(i + 1);
    // The fence's column already counts its indent and any list or quote prefix, and cmark
    // strips as much from each content line.
    column_base_ = b.site.column > 0 ? b.site.column - 1 : b.indent;
  }

  void run() {
    // psql's meta-commands (`\d t`, `\set x 1`) are psql's, not the server's: skipped to the end
    // of their lines, each with a note, and the block is read without them.
    std::optional<psql_script> script;
    if (may_hold_meta_command(text_)) {
      script = read_as_psql(text_);
      for (auto [from, to] : script->meta_commands) note_meta_command(from, to);
      if (!script->meta_commands.empty()) {
        blanked_ = script->text;
        text_ = blanked_;
      }
    }
    // libpg_query writes its parse tree out recursively: an expression nested deeper than the
    // stack allows (`a+a+…+a`, 80,000 deep) would end the process. Such text is refused.
    if (!too_deep(0, text_.size())) {
      parse_outcome whole = parse_sql(std::string(text_));
      if (whole.tree) {
        walk(*whole.tree, 0, text_.size());
        return;
      }
    }
    // Statement by statement, so that one bad statement hides neither the facts nor the
    // errors of the others.
    if (!script) script = read_as_psql(text_);
    broken_ = false;
    for (const psql_statement& s : script->statements) read_statement(s);
  }

 private:
  // One statement as psql sends it. A statement PostgreSQL rejects is one error, and so is the
  // text after it up to the next statement line: its other errors (a function body whose `$$`
  // was mistyped, read as statements) are the same mistake. Statements that parse in between
  // are still read.
  void read_statement(const psql_statement& s) {
    if (s.at_statement_line) broken_ = false;
    const std::size_t stop = s.broken ? s.broken->offset : s.end;
    std::vector<span> parts;
    std::size_t from = s.begin;
    for (std::size_t line : s.statement_lines) {
      if (line >= stop) break;
      parts.push_back({from, line});
      from = line;
    }
    parts.push_back({from, stop});
    if (!s.broken) {
      read_piece(parts);
      return;
    }
    // The text before the break was a statement's start: PostgreSQL's parser reports a
    // mistake there before its scanner reaches the unclosed string.
    const span last = parts.back();
    parts.pop_back();
    if (!parts.empty()) read_piece(parts);
    if (last.begin != s.begin) broken_ = false;
    std::optional<parse_outcome> before;
    if (first_token(last.begin, last.end) < last.end && !too_deep(last.begin, last.end))
      before = parse_sql(std::string(text_.substr(last.begin, last.end - last.begin)));
    if (before && !before->tree && !before->error.message.ends_with("at end of input"))
      fail(before->error, last.begin, last.end);
    else
      fail_at(s.broken->offset, s.broken->message);
  }

  // Text from the first part's start to the last part's end, split at statement lines:
  // parsed whole, else part by part.
  void read_piece(const std::vector<span>& parts) {
    const span whole{parts.front().begin, parts.back().end};
    if (parts.size() > 1 && !too_deep(whole.begin, whole.end)) {
      parse_outcome o = parse_sql(std::string(text_.substr(whole.begin, whole.end - whole.begin)));
      if (o.tree) {
        walk(*o.tree, whole.begin, whole.end);
        return;
      }
    }
    bool previous = false;  // the part before parsed
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) broken_ = false;
      const bool read = read_part(parts[i]);
      // Two statements that parse, with no `;` between them: PostgreSQL's error for the pair.
      if (read && previous) {
        const span pair{parts[i - 1].begin, parts[i].end};
        parse_outcome o = parse_sql(std::string(text_.substr(pair.begin, pair.end - pair.begin)));
        if (!o.tree) report(o.error, pair.begin, pair.end);
      }
      previous = read;
    }
  }

  // Reads one statement's text; false when it does not parse.
  bool read_part(span p) {
    if (auto at = too_deep(p.begin, p.end)) {
      if (!broken_) report_too_deep(*at);
      broken_ = true;
      return false;
    }
    parse_outcome o = parse_sql(std::string(text_.substr(p.begin, p.end - p.begin)));
    if (!o.tree) {
      fail(o.error, p.begin, p.end);
      return false;
    }
    walk(*o.tree, p.begin, p.end);
    return true;
  }

  void fail(const pg_error& e, std::size_t from, std::size_t to) {
    if (!broken_) report(e, from, to);
    broken_ = true;
  }

  void fail_at(std::size_t offset, const std::string& message) {
    if (!broken_) facts_.issues.push_back({load_issue::kind::sql_syntax, at(offset), message});
    broken_ = true;
  }

  void note_meta_command(std::size_t from, std::size_t to) {
    std::string_view command = text_.substr(from, to - from);
    while (!command.empty() &&
           (command.back() == ' ' || command.back() == '\t' || command.back() == '\r'))
      command.remove_suffix(1);
    // A meta-command's arguments can run on; its name and the start of them say which it is.
    constexpr std::size_t shown = 60;
    std::string text(command);
    if (command.size() > shown) {
      std::size_t cut = shown;
      while (cut > 0 && (static_cast<unsigned char>(command[cut]) & 0xC0) == 0x80) --cut;
      text = std::string(command.substr(0, cut)) + "…";
    }
    facts_.issues.push_back(
        {load_issue::kind::psql_meta_command, at(from),
         fmt::format("`{}` is a psql meta-command, not SQL: speclint skips it as psql does",
                     text)});
  }

  location at(std::size_t offset) const {
    if (normalized_) offset = normalized_->source_offset(offset);
    offset = std::min(offset, block_.text.size());
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
    return {id_, block_.first_line + static_cast<std::uint32_t>(line),
            static_cast<std::uint32_t>(offset - line_starts_[line] + 1) + column_base_};
  }

  // An absolute offset in the block for a node's location, or `fallback`.
  std::size_t where(const json& j, std::size_t fallback) const {
    auto l = location_of(j);
    return l ? std::min(base_ + *l, text_.size()) : fallback;
  }

  std::size_t first_token(std::size_t from, std::size_t to) const {
    // Only the first token is wanted: a growing window, not the whole statement, is
    // tokenized (a CREATE TABLE of 100,000 columns asks once per column). A token the window
    // cuts still starts where it starts.
    for (std::size_t window = 256;; window *= 4) {
      const std::size_t end = to - from > window ? from + window : to;
      auto toks = tokenize(text_, from, end);
      if (!toks.empty()) return toks.front().pos;
      if (end == to) return from;
    }
  }

  std::string_view text_of(const token& t) const { return text_.substr(t.pos, t.len); }

  std::optional<std::size_t> too_deep(std::size_t from, std::size_t to) const {
    return load::too_deep(text_, from, to);
  }

  void report_too_deep(std::size_t offset) {
    facts_.issues.push_back(
        {load_issue::kind::sql_syntax, at(offset),
         fmt::format("more than {} tokens without a comma: the statement is too deep to read",
                     max_tokens_between_commas)});
  }

  void report(const pg_error& e, std::size_t from, std::size_t to) {
    std::size_t offset = e.cursorpos > 0
                             ? from + byte_of_char(text_.substr(from, to - from), e.cursorpos)
                             : first_token(from, to);
    facts_.issues.push_back({load_issue::kind::sql_syntax, at(offset), e.message});
  }

  void walk(const json& tree, std::size_t base, std::size_t end) {
    base_ = base;
    for (const json& s : list(tree, "stmts")) {
      std::size_t loc = 0, len = 0;
      if (auto it = s.find("stmt_location"); it != s.end() && it->is_number_integer())
        loc = static_cast<std::size_t>(std::max<long long>(it->get<long long>(), 0));
      if (auto it = s.find("stmt_len"); it != s.end() && it->is_number_integer())
        len = static_cast<std::size_t>(std::max<long long>(it->get<long long>(), 0));
      stmt_.begin = std::min(base + loc, end);
      stmt_.end = len == 0 ? end : std::min(base + loc + len, end);
      auto it = s.find("stmt");
      if (it == s.end()) continue;
      statement(*it);
      record();
    }
  }

  void statement(const json& stmt) {
    if (const json* c = node(stmt, "CreateStmt"))
      on_create(*c);
    else if (const json* a = node(stmt, "AlterTableStmt"))
      on_alter(*a);
    else if (const json* ix = node(stmt, "IndexStmt"))
      on_index(*ix);
    else if (const json* sc = node(stmt, "CreateSchemaStmt"))
      on_schema(*sc);
    else if (const json* ctas = node(stmt, "CreateTableAsStmt"))
      on_create_as(*ctas);
    else if (const json* dom = node(stmt, "CreateDomainStmt"))
      on_domain(*dom);
    else if (const json* en = node(stmt, "CreateEnumStmt"))
      on_enum(*en);
    else if (const json* ae = node(stmt, "AlterEnumStmt"))
      on_alter_enum(*ae);
    else if (const json* r = node(stmt, "RenameStmt"); r && script_)
      on_rename(*r);
    else if (const json* d = node(stmt, "DropStmt"); d && script_)
      on_drop(*d);
    // Every other statement is skipped: it states nothing the model holds.
  }

  // --- the file's SQL as one script ------------------------------------------------------

  // Notes where the facts written since the last call are, by table.
  void record() {
    if (!script_) return;
    auto now = facts_.sizes();
    auto from = [&](file_facts::fact_list l) { return recorded_[l]; };
    for (std::uint32_t i = from(file_facts::tables_list); i < now[file_facts::tables_list]; ++i)
      script_->by_table[facts_.tables[i].first].tables.push_back(i);
    for (std::uint32_t i = from(file_facts::columns_list); i < now[file_facts::columns_list]; ++i)
      script_->by_table[facts_.columns[i].table].columns.push_back(i);
    for (std::uint32_t i = from(file_facts::indexes_list); i < now[file_facts::indexes_list]; ++i) {
      const auto& [table, ix] = facts_.indexes[i];
      script_->by_table[table].indexes.push_back(i);
      script_->indexes_by_name[schema_prefix(table) + ix.name].push_back(i);
    }
    for (std::uint32_t i = from(file_facts::checks_list); i < now[file_facts::checks_list]; ++i)
      script_->by_table[facts_.checks[i].first].checks.push_back(i);
    for (std::uint32_t i = from(file_facts::fks_list); i < now[file_facts::fks_list]; ++i) {
      script_->by_table[facts_.fks[i].child_table].fks.push_back(i);
      script_->fks_by_parent[facts_.fks[i].decl.parent_table].push_back(i);
    }
    recorded_ = now;
  }

  // Facts a file's script may visit while it changes, drops and copies earlier ones: far
  // more than a real schema's history needs, far fewer than 10 MB of statements that each
  // copy or rename a wide table would take (a copied fact counts three).
  static constexpr std::uint64_t max_script_visits = 4'000'000;

  // Counts `cost` visits; false once the script visited more than max_script_visits, which
  // the file's one issue about it then reports at the current statement.
  bool follow(std::size_t cost) {
    if (script_->over) return false;
    script_->visits += cost;
    if (script_->visits <= max_script_visits) return true;
    script_->over = true;
    facts_.issues.push_back(
        {load_issue::kind::sql_syntax, at(first_token(stmt_.begin, stmt_.end)),
         fmt::format("the SQL changes, drops and copies earlier statements' facts more than {} "
                     "times: from this statement on, speclint no longer follows them",
                     max_script_visits)});
    return false;
  }

  // The script's live facts of a table (a copy: dropping and adding change the lists); none
  // once the script is no longer followed.
  sql_script::entries entries_of(const std::string& table) {
    record();
    auto it = script_->by_table.find(table);
    if (it == script_->by_table.end()) return {};
    const sql_script::entries& e = it->second;
    if (!follow(e.tables.size() + e.columns.size() + e.indexes.size() + e.checks.size() +
                e.fks.size()))
      return {};
    return e;
  }

  void erase_place(std::vector<std::uint32_t>& places, std::uint32_t i) {
    script_->visits += places.size();
    auto it = std::find(places.begin(), places.end(), i);
    if (it != places.end()) places.erase(it);
  }

  void drop_column_fact(std::uint32_t i) {
    facts_.drop(file_facts::columns_list, i);
    erase_place(script_->by_table[facts_.columns[i].table].columns, i);
    implicit().erase(i);
  }

  void drop_index_fact(std::uint32_t i) {
    const auto& [table, ix] = facts_.indexes[i];
    facts_.drop(file_facts::indexes_list, i);
    erase_place(script_->by_table[table].indexes, i);
    erase_place(script_->indexes_by_name[schema_prefix(table) + ix.name], i);
    // Without its primary key the columns stay NOT NULL, as PostgreSQL leaves them.
    if (ix.primary)
      for (std::uint32_t k : entries_of(table).columns) {
        column_decl& d = facts_.columns[k].decl;
        if (!d.primary_key || std::find(ix.columns.begin(), ix.columns.end(),
                                        facts_.columns[k].column) == ix.columns.end())
          continue;
        d.primary_key = false;
        if (!d.nullable) d.nullable = false;
      }
  }

  void drop_check_fact(std::uint32_t i) {
    facts_.drop(file_facts::checks_list, i);
    erase_place(script_->by_table[facts_.checks[i].first].checks, i);
  }

  void drop_fk_fact(std::uint32_t i) {
    facts_.drop(file_facts::fks_list, i);
    erase_place(script_->by_table[facts_.fks[i].child_table].fks, i);
    erase_place(script_->fks_by_parent[facts_.fks[i].decl.parent_table], i);
  }

  // The constraint name of a foreign key: stated, or the one PostgreSQL chose.
  std::string fk_name(std::uint32_t i) const {
    const auto& fk = facts_.fks[i];
    return fk.decl.name.empty() ? generated_fk_name(fk.child_table, fk.child_columns)
                                : std::string(fk.decl.name);
  }

  // Gives every unnamed foreign key of the table the name PostgreSQL chose for it, before a
  // rename changes what that name would be.
  void name_fks(const std::string& table) {
    for (std::uint32_t i : entries_of(table).fks)
      if (facts_.fks[i].decl.name.empty()) facts_.fks[i].decl.name = texts_.add(fk_name(i));
  }

  // Notes a statement that changes what earlier ones stated, for the SQL of earlier files.
  void note_change(sql_change::kind what, std::string table, std::string name = {},
                   std::string to = {}, bool flag = false) {
    if (!script_ || script_->over) return;
    facts_.changes.push_back({what, std::move(table), std::move(name), std::move(to), flag,
                              at(first_token(stmt_.begin, stmt_.end))});
  }

  // ALTER TABLE … DROP CONSTRAINT: a foreign key, a unique or primary key, or a check.
  void drop_constraint(const std::string& table, const std::string& name) {
    note_change(sql_change::kind::drop_constraint, table, name);
    sql_script::entries e = entries_of(table);
    for (std::uint32_t i : e.fks)
      if (fk_name(i) == name) drop_fk_fact(i);
    for (std::uint32_t i : e.indexes)
      if (facts_.indexes[i].second.unique && facts_.indexes[i].second.name == name)
        drop_index_fact(i);
    for (std::uint32_t i : e.checks)
      if (facts_.checks[i].second.name == name) drop_check_fact(i);
  }

  // ALTER TABLE … DROP COLUMN: the column, and the indexes, keys and checks that involve
  // it, as PostgreSQL drops them; with CASCADE also the keys of other tables that reference it.
  void drop_column(const std::string& table, const std::string& column, bool cascade) {
    note_change(sql_change::kind::drop_column, table, column, {}, cascade);
    sql_script::entries e = entries_of(table);
    if (script_->over) return;
    auto has = [&](const std::vector<std::string>& cols) {
      return std::find(cols.begin(), cols.end(), column) != cols.end();
    };
    for (std::uint32_t i : e.columns)
      if (facts_.columns[i].column == column) drop_column_fact(i);
    for (std::uint32_t i : e.indexes) {
      const index_def& ix = facts_.indexes[i].second;
      bool involved = has(ix.columns) || mentions(ix.where, column) ||
                      std::any_of(ix.columns.begin(), ix.columns.end(), [&](const std::string& c) {
                        return c.starts_with('(') && mentions(c, column);
                      });
      if (involved) drop_index_fact(i);
    }
    for (std::uint32_t i : e.fks)
      if (has(facts_.fks[i].child_columns)) drop_fk_fact(i);
    for (std::uint32_t i : e.checks)
      if (has(facts_.checks[i].second.not_null_columns) ||
          mentions(facts_.checks[i].second.expression, column))
        drop_check_fact(i);
    if (!cascade) return;
    auto parents = script_->fks_by_parent.find(table);
    if (parents == script_->fks_by_parent.end()) return;
    for (std::uint32_t i : std::vector<std::uint32_t>(parents->second))
      if (has(facts_.fks[i].decl.parent_columns)) drop_fk_fact(i);
  }

  // DROP TABLE: every fact the script wrote of the table; with CASCADE also the keys of
  // other tables that reference it.
  void drop_table(const std::string& table, bool cascade) {
    note_change(sql_change::kind::drop_table, table, {}, {}, cascade);
    sql_script::entries e = entries_of(table);
    if (script_->over) return;
    for (std::uint32_t i : e.fks) drop_fk_fact(i);
    for (std::uint32_t i : e.checks) drop_check_fact(i);
    for (std::uint32_t i : e.indexes) drop_index_fact(i);
    for (std::uint32_t i : e.columns) drop_column_fact(i);
    for (std::uint32_t i : e.tables) facts_.drop(file_facts::tables_list, i);
    script_->by_table.erase(table);
    std::erase(facts_.opaque_tables, table);
    std::erase_if(facts_.derivations, [&](const table_derivation& d) { return d.child == table; });
    if (!cascade) return;
    if (auto parents = script_->fks_by_parent.find(table); parents != script_->fks_by_parent.end())
      for (std::uint32_t i : std::vector<std::uint32_t>(parents->second)) drop_fk_fact(i);
  }

  // ALTER TABLE … RENAME TO: the table keeps its schema.
  void rename_table(const std::string& table, const std::string& new_name) {
    const std::string to = schema_prefix(table) + new_name;
    if (to == table) return;
    note_change(sql_change::kind::rename_table, table, {}, to);
    name_fks(table);
    sql_script::entries e = entries_of(table);
    if (script_->over) return;
    for (std::uint32_t i : e.tables) facts_.tables[i].first = to;
    for (std::uint32_t i : e.columns) facts_.columns[i].table = to;
    for (std::uint32_t i : e.indexes) facts_.indexes[i].first = to;
    for (std::uint32_t i : e.checks) facts_.checks[i].first = to;
    for (std::uint32_t i : e.fks) facts_.fks[i].child_table = to;
    script_->by_table.erase(table);
    sql_script::entries& moved = script_->by_table[to];
    for (auto [into, from] : {std::pair{&moved.tables, &e.tables},
                              {&moved.columns, &e.columns},
                              {&moved.indexes, &e.indexes},
                              {&moved.checks, &e.checks},
                              {&moved.fks, &e.fks}})
      into->insert(into->end(), from->begin(), from->end());
    if (auto parents = script_->fks_by_parent.find(table);
        parents != script_->fks_by_parent.end()) {
      std::vector<std::uint32_t> keys = std::move(parents->second);
      script_->fks_by_parent.erase(parents);
      for (std::uint32_t i : keys) facts_.fks[i].decl.parent_table = to;
      auto& into = script_->fks_by_parent[to];
      into.insert(into.end(), keys.begin(), keys.end());
    }
    for (std::string& t : facts_.opaque_tables)
      if (t == table) t = to;
    for (table_derivation& d : facts_.derivations) {
      if (d.child == table) d.child = to;
      if (d.parent == table) d.parent = to;
    }
  }

  // ALTER TABLE … RENAME COLUMN: the column, and its mentions in keys, indexes and checks.
  void rename_column(const std::string& table, const std::string& from, const std::string& to) {
    note_change(sql_change::kind::rename_column, table, from, to);
    name_fks(table);
    sql_script::entries e = entries_of(table);
    if (script_->over) return;
    auto rename = [&](std::vector<std::string>& cols) {
      for (std::string& c : cols) {
        if (c == from)
          c = to;
        else if (c.starts_with('('))
          c = renamed_in(c, from, to);
      }
    };
    for (std::uint32_t i : e.columns)
      if (facts_.columns[i].column == from) facts_.columns[i].column = to;
    for (std::uint32_t i : e.indexes) {
      index_def& ix = facts_.indexes[i].second;
      rename(ix.columns);
      if (!ix.where.empty()) {
        ix.where = renamed_in(ix.where, from, to);
        ix.where_key = predicate_key(ix.where);
      }
    }
    for (std::uint32_t i : e.checks) {
      check_def& c = facts_.checks[i].second;
      rename(c.not_null_columns);
      c.expression = renamed_in(c.expression, from, to);
      if (c.values_column == from) c.values_column = to;
    }
    for (std::uint32_t i : e.fks) rename(facts_.fks[i].child_columns);
    if (auto parents = script_->fks_by_parent.find(table); parents != script_->fks_by_parent.end())
      for (std::uint32_t i : parents->second) rename(facts_.fks[i].decl.parent_columns);
  }

  // ALTER TABLE … RENAME CONSTRAINT (the index of a key is renamed with it).
  void rename_constraint(const std::string& table, const std::string& from, const std::string& to) {
    note_change(sql_change::kind::rename_constraint, table, from, to);
    sql_script::entries e = entries_of(table);
    for (std::uint32_t i : e.fks)
      if (fk_name(i) == from) facts_.fks[i].decl.name = texts_.add(to);
    for (std::uint32_t i : e.indexes)
      if (facts_.indexes[i].second.name == from) rename_index_fact(i, to);
    for (std::uint32_t i : e.checks)
      if (facts_.checks[i].second.name == from) facts_.checks[i].second.name = to;
  }

  void rename_index_fact(std::uint32_t i, const std::string& to) {
    auto& [table, ix] = facts_.indexes[i];
    erase_place(script_->indexes_by_name[schema_prefix(table) + ix.name], i);
    ix.name = to;
    script_->indexes_by_name[schema_prefix(table) + to].push_back(i);
  }

  // The script's indexes of that schema-qualified name.
  std::vector<std::uint32_t> indexes_named(const std::string& name) {
    record();
    auto it = script_->indexes_by_name.find(name);
    return it == script_->indexes_by_name.end() ? std::vector<std::uint32_t>{} : it->second;
  }

  void on_rename(const json& r) {
    auto rel = r.find("relation");
    if (rel == r.end()) return;
    std::string table = rel_name(*rel);
    std::string type = str(r, "renameType");
    std::string from = str(r, "subname"), to = str(r, "newname");
    if (table.empty() || to.empty()) return;
    if (type == "OBJECT_TABLE") {
      rename_table(table, to);
    } else if (type == "OBJECT_COLUMN" && str(r, "relationType") == "OBJECT_TABLE") {
      if (!from.empty()) rename_column(table, from, to);
    } else if (type == "OBJECT_TABCONSTRAINT") {
      if (!from.empty()) rename_constraint(table, from, to);
    } else if (type == "OBJECT_INDEX") {
      // ALTER INDEX names the index where ALTER TABLE names a table.
      note_change(sql_change::kind::rename_index, table, {}, to);
      for (std::uint32_t i : indexes_named(table)) rename_index_fact(i, to);
    }
  }

  void on_drop(const json& d) {
    std::string type = str(d, "removeType");
    bool cascade = str(d, "behavior") == "DROP_CASCADE";
    for (const json& o : list(d, "objects")) {
      const json* l = node(o, "List");
      if (!l) continue;
      std::string name = dotted_name(list(*l, "items"));
      if (name.empty()) continue;
      if (type == "OBJECT_TABLE")
        drop_table(name, cascade);
      else if (type == "OBJECT_INDEX") {
        note_change(sql_change::kind::drop_index, name);
        for (std::uint32_t i : indexes_named(name)) drop_index_fact(i);
      }
    }
  }

  std::set<std::size_t>& implicit() {
    return script_ ? script_->implicitly_nullable : implicitly_nullable_;
  }

  // --- tables that take their columns from another ----------------------------------------

  // Copies the parent's columns (and what else the derivation takes) from the facts this
  // script wrote of it; a parent the script has not defined is left for the model.
  // `not_null`: receives the columns that come NOT NULL.
  void derive(const table_derivation& d, std::set<std::string>* not_null) {
    sql_script::entries e;
    if (script_) e = entries_of(d.parent);
    if (script_ && script_->over) {
      facts_.opaque_tables.push_back(d.child);
      return;
    }
    if (e.tables.empty() && e.columns.empty()) {
      facts_.derivations.push_back(d);
      return;
    }
    if (std::find(facts_.opaque_tables.begin(), facts_.opaque_tables.end(), d.parent) !=
        facts_.opaque_tables.end()) {
      facts_.opaque_tables.push_back(d.child);
      return;
    }
    const bool all = d.kind != derivation_kind::like;
    struct state {
      std::optional<std::string> type, default_value;
      std::optional<bool> nullable;
      bool primary = false;
    };
    std::vector<std::pair<std::string, state>> columns;
    std::unordered_map<std::string_view, std::size_t> place;  // in `columns`, by name
    for (std::uint32_t i : e.columns) {
      const auto& c = facts_.columns[i];
      auto [at, added] = place.try_emplace(c.column, columns.size());
      if (added) columns.emplace_back(c.column, state{});
      auto it = columns.begin() + static_cast<std::ptrdiff_t>(at->second);
      if (auto t = c.decl.type()) it->second.type = std::string(*t);
      if (c.decl.nullable) it->second.nullable = c.decl.nullable;
      if (auto v = c.decl.default_value()) it->second.default_value = std::string(*v);
      it->second.primary |= c.decl.primary_key;
    }
    // A copy costs more than a visit: it is memory the facts keep.
    if (!follow(3 * (columns.size() + e.checks.size() + e.indexes.size() + e.fks.size()))) {
      facts_.opaque_tables.push_back(d.child);
      return;
    }
    const std::uint32_t block = facts_.next_block();
    for (auto& [name, st] : columns) {
      column_decl decl;
      decl.site = d.site;
      decl.source = fact_source::sql;
      decl.block = block;
      if (st.primary || st.nullable == false)
        decl.nullable = false;
      else if (st.nullable)
        decl.nullable = true;
      auto text = [](const std::optional<std::string>& s) {
        return s ? opt_text(*s) : std::nullopt;
      };
      if (st.type) st.type = std::string(without_serial(*st.type));
      decl.set_texts(texts_, text(st.type),
                     all || d.defaults ? text(st.default_value) : std::nullopt, std::nullopt);
      if (not_null && decl.nullable == false) not_null->insert(name);
      facts_.columns.push_back({d.child, name, std::move(decl)});
    }
    if (all || d.constraints)
      for (std::uint32_t i : e.checks) {
        check_def c = facts_.checks[i].second;
        c.site = d.site;
        facts_.checks.emplace_back(d.child, std::move(c));
      }
    if (d.kind == derivation_kind::partition_of || d.indexes)
      for (std::uint32_t i : e.indexes) {
        index_def ix = facts_.indexes[i].second;
        ix.name = derived_index_name(d.child, ix);
        ix.site = d.site;
        facts_.indexes.emplace_back(d.child, std::move(ix));
      }
    if (d.kind == derivation_kind::partition_of)
      for (std::uint32_t i : e.fks) {
        file_facts::fk_fact fk = facts_.fks[i];
        fk.decl.name = texts_.add(fk_name(i));
        fk.child_table = d.child;
        fk.decl.site = d.site;
        if (fk.decl.on_delete) fk.decl.on_delete->site = d.site;
        if (fk.decl.on_update) fk.decl.on_update->site = d.site;
        facts_.fks.push_back(std::move(fk));
      }
  }

  // CREATE SCHEMA s CREATE TABLE … CREATE INDEX …: the elements, in schema s.
  void on_schema(const json& sc) {
    std::string schema = str(sc, "schemaname");
    if (schema.empty()) return;
    const std::string saved = schema_;
    schema_ = schema == "public" ? std::string() : schema;
    const json& elts = list(sc, "schemaElts");
    const span whole = stmt_;
    for (std::size_t i = 0; i < elts.size(); ++i) {
      // An element ends where the next one names its table.
      stmt_.end = whole.end;
      if (i + 1 < elts.size())
        for (const char* type : {"CreateStmt", "IndexStmt"})
          if (const json* n = node(elts[i + 1], type))
            if (auto rel = n->find("relation"); rel != n->end()) stmt_.end = where(*rel, whole.end);
      statement(elts[i]);
      record();
      stmt_.begin = stmt_.end;
    }
    stmt_ = whole;
    schema_ = saved;
  }

  // CREATE TABLE … AS: a table whose columns a query gives.
  void on_create_as(const json& c) {
    if (str(c, "objtype") != "OBJECT_TABLE") return;
    auto into = c.find("into");
    if (into == c.end()) return;
    auto rel = into->find("rel");
    if (rel == into->end()) return;
    std::string table = rel_name(*rel);
    if (table.empty()) return;
    facts_.tables.emplace_back(table, at(where(*rel, first_token(stmt_.begin, stmt_.end))));
    facts_.opaque_tables.push_back(table);
  }

  void on_domain(const json& d) {
    type_fact t;
    t.name = dotted_name(list(d, "domainname"));
    if (auto tn = d.find("typeName"); tn != d.end()) t.base = type_text(*tn);
    if (t.name.empty() || t.base.empty()) return;
    for (const json& c : list(d, "constraints"))
      if (const json* con = node(c, "Constraint"); con && str(*con, "contype") == "CONSTR_NOTNULL")
        t.not_null = true;
    t.site = at(first_token(stmt_.begin, stmt_.end));
    if (script_) script_->domains[to_lower(t.name)] = t.not_null;
    facts_.types.push_back(std::move(t));
  }

  void on_enum(const json& e) {
    type_fact t;
    t.name = dotted_name(list(e, "typeName"));
    if (t.name.empty()) return;
    t.labels = names(list(e, "vals"));
    t.site = at(first_token(stmt_.begin, stmt_.end));
    facts_.types.push_back(std::move(t));
  }

  // ALTER TYPE … ADD VALUE 'x' or RENAME VALUE 'x' TO 'y': the model changes the enum's
  // labels once every file is merged, wherever the type was created.
  void on_alter_enum(const json& e) {
    type_fact t;
    t.name = dotted_name(list(e, "typeName"));
    std::string label = str(e, "newVal");
    if (t.name.empty() || label.empty()) return;
    t.alter = true;
    t.renamed_from = str(e, "oldVal");
    t.labels = {std::move(label)};
    t.site = at(first_token(stmt_.begin, stmt_.end));
    facts_.types.push_back(std::move(t));
  }

  // The table a RangeVar names; inside CREATE SCHEMA an unqualified name is in that schema.
  std::string rel_name(const json& rv) const {
    if (!schema_.empty() && str(rv, "schemaname").empty() && !str(rv, "relname").empty())
      return schema_ + "." + str(rv, "relname");
    return relation_name(rv);
  }

  // The table a foreign key references; inside CREATE SCHEMA an unqualified name finds a
  // table of that schema first, as PostgreSQL's search path then does.
  std::string referenced_name(const json& rv) {
    std::string name = relation_name(rv);
    if (schema_.empty() || !str(rv, "schemaname").empty() || !script_) return name;
    record();
    auto it = script_->by_table.find(schema_ + "." + name);
    return it != script_->by_table.end() && !it->second.tables.empty() ? it->first : name;
  }

  // The expression after the first `word` token in [from, to), up to a `,` or `;` outside
  // parentheses or the `)` that closes an enclosing list; collapsed to single spaces.
  std::string expression_after(std::string_view word, std::size_t from, std::size_t to) const {
    auto toks = tokenize(text_, from, to);
    std::size_t i = 0;
    if (!word.empty()) {
      while (i < toks.size() && !(toks[i].kind == 'w' && iequals(text_of(toks[i]), word))) ++i;
      if (i == toks.size()) return {};
      ++i;
    }
    if (i == toks.size()) return {};
    std::size_t begin = toks[i].pos, end = begin;
    int base = toks[i].depth;
    for (; i < toks.size(); ++i) {
      const token& t = toks[i];
      if (t.kind == 'p' && t.depth == base && (text_of(t) == "," || text_of(t) == ";")) break;
      if (t.kind == 'p' && text_of(t) == ")" && t.depth < base) break;
      end = t.pos + t.len;
    }
    return collapse_space(text_.substr(begin, end - begin));
  }

  // The text inside the first parentheses after the first `word` token in [from, to).
  std::string parenthesized_after(std::string_view word, std::size_t from, std::size_t to) const {
    auto toks = tokenize(text_, from, to);
    std::size_t i = 0;
    while (i < toks.size() && !(toks[i].kind == 'w' && iequals(text_of(toks[i]), word))) ++i;
    while (i < toks.size() && !(toks[i].kind == 'p' && text_of(toks[i]) == "(")) ++i;
    if (i == toks.size()) return {};
    const token& open = toks[i];
    for (std::size_t j = i + 1; j < toks.size(); ++j)
      if (toks[j].kind == 'p' && text_of(toks[j]) == ")" && toks[j].depth == open.depth)
        return collapse_space(text_.substr(open.pos + 1, toks[j].pos - open.pos - 1));
    return {};
  }

  // Where `ON DELETE` and `ON UPDATE` are written in [from, to).
  std::pair<std::optional<std::size_t>, std::optional<std::size_t>> action_sites(
      std::size_t from, std::size_t to) const {
    std::pair<std::optional<std::size_t>, std::optional<std::size_t>> out;
    auto toks = tokenize(text_, from, to);
    for (std::size_t i = 0; i + 1 < toks.size(); ++i) {
      if (toks[i].kind != 'w' || !iequals(text_of(toks[i]), "on") || toks[i + 1].kind != 'w')
        continue;
      std::string_view next = text_of(toks[i + 1]);
      if (iequals(next, "delete") && !out.first) out.first = toks[i].pos;
      if (iequals(next, "update") && !out.second) out.second = toks[i].pos;
    }
    return out;
  }

  // Each command of an ALTER TABLE statement: the text after the table name, split at the
  // commas between commands.
  std::vector<span> alter_commands(std::size_t name_at) const {
    std::vector<span> out;
    auto toks = tokenize(text_, name_at, stmt_.end);
    std::size_t i = 0;
    // The table name: name ('.' name)*, then an optional `*`.
    if (i < toks.size() && (toks[i].kind == 'w' || toks[i].kind == 'q')) ++i;
    while (i + 1 < toks.size() && text_of(toks[i]) == "." &&
           (toks[i + 1].kind == 'w' || toks[i + 1].kind == 'q'))
      i += 2;
    if (i < toks.size() && text_of(toks[i]) == "*") ++i;
    std::optional<std::size_t> begin;
    std::size_t last_end = 0;
    for (; i < toks.size(); ++i) {
      const token& t = toks[i];
      bool separator = t.kind == 'p' && t.depth == 0 && (text_of(t) == "," || text_of(t) == ";");
      if (separator) {
        if (begin) out.push_back({*begin, last_end});
        begin.reset();
        if (text_of(t) == ";") break;
        continue;
      }
      if (!begin) begin = t.pos;
      last_end = t.pos + t.len;
    }
    if (begin) out.push_back({*begin, last_end});
    return out;
  }

  // The index in facts_.columns of the latest declaration this file's SQL made of a column.
  std::optional<std::size_t> latest_sql_index(const std::string& table, const std::string& column) {
    if (script_) {
      record();
      auto it = script_->by_table.find(table);
      if (it == script_->by_table.end()) return std::nullopt;
      const std::vector<std::uint32_t>& places = it->second.columns;
      for (std::size_t k = places.size(); k-- > 0;)
        if (facts_.columns[places[k]].column == column) {
          if (!follow(places.size() - k)) return std::nullopt;
          return places[k];
        }
      follow(places.size());
      return std::nullopt;
    }
    for (std::size_t k = facts_.columns.size(); k-- > 0;) {
      const auto& c = facts_.columns[k];
      if (c.decl.source == fact_source::sql && c.table == table && c.column == column) return k;
    }
    return std::nullopt;
  }

  // The latest declaration this file's SQL made of a column, or null.
  column_decl* latest_sql_decl(const std::string& table, const std::string& column) {
    auto k = latest_sql_index(table, column);
    return k ? &facts_.columns[*k].decl : nullptr;
  }

  // Marks a column as part of a primary key; a column that was nullable only because its
  // definition said nothing is NOT NULL now.
  void make_primary(std::size_t k) {
    facts_.columns[k].decl.primary_key = true;
    if (implicit().erase(k)) facts_.columns[k].decl.nullable.reset();
  }

  // A fresh declaration stating one change to a column (ALTER TABLE).
  column_decl& change(const std::string& table, const std::string& column, std::size_t offset) {
    column_decl d;
    d.site = at(offset);
    d.source = fact_source::sql;
    d.block = facts_.next_block();
    facts_.columns.push_back({table, column, std::move(d)});
    return facts_.columns.back().decl;
  }

  void on_create(const json& c) {
    auto rel = c.find("relation");
    if (rel == c.end()) return;
    std::string table = rel_name(*rel);
    if (table.empty()) return;
    facts_.tables.emplace_back(table, at(where(*rel, first_token(stmt_.begin, stmt_.end))));
    // INHERITS (p) and PARTITION OF p: the parent's columns come first.
    const bool partition = c.find("partbound") != c.end();
    std::set<std::string> inherited_not_null;
    for (const json& p : list(c, "inhRelations"))
      if (const json* rv = node(p, "RangeVar")) {
        table_derivation d;
        d.child = table;
        d.parent = rel_name(*rv);
        d.kind = partition ? derivation_kind::partition_of : derivation_kind::inherits;
        d.site = at(where(*rv, first_token(stmt_.begin, stmt_.end)));
        if (!d.parent.empty()) derive(d, &inherited_not_null);
      }
    std::uint32_t block = facts_.next_block();
    std::size_t first_column = facts_.columns.size();
    const json& elts = list(c, "tableElts");
    std::vector<std::string> primary;
    for (std::size_t i = 0; i < elts.size(); ++i) {
      if (const json* like = node(elts[i], "TableLikeClause")) {
        on_like(table, *like);
        continue;
      }
      // An element ends where the next one starts.
      std::size_t bound = stmt_.end;
      for (std::size_t k = i + 1; k < elts.size() && bound == stmt_.end; ++k)
        for (const char* type : {"ColumnDef", "Constraint"})
          if (const json* n = node(elts[k], type)) bound = where(*n, stmt_.end);
      if (const json* col = node(elts[i], "ColumnDef")) {
        column_def(table, *col, block, bound);
      } else if (const json* con = node(elts[i], "Constraint")) {
        auto keys = table_constraint(table, *con, bound);
        if (!keys.empty()) primary = std::move(keys);
      }
    }
    for (const std::string& name : primary) {
      bool found = false;
      for (std::size_t k = first_column; k < facts_.columns.size(); ++k)
        if (facts_.columns[k].table == table && facts_.columns[k].column == name) {
          make_primary(k);
          found = true;
        }
      if (!found) change(table, name, first_token(stmt_.begin, stmt_.end)).primary_key = true;
    }
    // A column defined here and inherited NOT NULL is NOT NULL: the definition's silence
    // states nothing.
    for (std::size_t k = first_column; k < facts_.columns.size(); ++k)
      if (facts_.columns[k].table == table && inherited_not_null.count(facts_.columns[k].column) &&
          implicit().erase(k))
        facts_.columns[k].decl.nullable.reset();
  }

  // CREATE TABLE c (LIKE p INCLUDING …): PostgreSQL's option bits (TableLikeOption).
  void on_like(const std::string& table, const json& like) {
    auto rel = like.find("relation");
    if (rel == like.end()) return;
    table_derivation d;
    d.child = table;
    d.parent = rel_name(*rel);
    d.kind = derivation_kind::like;
    long long options = 0;
    if (auto o = like.find("options"); o != like.end() && o->is_number_integer())
      options = o->get<long long>();
    d.constraints = (options & (1 << 2)) != 0;
    d.defaults = (options & (1 << 3)) != 0;
    d.indexes = (options & (1 << 6)) != 0;
    d.site = at(where(*rel, first_token(stmt_.begin, stmt_.end)));
    if (!d.parent.empty()) derive(d, nullptr);
  }

  void column_def(const std::string& table, const json& col, std::uint32_t block,
                  std::size_t bound) {
    std::string name = str(col, "colname");
    if (name.empty()) return;
    column_decl d;
    std::size_t col_at = where(col, first_token(stmt_.begin, stmt_.end));
    d.site = at(col_at);
    d.source = fact_source::sql;
    d.block = block;
    // The type and the default go to the pool together, once the definition is read; an
    // empty one is not stated.
    std::string type_stated, default_stated;
    if (auto tn = col.find("typeName"); tn != col.end()) type_stated = type_text(*tn);
    const json& cons = list(col, "constraints");
    // The last key constraint, which a following DEFERRABLE / NOT DEFERRABLE qualifies.
    std::function<void(bool)> set_deferrable;
    for (std::size_t i = 0; i < cons.size(); ++i) {
      const json* con = node(cons[i], "Constraint");
      if (!con) continue;
      std::size_t from = where(*con, col_at);
      std::size_t to = bound;
      if (i + 1 < cons.size())
        if (const json* next = node(cons[i + 1], "Constraint"))
          to = std::min(to, where(*next, bound));
      std::string type = str(*con, "contype");
      std::string conname = str(*con, "conname");
      if (type == "CONSTR_NULL") {
        d.nullable = true;
      } else if (type == "CONSTR_NOTNULL") {
        d.nullable = false;
      } else if (type == "CONSTR_DEFAULT") {
        std::string value = expression_after("default", from, to);
        if (!value.empty()) default_stated = std::move(value);
      } else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
        bool primary = type == "CONSTR_PRIMARY";
        if (primary) d.primary_key = true;
        index_def ix;
        ix.source = fact_source::sql;
        ix.name = !conname.empty() ? conname
                  : primary        ? bare(table) + "_pkey"
                                   : bare(table) + "_" + name + "_key";
        ix.columns = {name};
        ix.unique = true;
        ix.primary = primary;
        ix.deferrable = flag(*con, "deferrable") || flag(*con, "initdeferred");
        ix.site = at(from);
        facts_.indexes.emplace_back(table, std::move(ix));
        std::size_t k = facts_.indexes.size() - 1;
        set_deferrable = [this, k](bool v) { facts_.indexes[k].second.deferrable = v; };
      } else if (type == "CONSTR_CHECK") {
        add_check(table, *con, from, to, name);
      } else if (type == "CONSTR_FOREIGN") {
        facts_.fks.push_back(foreign_key_of(*con, table, {name}, from, to));
        std::size_t k = facts_.fks.size() - 1;
        set_deferrable = [this, k](bool v) { facts_.fks[k].decl.deferrable = v; };
      } else if (type == "CONSTR_ATTR_DEFERRABLE" || type == "CONSTR_ATTR_DEFERRED") {
        if (set_deferrable) set_deferrable(true);  // INITIALLY DEFERRED implies DEFERRABLE
      } else if (type == "CONSTR_ATTR_NOT_DEFERRABLE") {
        if (set_deferrable) set_deferrable(false);
      } else if (type == "CONSTR_IDENTITY") {
        if (!d.nullable) d.nullable = false;  // identity columns are NOT NULL
      }
    }
    // A serial column and one of a NOT NULL domain are NOT NULL without saying so.
    if (!d.nullable && !type_stated.empty()) {
      auto domain = script_ ? script_->domains.find(to_lower(type_stated))
                            : std::unordered_map<std::string, bool>::iterator{};
      if (is_serial(type_stated) || (script_ && domain != script_->domains.end() && domain->second))
        d.nullable = false;
    }
    // A definition without NOT NULL makes the column nullable: the DDL states it by leaving
    // the constraint out (a primary key, here or later, makes it NOT NULL after all). A
    // definition that only omits what other text states leaves it unstated, and so does a
    // partition's `column WITH OPTIONS`, which has no type of its own.
    bool implicit = !d.nullable && !d.primary_key && omission_states_ && !type_stated.empty();
    if (implicit) d.nullable = true;
    auto stated = [](const std::string& s) { return s.empty() ? std::nullopt : opt_text(s); };
    d.set_texts(texts_, stated(type_stated), stated(default_stated), std::nullopt);
    facts_.columns.push_back({table, name, std::move(d)});
    if (implicit) this->implicit().insert(facts_.columns.size() - 1);
  }

  // A table constraint (CREATE TABLE element or ALTER TABLE ADD); returns the columns of a
  // primary key, so that the caller marks them.
  std::vector<std::string> table_constraint(const std::string& table, const json& con,
                                            std::size_t bound) {
    std::size_t from = where(con, first_token(stmt_.begin, stmt_.end));
    std::string type = str(con, "contype");
    std::string conname = str(con, "conname");
    bool deferrable = flag(con, "deferrable") || flag(con, "initdeferred");
    if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE") {
      bool primary = type == "CONSTR_PRIMARY";
      index_def ix;
      ix.source = fact_source::sql;
      ix.columns = names(list(con, "keys"));
      if (ix.columns.empty()) return {};  // USING INDEX: the index is elsewhere
      ix.name = !conname.empty() ? conname
                : primary        ? bare(table) + "_pkey"
                          : fmt::format("{}_{}_key", bare(table), fmt::join(ix.columns, "_"));
      ix.unique = true;
      ix.primary = primary;
      ix.deferrable = deferrable;
      ix.site = at(from);
      facts_.indexes.emplace_back(table, ix);
      if (primary) return ix.columns;
    } else if (type == "CONSTR_CHECK") {
      add_check(table, con, from, bound, {});
    } else if (type == "CONSTR_FOREIGN") {
      file_facts::fk_fact fk =
          foreign_key_of(con, table, names(list(con, "fk_attrs")), from, bound);
      fk.decl.deferrable = deferrable;
      facts_.fks.push_back(std::move(fk));
    }
    return {};
  }

  void add_check(const std::string& table, const json& con, std::size_t from, std::size_t to,
                 const std::string& column) {
    check_def c;
    c.source = fact_source::sql;
    c.name = str(con, "conname");
    if (c.name.empty()) {
      // PostgreSQL names a check after its column when its expression names exactly one
      // column, wherever the check is written; `column` stands in when the tree is missing.
      std::set<std::string> named;
      if (auto e = con.find("raw_expr"); e != con.end())
        column_refs(*e, named);
      else if (!column.empty())
        named.insert(column);
      c.name = pg_object_name(bare(table), named.size() == 1 ? *named.begin() : "", "check");
    }
    c.expression = parenthesized_after("check", from, to);
    if (auto e = con.find("raw_expr"); e != con.end()) {
      required_columns(*e, c.not_null_columns);
      if (!listed_values(*e, c.values_column, c.values)) {
        c.values_column.clear();
        c.values.clear();
      }
    }
    c.site = at(from);
    facts_.checks.emplace_back(table, std::move(c));
  }

  file_facts::fk_fact foreign_key_of(const json& con, const std::string& table,
                                     std::vector<std::string> columns, std::size_t from,
                                     std::size_t to) {
    fk_decl fk;
    fk.site = at(from);
    fk.source = fact_source::sql;
    fk.dialect = dialect_;
    fk.name = texts_.add(str(con, "conname"));
    if (auto pk = con.find("pktable"); pk != con.end()) fk.parent_table = referenced_name(*pk);
    fk.parent_columns = names(list(con, "pk_attrs"));
    std::string match = str(con, "fk_matchtype");
    fk.match = match == "f"   ? match_kind::full
               : match == "p" ? match_kind::partial
                              : match_kind::simple;
    fk.deferrable = flag(con, "deferrable") || flag(con, "initdeferred");
    auto [del_at, upd_at] = action_sites(from, to);
    // An omitted clause is PostgreSQL's NO ACTION: the DDL states it by leaving it out.
    auto make = [&](const std::string& code, std::vector<std::string> cols,
                    std::optional<std::size_t> site) {
      action a;
      a.kind = action_of(code);
      a.columns = std::move(cols);
      a.raw = a.columns.empty()
                  ? to_sql(a.kind)
                  : texts_.add(fmt::format("{} ({})", to_sql(a.kind), fmt::join(a.columns, ", ")));
      a.site = at(site.value_or(from));
      return a;
    };
    if (del_at || omission_states_)
      fk.on_delete = make(str(con, "fk_del_action"), names(list(con, "fk_del_set_cols")), del_at);
    if (upd_at || omission_states_) fk.on_update = make(str(con, "fk_upd_action"), {}, upd_at);
    return {table, std::move(columns), std::move(fk)};
  }

  void on_alter(const json& a) {
    if (str(a, "objtype") != "OBJECT_TABLE") return;
    auto rel = a.find("relation");
    if (rel == a.end()) return;
    std::string table = rel_name(*rel);
    if (table.empty()) return;
    std::size_t name_at = where(*rel, first_token(stmt_.begin, stmt_.end));
    std::vector<span> segments = alter_commands(name_at);
    const json& cmds = list(a, "cmds");
    for (std::size_t i = 0; i < cmds.size(); ++i) {
      const json* cmd = node(cmds[i], "AlterTableCmd");
      if (!cmd) continue;
      span seg = i < segments.size() && segments.size() == cmds.size() ? segments[i]
                                                                       : span{name_at, stmt_.end};
      std::string subtype = str(*cmd, "subtype");
      std::string column = str(*cmd, "name");
      auto def = cmd->find("def");
      if (subtype == "AT_AddColumn") {
        if (def != cmd->end())
          if (const json* col = node(*def, "ColumnDef"))
            column_def(table, *col, facts_.next_block(), seg.end);
      } else if (subtype == "AT_AddConstraint") {
        if (def == cmd->end()) continue;
        const json* con = node(*def, "Constraint");
        if (!con) continue;
        for (const std::string& name : table_constraint(table, *con, seg.end)) {
          if (auto k = latest_sql_index(table, name))
            make_primary(*k);
          else
            change(table, name, where(*con, seg.begin)).primary_key = true;
        }
      } else if (subtype == "AT_SetNotNull" || subtype == "AT_DropNotNull") {
        if (column.empty()) continue;
        // Statements run in order: the latest one states the column's nullability.
        note_change(sql_change::kind::restate_nullable, table, column);
        if (column_decl* d = latest_sql_decl(table, column)) d->nullable.reset();
        change(table, column, seg.begin).nullable = subtype == "AT_DropNotNull";
      } else if (subtype == "AT_ColumnDefault") {
        if (column.empty()) continue;
        note_change(sql_change::kind::restate_default, table, column);
        if (column_decl* d = latest_sql_decl(table, column)) d->clear_default();
        if (def == cmd->end()) continue;  // DROP DEFAULT
        std::string value = expression_after("default", seg.begin, seg.end);
        if (!value.empty()) change(table, column, seg.begin).set_default(texts_, value);
      } else if (subtype == "AT_DropConstraint") {
        if (script_ && !column.empty()) drop_constraint(table, column);
      } else if (subtype == "AT_DropColumn") {
        if (script_ && !column.empty())
          drop_column(table, column, str(*cmd, "behavior") == "DROP_CASCADE");
      } else if (subtype == "AT_AlterConstraint") {
        // Only a foreign key's DEFERRABLE can be changed.
        const json* con = def != cmd->end() ? node(*def, "Constraint") : nullptr;
        if (!script_ || !con) continue;
        std::string name = str(*con, "conname");
        bool deferrable = flag(*con, "deferrable") || flag(*con, "initdeferred");
        note_change(sql_change::kind::set_deferrable, table, name, {}, deferrable);
        for (std::uint32_t k : entries_of(table).fks)
          if (fk_name(k) == name) facts_.fks[k].decl.deferrable = deferrable;
      } else if (subtype == "AT_AlterColumnType") {
        if (column.empty() || def == cmd->end()) continue;
        const json* col = node(*def, "ColumnDef");
        if (!col || col->find("typeName") == col->end()) continue;
        std::string type = type_text((*col)["typeName"]);
        if (type.empty()) continue;
        note_change(sql_change::kind::restate_type, table, column);
        if (column_decl* d = latest_sql_decl(table, column)) d->clear_type();
        change(table, column, seg.begin).set_type(texts_, type);
      }
    }
  }

  // An index element on an expression, parenthesized as PostgreSQL accepts it anywhere:
  // `lower(slug) DESC` becomes `(lower(slug)) DESC`.
  std::string expression_element(span e) const {
    auto toks = tokenize(text_, e.begin, e.end);
    std::size_t end = toks.size();
    auto word = [&](std::size_t i, std::string_view w) {
      return i < toks.size() && toks[i].kind == 'w' && toks[i].depth == 0 &&
             iequals(text_of(toks[i]), w);
    };
    if (end >= 2 && word(end - 2, "nulls") && (word(end - 1, "first") || word(end - 1, "last")))
      end -= 2;
    if (end >= 1 && (word(end - 1, "asc") || word(end - 1, "desc"))) end -= 1;
    if (end == 0) return {};
    std::size_t stop = toks[end - 1].pos + toks[end - 1].len;
    std::string expr = collapse_space(text_.substr(e.begin, stop - e.begin));
    std::string suffix =
        end < toks.size() ? collapse_space(text_.substr(toks[end].pos, e.end - toks[end].pos)) : "";
    bool wrapped =
        toks.front().kind == 'p' && text_of(toks.front()) == "(" && end >= 2 &&
        text_of(toks[end - 1]) == ")" && toks[end - 1].depth == 0 &&
        std::none_of(toks.begin() + 1, toks.begin() + static_cast<std::ptrdiff_t>(end - 1),
                     [](const token& t) { return t.depth == 0; });
    if (!wrapped) expr = "(" + expr + ")";
    return suffix.empty() ? expr : expr + " " + suffix;
  }

  void on_index(const json& ix) {
    auto rel = ix.find("relation");
    if (rel == ix.end()) return;
    std::string table = rel_name(*rel);
    if (table.empty()) return;
    std::size_t start = first_token(stmt_.begin, stmt_.end);
    std::size_t name_at = where(*rel, start);
    auto toks = tokenize(text_, name_at, stmt_.end);
    // The element list is the first parenthesized list after the table name; the predicate
    // follows the last WHERE outside parentheses.
    std::vector<span> elements;
    std::optional<std::size_t> where_at;
    bool in_list = false, list_done = false;
    std::size_t element_begin = 0, element_end = 0;
    for (std::size_t i = 0; i < toks.size(); ++i) {
      const token& t = toks[i];
      std::string_view s = text_of(t);
      if (!list_done && t.kind == 'p' && s == "(" && t.depth == 0) {
        in_list = true;
        element_begin = element_end = 0;
        continue;
      }
      if (in_list) {
        bool close = t.kind == 'p' && s == ")" && t.depth == 0;
        bool comma = t.kind == 'p' && s == "," && t.depth == 1;
        if (close || comma) {
          if (element_end > element_begin) elements.push_back({element_begin, element_end});
          element_begin = element_end = 0;
          if (close) {
            in_list = false;
            list_done = true;
          }
          continue;
        }
        if (element_end == 0) element_begin = t.pos;
        element_end = t.pos + t.len;
        continue;
      }
      if (list_done && t.kind == 'w' && t.depth == 0 && iequals(s, "where") && i + 1 < toks.size())
        where_at = toks[i + 1].pos;
    }
    index_def d;
    d.source = fact_source::sql;
    d.name = str(ix, "idxname");
    d.unique = flag(ix, "unique");
    d.primary = flag(ix, "primary");
    d.deferrable = flag(ix, "deferrable") || flag(ix, "initdeferred");
    d.site = at(start);
    auto add_calls = [&](const json& tree, std::optional<std::uint32_t> element) {
      for (tree_call& c : calls_in_tree(tree))
        d.calls.push_back({std::move(c.name),
                           at(c.offset ? std::min(base_ + *c.offset, text_.size()) : start),
                           element, c.value_function});
    };
    const json& params = list(ix, "indexParams");
    for (std::size_t i = 0; i < params.size(); ++i) {
      const json* e = node(params[i], "IndexElem");
      if (!e) continue;
      std::string name = str(*e, "name");
      if (name.empty() && i < elements.size() && elements.size() == params.size())
        name = expression_element(elements[i]);
      if (name.empty()) name = "(expression)";
      if (auto expr = e->find("expr"); expr != e->end())
        add_calls(*expr, static_cast<std::uint32_t>(d.columns.size()));
      d.columns.push_back(std::move(name));
    }
    if (d.columns.empty()) return;
    if (auto clause = ix.find("whereClause"); clause != ix.end()) {
      add_calls(*clause, std::nullopt);
      if (where_at) {
        std::string predicate = expression_after({}, *where_at, stmt_.end);
        d.where = predicate.empty() ? "true" : predicate;
        d.where_key = tree_key(*clause);
      }
    }
    if (d.name.empty()) {
      std::string cols;
      for (const auto& c : d.columns) cols += "_" + (c.starts_with('(') ? std::string("expr") : c);
      d.name = bare(table) + cols + (d.unique ? "_key" : "_idx");
    }
    facts_.indexes.emplace_back(table, std::move(d));
  }

  file_facts& facts_;
  file_id id_;
  const code_block& block_;
  std::string_view text_;  ///< what is parsed: the block's text, or its normalized text
  text_pool& texts_;
  sql_dialect dialect_;
  const normalized_sql* normalized_;
  bool omission_states_;  ///< an omitted ON DELETE / ON UPDATE states NO ACTION
  std::vector<std::size_t> line_starts_;
  std::uint32_t column_base_ = 0;
  std::size_t base_ = 0;  ///< offset in the block of the text the current tree came from
  std::set<std::size_t> implicitly_nullable_;  ///< facts_.columns nullable only by omission
  span stmt_;                                  ///< the current statement, offsets in the block
  std::string blanked_;  ///< the block with its psql meta-commands blanked, when it has any
  bool broken_ = false;  ///< a statement did not parse, and no statement line followed yet

  sql_script* script_ = nullptr;  ///< the file's SQL as one script; null for SQL in a table
  std::array<std::uint32_t, file_facts::fact_lists> recorded_;  ///< the sizes record() saw
  std::string schema_;                                          ///< inside CREATE SCHEMA: its name
};

}  // namespace

void read_sql(const code_block& b, file_id id, text_pool& texts, file_facts& facts,
              sql_dialect dialect, bool omission_states, bool script) {
  if (dialect == sql_dialect::auto_detect && facts.dialect != sql_dialect::auto_detect)
    dialect = facts.dialect;
  std::optional<normalized_sql> normalized = as_postgres(b.text, dialect);
  if (dialect == sql_dialect::mysql || dialect == sql_dialect::sqlite) facts.dialect = dialect;
  block_reader(facts, id, b, texts, dialect, normalized ? &*normalized : nullptr, omission_states,
               script)
      .run();
}

namespace {

// The one SELECT a parse holds when it has nothing but `clause` (its target list, or its
// WHERE); null otherwise.
const json* lone_select(const parse_outcome& parsed, std::string_view clause) {
  if (!parsed.tree) return nullptr;
  const json& stmts = list(*parsed.tree, "stmts");
  if (stmts.size() != 1) return nullptr;
  auto stmt = stmts[0].find("stmt");
  const json* select = stmt == stmts[0].end() ? nullptr : node(*stmt, "SelectStmt");
  if (!select) return nullptr;
  for (const auto& item : select->items())
    if (item.key() != clause && item.key() != "limitOption" && item.key() != "op") return nullptr;
  return select;
}

}  // namespace

std::vector<index_call> calls_in_expression(std::string_view expression) {
  static constexpr std::string_view prefix = "SELECT ";
  std::string text = std::string(prefix) + std::string(expression);
  if (too_deep(text, 0, text.size())) return {};
  parse_outcome parsed = parse_sql(text);
  // One SELECT of one value and nothing else: text such as `a) FROM t WHERE (b` is no
  // expression.
  const json* select = lone_select(parsed, "targetList");
  if (!select) return {};
  const json& targets = list(*select, "targetList");
  if (targets.size() != 1) return {};
  std::vector<index_call> out;
  for (tree_call& c : calls_in_tree(targets[0])) {
    index_call call;
    call.name = std::move(c.name);
    call.value_function = c.value_function;
    out.push_back(std::move(call));
  }
  return out;
}

namespace {

// One expression parsed and printed back by libpg_query; empty when it is not one.
std::string deparsed_expression(std::string_view expression) {
  static constexpr std::string_view prefix = "SELECT ";
  std::string text = std::string(prefix) + std::string(expression);
  if (too_deep(text, 0, text.size())) return {};
  std::lock_guard lock(pg_query_lock());
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf(text.c_str());
  std::unique_ptr<PgQueryProtobufParseResult, protobuf_result_free> parsed_guard(&parsed);
  if (parsed.error) return {};
  PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(parsed.parse_tree);
  std::unique_ptr<PgQueryDeparseResult, deparse_result_free> deparsed_guard(&deparsed);
  if (deparsed.error || !deparsed.query) return {};
  std::string_view out = deparsed.query;
  // One expression deparses as `SELECT expr`; anything else (`a FROM t`) is no expression.
  if (!out.starts_with(prefix) || out.find(" FROM ") != std::string_view::npos) return {};
  return std::string(out.substr(prefix.size()));
}

// PostgreSQL keeps a CHECK or a predicate as it analysed it and prints it back so: each
// literal cast to its column's type (`'a'::text`, `(0)::numeric`), `BETWEEN` as two
// comparisons, `IN (…)` as
// `= ANY (ARRAY[…])` and `NOT IN (…)` as `<> ALL (ARRAY[…])`. Without those, token by token,
// the expression reads as it was written.
std::string without_server_spelling(std::string_view s) {
  const std::vector<token> toks = tokenize(s, 0, s.size());
  auto text = [&](std::size_t i) {
    return i < toks.size() ? s.substr(toks[i].pos, toks[i].len) : std::string_view();
  };
  auto is = [&](std::size_t i, std::string_view w) { return iequals(text(i), w); };
  // Words that continue a type's name: `character varying`, `timestamp with time zone`.
  auto continues_type = [&](std::size_t i) {
    return is(i, "varying") || is(i, "precision") || is(i, "with") || is(i, "without") ||
           is(i, "time") || is(i, "zone");
  };
  std::string out;
  std::size_t copied = 0;
  auto drop = [&](std::size_t from_pos, std::size_t to_pos, std::string_view with = {}) {
    out.append(s.substr(copied, from_pos - copied)).append(with);
    copied = to_pos;
  };
  std::vector<std::size_t> array_ends;  // the `]` of each `= ANY (ARRAY[` being rewritten
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const bool literal = toks[i].kind == 's' || toks[i].kind == 'n' ||
                         (text(i) == ")" && i >= 2 && text(i - 2) == "(" &&
                          (toks[i - 1].kind == 's' || toks[i - 1].kind == 'n'));
    if (literal && text(i + 1) == ":" && text(i + 2) == ":" && toks[i + 3].kind == 'w') {
      std::size_t j = i + 4;
      while (j < toks.size() && toks[j].kind == 'w' && continues_type(j)) ++j;
      if (text(j) == "(" && toks[j + 1].kind == 'n') {
        std::size_t k = j + 2;
        while (text(k) == "," && toks[k + 1].kind == 'n') k += 2;
        if (text(k) == ")") j = k + 1;
      }
      if (text(j) == "[" && text(j + 1) == "]") j += 2;
      const token& last = toks[j - 1];
      drop(toks[i].pos + toks[i].len, last.pos + last.len);
      i = j - 1;
      continue;
    }
    // `x BETWEEN a AND b` of a column and two literals is stored as `x >= a AND x <= b`.
    auto plain_value = [&](std::size_t k) { return toks[k].kind == 's' || toks[k].kind == 'n'; };
    if ((toks[i].kind == 'w' || toks[i].kind == 'q') && i + 4 < toks.size() &&
        is(i + 1, "between") && plain_value(i + 2) && is(i + 3, "and") && plain_value(i + 4) &&
        (i == 0 || text(i - 1) == "(" || is(i - 1, "and") || is(i - 1, "or") || is(i - 1, "not"))) {
      drop(toks[i].pos, toks[i + 4].pos + toks[i + 4].len,
           fmt::format("({0} >= {1} AND {0} <= {2})", text(i), text(i + 2), text(i + 4)));
      i += 4;
      continue;
    }
    const bool any = text(i) == "=" && is(i + 1, "any");
    const bool all = text(i) == "<" && text(i + 1) == ">" && is(i + 2, "all");
    const std::size_t open = i + (all ? 3 : 2);
    if ((any || all) && text(open) == "(" && is(open + 1, "array") && text(open + 2) == "[") {
      int nest = 0;
      for (std::size_t k = open + 2; k < toks.size(); ++k) {
        if (text(k) == "[") ++nest;
        if (text(k) == "]" && --nest == 0) {
          if (text(k + 1) == ")") array_ends.push_back(k);
          break;
        }
      }
      if (!array_ends.empty() && array_ends.back() > open) {
        drop(toks[i].pos, toks[open + 2].pos + 1, all ? "NOT IN (" : "IN (");
        i = open + 2;
        continue;
      }
    }
    if (!array_ends.empty() && array_ends.back() == i) {
      array_ends.pop_back();
      drop(toks[i].pos, toks[i + 1].pos + 1, ")");
      ++i;
    }
  }
  return out.append(s.substr(copied));
}

}  // namespace

std::string canonical_expression(std::string_view expression) {
  std::string out = deparsed_expression(expression);
  if (out.empty()) return out;
  std::string plain = without_server_spelling(out);
  if (plain == out) return out;
  std::string again = deparsed_expression(plain);
  return again.empty() ? out : again;
}

std::string predicate_key(std::string_view expression) {
  static constexpr std::string_view prefix = "SELECT WHERE ";
  std::string text = std::string(prefix) + std::string(expression);
  if (trim(expression).empty() || too_deep(text, 0, text.size())) return {};
  parse_outcome parsed = parse_sql(text);
  // One SELECT with a WHERE and nothing else: text such as `a) OR (b` or `a; DROP …` is
  // no predicate.
  const json* select = lone_select(parsed, "whereClause");
  if (!select) return {};
  auto clause = select->find("whereClause");
  return clause == select->end() ? std::string() : tree_key(*clause);
}

std::string quoted_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string quoted_name(std::string_view name) {
  std::string out;
  for (const std::string& part : split_list(name, '.')) {
    if (!out.empty()) out += '.';
    out += quoted_identifier(part);
  }
  return out;
}

bool expression_mentions(std::string_view expression, const std::string& column) {
  return mentions(expression, column);
}

std::string rename_in_expression(std::string_view expression, const std::string& from,
                                 const std::string& to) {
  return renamed_in(expression, from, to);
}

std::string schema_of(const std::string& table) {
  return schema_prefix(table);
}

}  // namespace speclint::load
