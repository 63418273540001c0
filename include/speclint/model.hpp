#pragma once

// The schema model: every fact speclint read from the spec, merged per table, column,
// foreign key and task, each with the place it came from.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "speclint/location.hpp"
#include "speclint/settings.hpp"
#include "speclint/targets.hpp"
#include "speclint/text_pool.hpp"

namespace speclint {

/// Hash of a string key that also takes a `std::string_view`, so that looking a key up
/// allocates nothing.
struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// A map from strings that is searched with string views.
template <class Value>
using text_map = std::unordered_map<std::string, Value, text_hash, std::equal_to<>>;

/// How a file takes part in the spec.
enum class file_role : std::uint8_t { doc, task };

/// Where a fact was stated.
enum class fact_source : std::uint8_t { column_table, reference_table, arrow_item, sql };

/// A referential action of ON DELETE / ON UPDATE.
enum class action_kind : std::uint8_t {
  no_action,
  restrict,
  cascade,
  set_null,
  set_default,
  unknown
};

/// Canonical SQL spelling of an action ("SET NULL"), or "?" for unknown.
std::string_view to_sql(action_kind k);

/// Parses an action as written in a spec (`SET NULL`, `setNull`, `set-null`, …); nullopt if not
/// one.
std::optional<action_kind> parse_action(std::string_view text);

/// One stated referential action, with the text it came from.
struct action {
  std::vector<std::string> columns;  ///< PostgreSQL 15 `SET NULL (cols)` subset; empty = all.
  std::string_view raw;              ///< as written, for messages; kept in the model's pool
  location site;
  action_kind kind = action_kind::no_action;
};

/// A text that may be absent: a present empty text differs from an absent one.
using opt_text = std::optional<std::string_view>;

/// The SQL dialect a block is written in; MySQL and SQLite blocks are read as PostgreSQL
/// once their spellings are normalized (load/sql_dialect.hpp).
enum class sql_dialect : std::uint8_t { postgres, mysql, sqlite, auto_detect };

/// The dialect's name as people write it: `PostgreSQL`, `MySQL`, `SQLite`.
std::string_view dialect_name(sql_dialect d);

/// One place's statement about a column.
struct column_decl {
  location site;            ///< the row or definition
  std::uint32_t block = 0;  ///< id of the column table / CREATE TABLE it belongs to
  fact_source source = fact_source::column_table;
  std::optional<bool> nullable;  ///< explicitly stated nullability
  bool primary_key = false;
  bool unique = false;
  sql_dialect dialect = sql_dialect::postgres;  ///< the dialect of the doc that stated it

  /// The type as written, when stated.
  opt_text type() const { return text(0); }
  /// The default as written, when stated.
  opt_text default_value() const { return text(1); }
  /// The Notes cell, for exports.
  opt_text note() const { return text(2); }
  /// States the type, default and note at once, kept in `texts`; nullopt: not stated.
  void set_texts(text_pool& texts, opt_text type, opt_text default_value, opt_text note);
  void set_type(text_pool& texts, std::string_view t) {
    set_texts(texts, t, default_value(), note());
  }
  void set_default(text_pool& texts, std::string_view d) { set_texts(texts, type(), d, note()); }
  void set_note(text_pool& texts, std::string_view n) {
    set_texts(texts, type(), default_value(), n);
  }
  /// Unstates the type or the default; the other texts stay where they are.
  void clear_type() { clear(0); }
  void clear_default() { clear(1); }

 private:
  opt_text text(int which) const;
  void clear(int which);

  // The type, default and note, one after another in the pool, as sizes and one pointer
  // rather than three optional views: a model holds one of these per column row.
  std::uint8_t present_ = 0;  ///< bit i: text i is stated
  std::uint32_t sizes_[3] = {0, 0, 0};
  const char* texts_ = "";
};

/// The values a doc lists as the only ones a column takes (`one of `a`, `b``, a Values cell,
/// a bullet under the column), in the order written.
struct documented_values {
  std::vector<std::string> values;
  location site;
};

/// A column with every declaration of it and the merged view. Its table is the one whose
/// list holds it (see qualified_name).
struct column {
  std::string_view name;  ///< kept by the model
  std::vector<column_decl> decls;
  std::vector<documented_values> values;  ///< every place that lists its values

  /// First declaration that states a type, or null.
  const column_decl* type_decl() const;
  /// The type as first declared, or empty.
  std::string_view type() const;
  /// True when some declaration says NOT NULL or makes it part of a primary key.
  bool not_null() const;
  /// The declaration that makes it NOT NULL (explicit NOT NULL first, then primary key), or null.
  const column_decl* not_null_decl() const;
  /// The declaration that states a default, or null.
  const column_decl* default_decl() const;
  /// True when some declaration marks the column PRIMARY KEY.
  bool primary_key() const;
  /// True when some declaration marks the column UNIQUE.
  bool unique() const;
  /// The first declaration's site.
  location site() const { return decls.empty() ? location{} : decls.front().site; }
};

/// A built-in function an index's predicate or expressions call, as the SQL parser read it.
struct index_call {
  std::string name;  ///< without `pg_catalog.`: `now`, or a keyword such as `current_timestamp`
  location site;
  /// The index expression that calls it (a place in the index's `columns`); none: the predicate.
  std::optional<std::uint32_t> element;
  bool value_function = false;  ///< an SQL keyword without parentheses (`current_timestamp`)
};

/// An index (or unique constraint) on a table, in key order.
struct index_def {
  std::string name;
  std::vector<std::string> columns;  ///< names, or an expression parenthesized: `(lower(email))`
  std::string where;                 ///< a partial index's predicate; empty when not partial
  /// The predicate's parse tree without places, as text: two predicates that PostgreSQL reads
  /// alike have the same key (spacing, case of keywords, parentheses aside); empty when not
  /// partial or when the predicate does not parse.
  std::string where_key;
  /// The functions its predicate and expressions call, unqualified or in `pg_catalog`, in
  /// order; a function of another schema is the user's own, and not listed.
  std::vector<index_call> calls;
  location site;
  fact_source source = fact_source::column_table;
  bool unique = false;
  bool primary = false;
  bool deferrable = false;
};

/// A CHECK constraint, kept as its expression text and the columns it requires to be non-null.
struct check_def {
  std::string name;
  std::string expression;
  std::vector<std::string> not_null_columns;
  /// When the expression admits only listed values of one column (`c IN ('a', 'b')`,
  /// `c = ANY (ARRAY['a', 'b'])`, `c = 'a' OR c = 'b'`, with or without `c IS NULL OR`):
  /// that column and the values, in the order written; else empty.
  std::string values_column;
  std::vector<std::string> values;
  location site;
  fact_source source = fact_source::column_table;
};

/// A table: its columns in declaration order, keys and indexes.
struct table {
  std::string name;
  location site;                ///< the heading or statement that first defined it
  std::vector<location> sites;  ///< every place that defines it
  std::vector<column> columns;
  std::vector<index_def> indexes;  ///< documented indexes, unique constraints and the primary key
  std::vector<check_def> checks;
  /// Its columns come from a query (CREATE TABLE AS) or from a table no file defines: no
  /// column is unknown for its absence.
  bool columns_unknown = false;
  /// Its section says `Kind: append-only` (or `Kind: ledger`): rows are only ever added.
  bool append_only = false;
  /// Its section's `Retention: …`, as written; empty when not stated.
  std::string retention;
  /// Where its section first states one of those, for findings.
  location kind_site;

  /// The column of that exact name, or null.
  const column* find_column(std::string_view name) const;
  /// The column whose name matches ignoring case, or null.
  const column* find_column_icase(std::string_view name) const;
  /// Primary-key column names in key order (from an explicit key, else from PK-marked columns).
  std::vector<std::string> primary_key() const;

  /// The columns by name, built once a table has more than `scan_columns` columns; a
  /// narrower table is searched in order, which is faster and costs no memory.
  std::unordered_map<std::string_view, std::uint32_t> column_index_;
  static constexpr std::size_t scan_columns = 32;
};

/// `table.column`, for a column of that table.
std::string qualified_name(const table& t, const column& c);

/// Match type of a composite foreign key.
enum class match_kind : std::uint8_t { simple, full, partial };

/// One place's statement of a foreign key. Its child table and columns are its foreign
/// key's, which every declaration of it shares.
struct fk_decl {
  location site;
  fact_source source = fact_source::reference_table;
  match_kind match = match_kind::simple;
  bool deferrable = false;
  std::string parent_table;
  std::vector<std::string> parent_columns;  ///< empty: the parent's primary key
  std::optional<action> on_delete;
  std::optional<action> on_update;
  std::string_view name;  ///< the constraint name, when stated (SQL); kept in the model's pool
  sql_dialect dialect = sql_dialect::postgres;  ///< the dialect of the SQL that stated it
};

/// A foreign key merged from every declaration with the same child table and columns.
struct foreign_key {
  std::string child_table;
  std::vector<std::string> child_columns;
  std::string parent_table;
  std::vector<std::string> parent_columns;  ///< resolved: the parent's primary key when unstated
  std::vector<fk_decl> decls;

  /// The first stated ON DELETE, or null (NO ACTION by default).
  const action* on_delete() const;
  /// The first stated ON UPDATE, or null (NO ACTION by default).
  const action* on_update() const;
  /// Effective ON DELETE kind (NO ACTION when unstated).
  action_kind delete_kind() const {
    return on_delete() ? on_delete()->kind : action_kind::no_action;
  }
  /// `child(cols) -> parent(cols)` for messages.
  std::string describe() const;
  /// The columns an action sets: its explicit subset, else every child column.
  const std::vector<std::string>& affected_columns(const action& a) const;
  /// First declaration's site.
  location site() const { return decls.front().site; }
};

/// An enum type (`CREATE TYPE … AS ENUM`) and its labels in order.
struct enum_type {
  std::string name;
  std::vector<std::string> labels;
  location site;
};

/// One item of a list of what deleting a row of a table does: a table and what happens to it.
struct deletion_claim {
  /// What the item says happens: `deleted`, `cleared` (`set to NULL`), `blocked`, or nothing.
  enum class effect : std::uint8_t { unstated, deleted, cleared, blocked } what = effect::unstated;
  std::string table;  ///< the table the item names
  location site;      ///< the item
};

/// A list under a heading "Deleting `t`" (or "What deleting `t` does"): what deleting a row
/// of `t` does, table by table.
struct deletion_list {
  std::string table;  ///< the table whose row is deleted
  std::string heading;
  location site;  ///< the list's first item
  std::vector<deletion_claim> items;
};

/// A heading of a document; its texts are kept in the model's pool.
struct heading {
  std::string_view text;  ///< plain text
  std::string_view slug;  ///< GitHub anchor, with -1, -2 for repeats
  location site;
  int level = 1;               ///< 1 for `#`, up to 6
  std::uint32_t end_line = 0;  ///< last line of its section
};

/// A Markdown link or image. Its texts are kept in the model's pool.
struct link {
  std::string_view target;  ///< as written
  location site;
  speclint::target to;  ///< resolved against the directory of the file that holds it
};

/// A fenced code block.
struct code_block {
  std::string info;              ///< info string's first word, lower-cased
  std::string text;              ///< content
  location site;                 ///< the opening fence
  std::uint32_t first_line = 0;  ///< line of the first content line
  std::uint32_t indent = 0;      ///< columns stripped from each content line
};

/// An inline suppression comment.
struct suppression {
  enum class kind : std::uint8_t {
    next_line,
    same_line,
    disable,
    enable,
    file
  } what = kind::next_line;
  std::vector<std::string> rules;  ///< empty: every rule
  std::uint32_t line = 0;
};

struct yaml_entry;

/// A value of YAML front matter, kept with its line (yaml-cpp types stay in the loader).
struct yaml_value {
  enum class kind : std::uint8_t { null, scalar, sequence, map } what = kind::null;
  std::string scalar;
  bool quoted = false;  ///< a quoted scalar is a string, never a number or boolean
  std::vector<yaml_value> items;
  std::vector<yaml_entry> entries;  ///< a mapping's keys and values, in order
  location site;                    ///< the value
  location key_site;                ///< the key, for map entries

  /// The entry of that key, or null.
  const yaml_value* find(std::string_view key) const;
};

/// A key of a YAML mapping and its value (a struct, not a pair, so that yaml_value may hold
/// a vector of them while it is still incomplete).
struct yaml_entry {
  std::string first;
  yaml_value second;
};

/// A loaded Markdown file.
struct document {
  std::string_view path;  ///< relative to the root, forward slashes; kept in the model's pool
  file_role role = file_role::doc;
  std::uint32_t line_count = 0;
  bool binary = false;
  bool auxiliary = false;  ///< read only because something links to it: no rules run on it
  /// A delta spec: it describes a change, so the tables, columns and keys it leaves out may
  /// exist (front matter `speclint: delta`, or a `delta` glob in the configuration).
  bool delta = false;
  bool has_front_matter = false;
  std::uint32_t body_line = 1;  ///< first line after front matter
  std::vector<heading> headings;
  std::vector<link> links;

  std::vector<code_block> code_blocks;    ///< fenced code blocks, in order
  std::vector<suppression> suppressions;  ///< inline suppression comments, in order

  /// The heading with that slug, or null.
  const heading* find_anchor(std::string_view slug) const;
  /// The innermost heading whose section holds the line, or null.
  const heading* section_at(std::uint32_t line) const;
};

/// A checkbox of a task's acceptance criteria.
struct criterion {
  std::string_view text;  ///< kept in the model's pool
  location site;
  bool checked = false;
};

/// One item of a task's References. Its texts are kept in the model's pool.
struct reference {
  std::string_view raw;  ///< as written
  target to;             ///< resolved against the repository root
  location site;
};

/// What the loader found at a path that a link or reference names.
struct path_info {
  bool exists = false;
  bool directory = false;
  std::uint32_t line_count = 0;  ///< lines of a regular file
};

/// The value of an expected property of an assert, as the front matter gave it: the rules
/// take scalars only, so a map or sequence keeps its kind and place but not its content.
struct expected_value {
  std::string_view scalar;  ///< kept in the model's pool
  /// A sequence's scalar items (`unique: [orgId, name]`), or the values of a `check`
  /// assertion; kept in the model's pool.
  std::vector<std::string_view> items;
  /// A `where` predicate's key (see index_def::where_key); empty when it does not parse.
  std::string_view key;
  location site;
  yaml_value::kind what = yaml_value::kind::null;
  bool quoted = false;  ///< a quoted scalar is a string, never a number or boolean
};

/// One `asserts` entry of a task: a schema fact the task guarantees; its names are kept in
/// the model's pool.
struct assertion {
  enum class kind : std::uint8_t { table, column, fk, check } what = kind::table;
  location site;
  /// Expected properties: each key, kept in the model's pool, and its value.
  std::vector<std::pair<std::string_view, expected_value>> expect;

  std::string_view table;  ///< the subject's table (the child's for a foreign key)
  std::string_view
      column;  ///< the subject's column (the child's for a foreign key); empty for a table
  std::string_view parent_table;   ///< a foreign key's parent table; empty otherwise
  std::string_view parent_column;  ///< a foreign key's parent column; empty otherwise
};

/// A body section of a task: a heading of level 1 or 2 in the task's file, and its lines.
/// The title is the heading's, so a task keeps no second copy of it.
struct task_section {
  std::uint32_t heading = 0;  ///< place in the task file's headings
  std::uint32_t end_line = 0;
  std::uint32_t text_offset = 0, text_size = 0;  ///< its lines, as bytes of the file's text

  /// The heading's plain text, from the task's file.
  std::string_view title(const document& file) const { return file.headings[heading].text; }
  /// The heading's line, from the task's file.
  std::uint32_t line(const document& file) const { return file.headings[heading].site.line; }
  /// The section's lines after its heading, with their line ends as written, from the text of
  /// the task's file: only the file rules see that text (the model keeps none), and any other
  /// text gives what lies in its range, or nothing.
  std::string_view text(std::string_view file_text) const {
    return text_offset <= file_text.size() ? file_text.substr(text_offset, text_size)
                                           : std::string_view();
  }
};

/// A task file; its texts are kept in the model's pool.
struct task {
  std::string_view id;
  std::string_view name;
  std::string_view status;
  location id_site, status_site;
  file_id file = 0;
  bool valid = false;  ///< front matter parsed and holds an id
  std::vector<std::pair<std::string_view, location>> depends_on;
  std::vector<criterion> criteria;
  std::vector<reference> references;
  std::vector<assertion> asserts;
  std::vector<task_section> sections;
  /// Every `a.b` name (for_each_dotted_name) that the text of its sections mentions, once
  /// each, in order of first mention, each followed by a line feed: all that is kept of a
  /// task's text once its file is read.
  std::string_view mentions;

  /// The section whose title starts with that text, or null; `file` is the task's file.
  const task_section* section(const document& file, std::string_view title) const;
  /// Calls `f` with each of the mentions.
  template <class F>
  void for_each_mention(F&& f) const {
    std::string_view rest = mentions;
    for (std::size_t end; (end = rest.find('\n')) != std::string_view::npos;
         rest.remove_prefix(end + 1))
      f(rest.substr(0, end));
  }
};

/// What the loader could not read; reported by the matching `parse/...` rule.
struct load_issue {
  /// unread_schema: a block that looks like schema but that no reader took; psql_meta_command:
  /// a line of an SQL block that is psql's, not SQL (`\d t`).
  enum class kind : std::uint8_t {
    markdown,
    front_matter,
    sql_syntax,
    binary,
    unread_schema,
    psql_meta_command
  } what;
  location site;
  std::string message;
};

/// Everything speclint knows about a spec.
class model {
 public:
  model();
  model(model&&) = default;
  model& operator=(model&&) = default;
  model(const model&) = delete;
  model& operator=(const model&) = delete;

  /// Files in sorted order; `file_id` indexes this list.
  const std::vector<document>& documents() const { return documents_; }
  /// The path of a file.
  std::string_view path(file_id f) const { return documents_[f].path; }
  /// `path:line` for messages.
  std::string where(const location& l) const;

  const std::vector<table>& tables() const { return tables_; }
  const std::vector<foreign_key>& foreign_keys() const { return foreign_keys_; }
  const std::vector<task>& tasks() const { return tasks_; }
  const std::vector<load_issue>& load_issues() const { return load_issues_; }
  /// The lists of what deleting a row of a table does, in file order.
  const std::vector<deletion_list>& deletion_lists() const { return deletion_lists_; }
  const settings& config() const { return settings_; }

  /// The table of that exact name, or null.
  const table* find_table(std::string_view name) const;
  /// The table whose name matches ignoring case, or null.
  const table* find_table_icase(std::string_view name) const;
  /// The column `table.column`, or null.
  const column* find_column(std::string_view table, std::string_view column) const;
  /// The first foreign key on exactly these child columns of a table, or null.
  const foreign_key* find_fk(std::string_view table, const std::vector<std::string>& columns) const;
  /// Every foreign key on exactly these child columns of a table, in the model's order: SQL
  /// may declare several, each with a target of its own.
  std::vector<const foreign_key*> find_fks(std::string_view table,
                                           const std::vector<std::string>& columns) const;
  /// The task with that id (the first, if duplicated), or null.
  const task* find_task(std::string_view id) const;
  /// The id of the task at that place in tasks(), as a view into one block that holds every
  /// task id. Findings name their owning tasks by place in this table (see task_ids), so
  /// reading owners back touches a small block of memory rather than every task. Valid
  /// after finish().
  std::string_view pooled_id(std::size_t task) const { return pooled_ids_[task]; }
  const std::vector<std::string_view>& pooled_ids() const { return pooled_ids_; }
  /// The enum type a column of that type takes its values from (through domains), or null.
  const enum_type* find_enum(std::string_view type) const;
  /// The type a column of that type compares as: a domain's base type (through domains over
  /// domains), else the type itself.
  std::string_view underlying_type(std::string_view type) const;
  /// The enum types SQL created, with their labels.
  const std::vector<enum_type>& enums() const { return enums_; }
  /// The domains SQL created, by lower-cased name without `public.`: the type each is over and
  /// whether it is NOT NULL.
  const text_map<std::pair<std::string, bool>>& domains() const { return domains_; }
  /// True when the type is a domain declared NOT NULL, or a domain over one.
  bool not_null_type(std::string_view type) const;
  /// The file with that repository-relative path, or null.
  const document* find_document(std::string_view path) const;
  /// Number of columns over all tables.
  std::size_t column_count() const;
  /// What is at a repository-relative path: a loaded document, or a path a link named;
  /// null when the loader never looked.
  std::optional<path_info> probe(std::string_view path) const;
  /// The loaded document an inside target names, or null: by the file the loader found for
  /// it, without a lookup, else by its path.
  const document* document_of(const target& t) const;
  /// What is at the path of an inside target, as probe(path) gives it.
  std::optional<path_info> probe(const target& t) const;

 private:
  friend class model_builder;  // the one way to fill a model (src/model/merge.hpp)

  // A foreign key is known by its child table and child columns, in order.
  static std::size_t fk_hash(std::string_view table, const std::vector<std::string>& columns);

  std::vector<document> documents_;
  std::vector<table> tables_;
  std::vector<foreign_key> foreign_keys_;
  std::vector<task> tasks_;
  std::vector<load_issue> load_issues_;
  std::vector<deletion_list> deletion_lists_;
  settings settings_;
  // Tables by name, keys by child table and columns, tasks by id, files by path.
  text_map<std::uint32_t> table_index_;
  std::unordered_multimap<std::size_t, std::uint32_t> fk_index_;  // by fk_hash
  std::unordered_map<std::string_view, std::uint32_t> task_index_;
  std::unordered_map<std::string_view, std::uint32_t> document_index_;
  text_map<path_info> paths_;
  // Domains by lower-cased name: the base type and whether the domain is NOT NULL.
  text_map<std::pair<std::string, bool>> domains_;
  // Enum types, by lower-cased name as domains_.
  std::vector<enum_type> enums_;
  text_map<std::uint32_t> enum_index_;
  std::vector<char> id_pool_;  // a vector, not a string: its buffer survives moves of the model
  std::vector<std::string_view> pooled_ids_;
  text_pool texts_;  // the texts that records of the model view (see text_pool)
};

/// Where a task reference `path:line` (or `path:a-b`) should point now: when its lines hold
/// no declaration (a column row, a key's row or definition) of a column the task cites (in
/// its asserts, or by `table.column` in its text), while the file declares the columns it
/// cites at exactly one other line, that line; else nullopt. Mentions in prose are not
/// declarations.
std::optional<std::uint32_t> moved_reference_line(const model& m, const task& t,
                                                  const reference& r);

}  // namespace speclint
