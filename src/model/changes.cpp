// Statements that change what earlier statements stated, applied across files: a file's
// DROP, RENAME and ALTER statements reach the SQL facts of the files merged before it, as
// PostgreSQL runs the files one after the other. Facts of other notations (a column table, a
// reference table) are statements of the design, not of the script, and stay.

#include <algorithm>

#include <fmt/format.h>

#include "../load/sql.hpp"
#include "merge.hpp"

namespace speclint {

namespace {

bool of_sql(const column_decl& d) {
  return d.source == fact_source::sql;
}

bool lists(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A table's column index, rebuilt after columns were removed or renamed.
void reindex_columns(table& t) {
  t.column_index_.clear();
  if (t.columns.size() > table::scan_columns)
    for (std::uint32_t i = 0; i < t.columns.size(); ++i)
      t.column_index_.emplace(t.columns[i].name, i);
}

// A key's target, from its first declaration, once declarations were taken or changed.
void retarget(foreign_key& fk) {
  if (fk.decls.empty()) return;
  fk.parent_table = fk.decls.front().parent_table;
  fk.parent_columns.clear();
  for (const fk_decl& d : fk.decls)
    if (d.parent_table == fk.parent_table && !d.parent_columns.empty()) {
      fk.parent_columns = d.parent_columns;
      break;
    }
}

// The constraint name of a key's declaration: stated, or the one PostgreSQL chose.
std::string key_name(const foreign_key& fk, const fk_decl& d) {
  return d.name.empty() ? generated_fk_name(fk.child_table, fk.child_columns) : std::string(d.name);
}

// True when an index lists the column or names it in an expression or its predicate.
bool index_involves(const index_def& ix, const std::string& column) {
  return lists(ix.columns, column) || load::expression_mentions(ix.where, column) ||
         std::any_of(ix.columns.begin(), ix.columns.end(), [&](const std::string& c) {
           return c.starts_with('(') && load::expression_mentions(c, column);
         });
}

// Each name of the list that is `from`, or an expression that names it, naming `to`.
void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
  for (std::string& n : names) {
    if (n == from)
      n = to;
    else if (n.starts_with('('))
      n = load::rename_in_expression(n, from, to);
  }
}

}  // namespace

table* model_builder::live_table(std::string_view name) {
  auto it = m_.table_index_.find(name);
  return it == m_.table_index_.end() ? nullptr : &m_.tables_[it->second];
}

// Records apply() may visit: far more than a real schema's history needs, far fewer than a
// spec written to take quadratic time (100,000 files each dropping a column of a table that
// 100,000 keys reference) would take; from there on changes are no longer applied.
bool model_builder::follow(std::size_t cost, const sql_change& c) {
  constexpr std::uint64_t max_change_visits = 4'000'000;
  if (changes_over_) return false;
  change_visits_ += cost;
  if (change_visits_ <= max_change_visits) return true;
  changes_over_ = true;
  add_issue({load_issue::kind::sql_syntax, c.site,
             fmt::format("the SQL of later files changes earlier files' statements more than {} "
                         "times: from this statement on, speclint no longer applies them there",
                         max_change_visits)});
  return false;
}

// Gives the table's unnamed SQL keys the names PostgreSQL chose when it created them, before
// a rename changes what those names would be.
void model_builder::name_sql_keys(std::string_view table) {
  for (foreign_key& fk : m_.foreign_keys_)
    if (fk.child_table == table)
      for (fk_decl& d : fk.decls)
        if (d.source == fact_source::sql && d.name.empty())
          d.name = m_.texts_.add(generated_fk_name(fk.child_table, fk.child_columns));
}

// Takes the SQL declarations of keys that `which` selects out of their keys, with each key's
// child columns; a key left without declarations is left out by finish().
std::vector<std::pair<std::vector<std::string>, fk_decl>> model_builder::take_sql_keys(
    const std::function<bool(const foreign_key&, const fk_decl&)>& which) {
  std::vector<std::pair<std::vector<std::string>, fk_decl>> taken;
  for (foreign_key& fk : m_.foreign_keys_) {
    const std::size_t before = fk.decls.size();
    std::erase_if(fk.decls, [&](const fk_decl& d) {
      if (d.source != fact_source::sql || !which(fk, d)) return false;
      taken.emplace_back(fk.child_columns, d);
      return true;
    });
    if (fk.decls.size() != before) retarget(fk);
  }
  return taken;
}

// A table that kept nothing after its SQL facts went: no longer found, and left out by finish().
void model_builder::forget_if_empty(table& t) {
  if (!t.columns.empty() || !t.indexes.empty() || !t.checks.empty()) return;
  auto it = m_.table_index_.find(t.name);
  if (it == m_.table_index_.end()) return;
  dropped_tables_.push_back(it->second);
  m_.table_index_.erase(it);
}

void model_builder::drop_sql_table(const sql_change& c) {
  if (table* t = live_table(c.table)) {
    for (column& col : t->columns) std::erase_if(col.decls, of_sql);
    std::erase_if(t->columns, [](const column& col) { return col.decls.empty(); });
    std::erase_if(t->indexes, [](const index_def& ix) { return ix.source == fact_source::sql; });
    std::erase_if(t->checks, [](const check_def& k) { return k.source == fact_source::sql; });
    reindex_columns(*t);
    forget_if_empty(*t);
  }
  take_sql_keys([&](const foreign_key& fk, const fk_decl& d) {
    return fk.child_table == c.table || (c.flag && d.parent_table == c.table);
  });
  std::erase_if(derivations_, [&](const table_derivation& d) { return d.child == c.table; });
}

// PostgreSQL drops the indexes, keys and checks that involve the column with it; with
// CASCADE also the keys of other tables that reference it.
void model_builder::drop_sql_column(const sql_change& c) {
  if (table* t = live_table(c.table)) {
    if (const column* found = t->find_column(c.name)) {
      column& col = t->columns[static_cast<std::size_t>(found - t->columns.data())];
      std::erase_if(col.decls, of_sql);
      if (col.decls.empty()) {
        t->columns.erase(t->columns.begin() + (found - t->columns.data()));
        reindex_columns(*t);
      }
    }
    std::erase_if(t->indexes, [&](const index_def& ix) {
      return ix.source == fact_source::sql && index_involves(ix, c.name);
    });
    std::erase_if(t->checks, [&](const check_def& k) {
      return k.source == fact_source::sql &&
             (lists(k.not_null_columns, c.name) || load::expression_mentions(k.expression, c.name));
    });
  }
  take_sql_keys([&](const foreign_key& fk, const fk_decl& d) {
    return (fk.child_table == c.table && lists(fk.child_columns, c.name)) ||
           (c.flag && d.parent_table == c.table && lists(d.parent_columns, c.name));
  });
}

// A foreign key, a unique or primary key, or a check of that name. Without its primary key
// the columns stay NOT NULL, as PostgreSQL leaves them.
void model_builder::drop_sql_constraint(const sql_change& c) {
  take_sql_keys([&](const foreign_key& fk, const fk_decl& d) {
    return fk.child_table == c.table && key_name(fk, d) == c.name;
  });
  table* t = live_table(c.table);
  if (!t) return;
  std::erase_if(t->checks, [&](const check_def& k) {
    return k.source == fact_source::sql && k.name == c.name;
  });
  std::vector<std::string> unkeyed;
  std::erase_if(t->indexes, [&](const index_def& ix) {
    if (ix.source != fact_source::sql || !ix.unique || ix.name != c.name) return false;
    if (ix.primary) unkeyed.insert(unkeyed.end(), ix.columns.begin(), ix.columns.end());
    return true;
  });
  for (column& col : t->columns)
    if (lists(unkeyed, col.name))
      for (column_decl& d : col.decls)
        if (of_sql(d) && d.primary_key) {
          d.primary_key = false;
          if (!d.nullable) d.nullable = false;
        }
}

// The table's SQL facts move to the new name: in place when it has no others.
void model_builder::rename_sql_table(const sql_change& c) {
  name_sql_keys(c.table);
  if (table* t = live_table(c.table)) {
    const bool only_sql =
        std::all_of(t->columns.begin(), t->columns.end(),
                    [](const column& col) {
                      return std::all_of(col.decls.begin(), col.decls.end(), of_sql);
                    }) &&
        std::all_of(t->indexes.begin(), t->indexes.end(),
                    [](const index_def& ix) { return ix.source == fact_source::sql; }) &&
        std::all_of(t->checks.begin(), t->checks.end(),
                    [](const check_def& k) { return k.source == fact_source::sql; });
    if (only_sql && !live_table(c.to)) {
      auto it = m_.table_index_.find(c.table);
      const std::uint32_t place = it->second;
      m_.table_index_.erase(it);
      t->name = c.to;
      m_.table_index_.emplace(c.to, place);
    } else {
      std::vector<std::pair<std::string_view, column_decl>> decls;
      for (column& col : t->columns)
        std::erase_if(col.decls, [&](const column_decl& d) {
          if (!of_sql(d)) return false;
          decls.emplace_back(col.name, d);
          return true;
        });
      std::erase_if(t->columns, [](const column& col) { return col.decls.empty(); });
      reindex_columns(*t);
      std::vector<index_def> indexes;
      std::erase_if(t->indexes, [&](const index_def& ix) {
        if (ix.source != fact_source::sql) return false;
        indexes.push_back(ix);
        return true;
      });
      std::vector<check_def> checks;
      std::erase_if(t->checks, [&](const check_def& k) {
        if (k.source != fact_source::sql) return false;
        checks.push_back(k);
        return true;
      });
      forget_if_empty(*t);
      // Adding may move the tables: `t` is not used from here on.
      for (auto& [column, d] : decls) add_column_decl(c.to, column, std::move(d));
      for (index_def& ix : indexes) add_index(c.to, std::move(ix));
      for (check_def& k : checks) add_check(c.to, std::move(k));
    }
  }
  for (auto& [columns, d] : take_sql_keys(
           [&](const foreign_key&fk, const fk_decl&) { return fk.child_table == c.table; }))
    add_fk(c.to, columns, std::move(d));
  for (foreign_key& fk : m_.foreign_keys_) {
    bool changed = false;
    for (fk_decl& d : fk.decls)
      if (d.source == fact_source::sql && d.parent_table == c.table) {
        d.parent_table = c.to;
        changed = true;
      }
    if (changed) retarget(fk);
  }
  for (table_derivation& d : derivations_) {
    if (d.child == c.table) d.child = c.to;
    if (d.parent == c.table) d.parent = c.to;
  }
}

// The column's SQL declarations, and its mentions in the SQL keys, indexes and checks.
void model_builder::rename_sql_column(const sql_change& c) {
  name_sql_keys(c.table);
  if (table* t = live_table(c.table)) {
    if (const column* found = t->find_column(c.name)) {
      const auto at = found - t->columns.data();
      column& col = t->columns[static_cast<std::size_t>(at)];
      if (std::all_of(col.decls.begin(), col.decls.end(), of_sql) && !t->find_column(c.to)) {
        col.name = m_.texts_.add(c.to);
      } else {
        std::vector<column_decl> moved;
        std::erase_if(col.decls, [&](const column_decl& d) {
          if (!of_sql(d)) return false;
          moved.push_back(d);
          return true;
        });
        if (col.decls.empty()) t->columns.erase(t->columns.begin() + at);
        reindex_columns(*t);
        if (!moved.empty()) {
          column& into = add_column(*t, c.to);
          into.decls.insert(into.decls.end(), moved.begin(), moved.end());
        }
      }
      reindex_columns(*t);
    }
    for (index_def& ix : t->indexes)
      if (ix.source == fact_source::sql) {
        rename_in(ix.columns, c.name, c.to);
        if (!ix.where.empty()) ix.where = load::rename_in_expression(ix.where, c.name, c.to);
      }
    for (check_def& k : t->checks)
      if (k.source == fact_source::sql) {
        rename_in(k.not_null_columns, c.name, c.to);
        k.expression = load::rename_in_expression(k.expression, c.name, c.to);
      }
  }
  for (auto& [columns, d] : take_sql_keys([&](const foreign_key&fk, const fk_decl&) {
         return fk.child_table == c.table && lists(fk.child_columns, c.name);
       })) {
    rename_in(columns, c.name, c.to);
    add_fk(c.table, columns, std::move(d));
  }
  for (foreign_key& fk : m_.foreign_keys_) {
    bool changed = false;
    for (fk_decl& d : fk.decls)
      if (d.source == fact_source::sql && d.parent_table == c.table &&
          lists(d.parent_columns, c.name)) {
        rename_in(d.parent_columns, c.name, c.to);
        changed = true;
      }
    if (changed) retarget(fk);
  }
}

void model_builder::apply(const sql_change& c) {
  using kind = sql_change::kind;
  if (!follow(m_.foreign_keys_.size() + 1, c)) return;
  table* t = live_table(c.table);
  if (t && !follow(t->columns.size() + t->indexes.size() + t->checks.size(), c)) return;
  auto each_sql_key = [&](const std::function<void(const foreign_key&, fk_decl&)>& f) {
    for (foreign_key& fk : m_.foreign_keys_)
      if (fk.child_table == c.table)
        for (fk_decl& d : fk.decls)
          if (d.source == fact_source::sql) f(fk, d);
  };
  // An index's name, with its table's schema: what DROP INDEX and ALTER INDEX name.
  auto each_sql_index = [&](const std::function<void(table&, std::vector<index_def>&)>& f) {
    if (!follow(m_.tables_.size(), c)) return;
    for (auto& [name, place] : m_.table_index_) f(m_.tables_[place], m_.tables_[place].indexes);
  };
  auto restate = [&](const std::function<void(column_decl&)>& f) {
    if (!t) return;
    if (const column* found = t->find_column(c.name))
      for (column_decl& d : t->columns[static_cast<std::size_t>(found - t->columns.data())].decls)
        if (of_sql(d)) f(d);
  };
  switch (c.what) {
    case kind::drop_table:
      drop_sql_table(c);
      break;
    case kind::drop_column:
      drop_sql_column(c);
      break;
    case kind::drop_constraint:
      drop_sql_constraint(c);
      break;
    case kind::rename_table:
      rename_sql_table(c);
      break;
    case kind::rename_column:
      rename_sql_column(c);
      break;
    case kind::drop_index:
      each_sql_index([&](table& owner, std::vector<index_def>& indexes) {
        std::erase_if(indexes, [&](const index_def& ix) {
          return ix.source == fact_source::sql && load::schema_of(owner.name) + ix.name == c.table;
        });
      });
      break;
    case kind::rename_index:
      each_sql_index([&](table& owner, std::vector<index_def>& indexes) {
        for (index_def& ix : indexes)
          if (ix.source == fact_source::sql && load::schema_of(owner.name) + ix.name == c.table)
            ix.name = c.to.substr(c.to.rfind('.') + 1);
      });
      break;
    case kind::rename_constraint:
      each_sql_key([&](const foreign_key& fk, fk_decl& d) {
        if (key_name(fk, d) == c.name) d.name = m_.texts_.add(c.to);
      });
      if (t) {
        for (index_def& ix : t->indexes)
          if (ix.source == fact_source::sql && ix.name == c.name) ix.name = c.to;
        for (check_def& k : t->checks)
          if (k.source == fact_source::sql && k.name == c.name) k.name = c.to;
      }
      break;
    case kind::set_deferrable:
      each_sql_key([&](const foreign_key& fk, fk_decl& d) {
        if (key_name(fk, d) == c.name) d.deferrable = c.flag;
      });
      break;
    case kind::restate_nullable:
      restate([](column_decl& d) { d.nullable.reset(); });
      break;
    case kind::restate_default:
      restate([](column_decl& d) { d.clear_default(); });
      break;
    case kind::restate_type:
      restate([](column_decl& d) { d.clear_type(); });
      break;
  }
}

// Leaves out the tables that changes emptied and the keys left without declarations.
void model_builder::compact_dropped() {
  if (!dropped_tables_.empty()) {
    std::vector<char> gone(m_.tables_.size(), 0);
    for (std::uint32_t i : dropped_tables_) gone[i] = 1;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_.tables_.size(); ++i)
      if (!gone[i]) {
        if (kept != i) m_.tables_[kept] = std::move(m_.tables_[i]);
        ++kept;
      }
    m_.tables_.resize(kept);
    m_.table_index_.clear();
    for (std::uint32_t i = 0; i < m_.tables_.size(); ++i)
      m_.table_index_.emplace(m_.tables_[i].name, i);
    dropped_tables_.clear();
  }
  if (std::none_of(m_.foreign_keys_.begin(), m_.foreign_keys_.end(),
                   [](const foreign_key& fk) { return fk.decls.empty(); }))
    return;
  std::erase_if(m_.foreign_keys_, [](const foreign_key& fk) { return fk.decls.empty(); });
  m_.fk_index_.clear();
  for (std::uint32_t i = 0; i < m_.foreign_keys_.size(); ++i)
    m_.fk_index_.emplace(
        model::fk_hash(m_.foreign_keys_[i].child_table, m_.foreign_keys_[i].child_columns), i);
}

}  // namespace speclint
