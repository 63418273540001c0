#pragma once

// What a reader takes from one file, before it is merged into the model (merge.hpp).

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "speclint/model.hpp"

namespace speclint {

struct sql_script;  // load/sql.cpp: a file's SQL blocks, read as one script

/// How a table takes its columns from another.
enum class derivation_kind : std::uint8_t { inherits, partition_of, like };

/// A table that takes its columns (and more, by `kind`) from another table.
struct table_derivation {
  std::string child, parent;
  derivation_kind kind = derivation_kind::inherits;
  bool defaults = false;     ///< LIKE: INCLUDING DEFAULTS (INHERITS and PARTITION OF: always)
  bool constraints = false;  ///< LIKE: INCLUDING CONSTRAINTS (INHERITS and PARTITION OF: always)
  bool indexes = false;      ///< LIKE: INCLUDING INDEXES (PARTITION OF: always)
  location site;             ///< the parent's name in the statement
};

/// A type that SQL creates: a domain over `base`, or an enum (`base` empty) with its labels.
struct type_fact {
  std::string name, base;
  std::vector<std::string> labels;  ///< an enum's labels, in order
  bool not_null = false;            ///< a domain declared NOT NULL
  /// ALTER TYPE of an enum: it adds `labels[0]`, or renames `renamed_from` to it.
  bool alter = false;
  std::string renamed_from;
  location site;
};

/// PostgreSQL's name for an object named after `name1`, `name2` and `label`
/// (`name1_name2_label`), the longer name cut first to fit 63 bytes; `name2` may be empty.
std::string pg_object_name(std::string_view name1, std::string_view name2, std::string_view label);

/// The name PostgreSQL gives a foreign key on these columns of a table when none is stated.
std::string generated_fk_name(std::string_view table, const std::vector<std::string>& columns);

/// The name PostgreSQL gives the copy of index `ix` that a partition or `LIKE … INCLUDING
/// INDEXES` makes on `table`.
std::string derived_index_name(std::string_view table, const index_def& ix);

/// The integer type of a serial type (`bigserial` -> `bigint`), as a table that takes the
/// column from another has it: the sequence stays the other table's; else the type itself.
std::string_view without_serial(std::string_view type);

/// A statement of a file's SQL that changes what earlier statements stated. The file's own
/// facts already show it; merge() applies it, in order, to the SQL facts of the files merged
/// before, so that statements apply in order across files too.
struct sql_change {
  enum class kind : std::uint8_t {
    drop_table,         ///< DROP TABLE `table` [CASCADE: `flag`]
    drop_column,        ///< ALTER TABLE `table` DROP COLUMN `name` [CASCADE: `flag`]
    drop_constraint,    ///< ALTER TABLE `table` DROP CONSTRAINT `name`
    drop_index,         ///< DROP INDEX `table` (the index's schema-qualified name)
    rename_table,       ///< ALTER TABLE `table` RENAME TO `to`
    rename_column,      ///< ALTER TABLE `table` RENAME COLUMN `name` TO `to`
    rename_constraint,  ///< ALTER TABLE `table` RENAME CONSTRAINT `name` TO `to`
    rename_index,       ///< ALTER INDEX `table` RENAME TO `to`
    set_deferrable,     ///< ALTER TABLE `table` ALTER CONSTRAINT `name` [NOT] DEFERRABLE
    restate_nullable,   ///< ALTER TABLE `table` ALTER `name` SET / DROP NOT NULL
    restate_default,    ///< ALTER TABLE `table` ALTER `name` SET / DROP DEFAULT
    restate_type,       ///< ALTER TABLE `table` ALTER `name` TYPE
  };
  kind what = kind::drop_table;
  std::string table, name, to;
  bool flag = false;
  location site;  ///< the statement
};

/// A property line of a table's section: `Kind: append-only`, `Retention: 7 years`.
struct table_property {
  std::string table;
  std::string key;  ///< lower case: `kind` or `retention`
  std::string value;
  location site;
};

/// Everything read from one file, before it is merged into the model.
struct file_facts {
  document doc;
  std::vector<std::pair<std::string, location>> tables;  ///< table definitions
  /// A declaration of `table.column`.
  struct column_fact {
    std::string table, column;
    column_decl decl;
  };
  std::vector<column_fact> columns;
  std::vector<std::pair<std::string, index_def>> indexes;
  std::vector<std::pair<std::string, check_def>> checks;
  /// A declaration of the foreign key on these child columns of a table.
  struct fk_fact {
    std::string child_table;
    std::vector<std::string> child_columns;
    fk_decl decl;
  };
  std::vector<fk_fact> fks;
  /// Tables whose columns the file's SQL cannot know (CREATE TABLE AS).
  std::vector<std::string> opaque_tables;
  /// Tables that take their columns from a table the file's SQL did not define before them:
  /// the model copies the columns once every file is merged.
  std::vector<table_derivation> derivations;
  std::vector<type_fact> types;  ///< domains and enums
  /// Its SQL's changes to what earlier statements stated, in order.
  std::vector<sql_change> changes;
  /// Values a doc lists as the only ones `table.column` takes (column::values).
  struct values_fact {
    std::string table, column;
    documented_values values;
  };
  std::vector<values_fact> values;
  std::vector<table_property> properties;
  std::vector<deletion_list> deletion_lists;
  std::optional<struct task> task;
  std::vector<load_issue> issues;
  /// MySQL or SQLite once a block of the file was found written in it: the file's later SQL
  /// of no stated dialect is read in it too.
  sql_dialect dialect = sql_dialect::auto_detect;

  /// Numbers the next column table or SQL command of the file (column_decl::block).
  std::uint32_t next_block() { return ++blocks_; }

  /// The lists a reader writes to, for marks.
  enum fact_list : std::size_t {
    tables_list,
    columns_list,
    indexes_list,
    checks_list,
    fks_list,
    task_list,
    depends_on_list,
    asserts_list,
    sections_list,
    criteria_list,
    references_list,
    types_list,
    values_list,
    properties_list,
    deletion_lists_list,
    fact_lists
  };
  /// The size of each list, the task counting as one entry once it exists.
  std::array<std::uint32_t, fact_lists> sizes() const {
    auto n = [](std::size_t size) { return static_cast<std::uint32_t>(size); };
    std::array<std::uint32_t, fact_lists> out{};
    out[tables_list] = n(tables.size());
    out[columns_list] = n(columns.size());
    out[indexes_list] = n(indexes.size());
    out[checks_list] = n(checks.size());
    out[fks_list] = n(fks.size());
    out[types_list] = n(types.size());
    out[values_list] = n(values.size());
    out[properties_list] = n(properties.size());
    out[deletion_lists_list] = n(deletion_lists.size());
    if (task) {
      out[task_list] = 1;
      out[depends_on_list] = n(task->depends_on.size());
      out[asserts_list] = n(task->asserts.size());
      out[sections_list] = n(task->sections.size());
      out[criteria_list] = n(task->criteria.size());
      out[references_list] = n(task->references.size());
    }
    return out;
  }
  /// Which reader wrote which facts: each read's reader and the sizes of the lists after it.
  struct reader_mark {
    std::string_view reader;
    std::array<std::uint32_t, fact_lists> ends{};
  };
  /// Kept only when `keep_marks` is set (`speclint facts`); empty otherwise.
  std::vector<reader_mark> marks;
  bool keep_marks = false;

  /// The state of the file's SQL blocks read as one script; null until one is read.
  std::shared_ptr<sql_script> script;

  /// Drops entry `i` of a list (tables, columns, indexes, checks or fks): a later statement
  /// undid it. compact() leaves it out; until then every place stays where it is.
  void drop(fact_list list, std::uint32_t i) { dropped_[list].push_back(i); }

  /// Leaves out the dropped entries, with the marks moved to match; once the file is read.
  void compact() {
    script.reset();
    compact(tables_list, tables);
    compact(columns_list, columns);
    compact(indexes_list, indexes);
    compact(checks_list, checks);
    compact(fks_list, fks);
  }

 private:
  template <class T>
  void compact(fact_list list, std::vector<T>& entries) {
    std::vector<std::uint32_t>& gone = dropped_[list];
    if (gone.empty()) return;
    std::sort(gone.begin(), gone.end());
    gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
    std::size_t kept = 0, next = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (next < gone.size() && gone[next] == i) {
        ++next;
        continue;
      }
      if (kept != i) entries[kept] = std::move(entries[i]);
      ++kept;
    }
    entries.resize(kept);
    for (reader_mark& m : marks) {
      auto before = std::lower_bound(gone.begin(), gone.end(), m.ends[list]);
      m.ends[list] -= static_cast<std::uint32_t>(before - gone.begin());
    }
    gone.clear();
  }

  std::uint32_t blocks_ = 0;
  std::array<std::vector<std::uint32_t>, fact_lists> dropped_;
};

}  // namespace speclint
