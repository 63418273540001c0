// Building the model from each file's facts.

#include "merge.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint {

model_builder::model_builder(const settings& cfg, std::size_t files, std::size_t tasks) {
  m_.settings_ = cfg;
  m_.documents_.reserve(files);
  m_.tasks_.reserve(tasks);
}

table& model_builder::add_table(std::string_view name, location site) {
  auto place = static_cast<std::uint32_t>(m_.tables_.size());
  auto found = m_.table_index_.find(name);
  std::uint32_t at = found != m_.table_index_.end() ? found->second : place;
  if (at == place) {
    m_.table_index_.emplace(name, place);
    m_.tables_.emplace_back();
    m_.tables_.back().name = std::string(name);
    m_.tables_.back().site = site;
  }
  table& t = m_.tables_[at];
  t.sites.push_back(site);
  return t;
}

column& model_builder::add_column(table& t, std::string_view name) {
  if (const column* c = t.find_column(name))
    return t.columns[static_cast<std::size_t>(c - t.columns.data())];
  t.columns.emplace_back();
  t.columns.back().name = m_.texts_.add(name);
  if (!t.column_index_.empty() || t.columns.size() > table::scan_columns) {
    // Every column goes in once the table is wide: the first time, all of them.
    for (auto i = static_cast<std::uint32_t>(t.column_index_.size()); i < t.columns.size(); ++i)
      t.column_index_.emplace(t.columns[i].name, i);
  }
  return t.columns.back();
}

void model_builder::add_column_decl(std::string_view tname, std::string_view cname, column_decl d,
                                    std::size_t following) {
  table& t = add_table(tname, d.site);
  t.sites.pop_back();  // a column does not define its table a second time
  // Room only for a table's first columns: a table whose columns come from many files then
  // still grows by doubling, never by one at a time.
  if (t.columns.empty()) t.columns.reserve(following + 1);
  add_column(t, cname).decls.push_back(std::move(d));
}

void model_builder::add_index(std::string_view tname, index_def ix) {
  // SQL may index a table that another file defines: like a column, an index does not
  // define its table a second time.
  table& t = add_table(tname, ix.site);
  t.sites.pop_back();
  t.indexes.push_back(std::move(ix));
}

void model_builder::add_check(std::string_view tname, check_def c) {
  table& t = add_table(tname, c.site);
  t.sites.pop_back();
  t.checks.push_back(std::move(c));
}

void model_builder::add_fk(std::string_view child_table,
                           const std::vector<std::string>& child_columns, fk_decl d) {
  auto place = static_cast<std::uint32_t>(m_.foreign_keys_.size());
  const foreign_key* found = m_.find_fk(child_table, child_columns);
  std::uint32_t at = found ? static_cast<std::uint32_t>(found - m_.foreign_keys_.data()) : place;
  if (at == place) {
    m_.fk_index_.emplace(model::fk_hash(child_table, child_columns), place);
    m_.foreign_keys_.emplace_back();
    auto& fk = m_.foreign_keys_.back();
    fk.child_table = child_table;
    fk.child_columns = child_columns;
    fk.parent_table = d.parent_table;
    fk.parent_columns = d.parent_columns;
  } else if (m_.foreign_keys_[at].decls.empty()) {
    // A key whose declarations a later statement dropped (apply()) takes this one's target.
    m_.foreign_keys_[at].parent_table = d.parent_table;
    m_.foreign_keys_[at].parent_columns = d.parent_columns;
  } else if (m_.foreign_keys_[at].parent_columns.empty() &&
             m_.foreign_keys_[at].parent_table == d.parent_table) {
    m_.foreign_keys_[at].parent_columns = d.parent_columns;
  }
  m_.foreign_keys_[at].decls.push_back(std::move(d));
}

void model_builder::add_property(const table_property& p) {
  auto found = m_.table_index_.find(p.table);
  if (found == m_.table_index_.end()) return;
  table& t = m_.tables_[found->second];
  std::string value = to_lower(collapse_space(p.value));
  std::replace(value.begin(), value.end(), ' ', '-');
  if (p.key == "kind" && (value == "append-only" || value == "ledger")) {
    if (!t.append_only && !t.kind_site.known()) t.kind_site = p.site;
    t.append_only = true;
  } else if (p.key == "retention" && t.retention.empty() && !value.empty()) {
    t.retention = collapse_space(p.value);
    if (!t.kind_site.known()) t.kind_site = p.site;
  }
}

void model_builder::add_type(const type_fact& t) {
  std::string key = to_lower(t.name);
  if (key.starts_with("public.")) key.erase(0, 7);
  if (t.alter) {
    enum_changes_.push_back(t);
    return;
  }
  if (t.base.empty()) {  // an enum compares as itself; its labels are the values it allows
    auto place = static_cast<std::uint32_t>(m_.enums_.size());
    if (m_.enum_index_.emplace(std::move(key), place).second)
      m_.enums_.push_back({t.name, t.labels, t.site});
    return;
  }
  m_.domains_.emplace(std::move(key), std::pair{t.base, t.not_null});
}

void model_builder::add_values(std::string_view table, std::string_view column,
                               documented_values v) {
  values_.push_back({std::string(table), std::string(column), std::move(v)});
}

void model_builder::mark_columns_unknown(std::string_view name) {
  table& t = add_table(name, {});
  t.sites.pop_back();
  t.columns_unknown = true;
}

// Copies derivation `which`'s parent's columns (and what else its kind takes) to its child,
// after the parent's own derivations. `state`: 0 not yet, 1 under way, 2 done.
void model_builder::derive(std::size_t which, std::vector<char>& state) {
  if (state[which]) return;  // done, or a cycle PostgreSQL would refuse
  state[which] = 1;
  const table_derivation d = derivations_[which];
  for (std::size_t i = 0; i < derivations_.size(); ++i)
    if (derivations_[i].child == d.parent) derive(i, state);
  state[which] = 2;
  auto parent_at = m_.table_index_.find(d.parent);
  auto child_at = m_.table_index_.find(d.child);
  if (child_at == m_.table_index_.end()) return;
  table& child = m_.tables_[child_at->second];
  if (parent_at == m_.table_index_.end() || m_.tables_[parent_at->second].columns_unknown) {
    child.columns_unknown = true;
    return;
  }
  // Copies first: adding to the child may move the parent's records.
  const table parent = m_.tables_[parent_at->second];
  // Two million copied columns and constraints are far more than a real schema has; a spec
  // made to copy a wide table over and over stops being copied there.
  constexpr std::size_t max_copies = 2'000'000;
  copies_ += parent.columns.size() + parent.checks.size() + parent.indexes.size();
  if (copies_ > max_copies) {
    child.columns_unknown = true;
    return;
  }
  const bool all = d.kind != derivation_kind::like;
  for (const column& c : parent.columns) {
    column_decl decl;
    decl.site = d.site;
    decl.source = fact_source::sql;
    if (c.not_null()) decl.nullable = false;
    const column_decl* def = all || d.defaults ? c.default_decl() : nullptr;
    opt_text type;
    if (const column_decl* t = c.type_decl()) type = without_serial(*t->type());
    decl.set_texts(m_.texts_, type, def ? def->default_value() : std::nullopt, std::nullopt);
    add_column(m_.tables_[child_at->second], c.name).decls.push_back(std::move(decl));
  }
  table& to = m_.tables_[child_at->second];
  if (all || d.constraints)
    for (check_def c : parent.checks) {
      c.site = d.site;
      to.checks.push_back(std::move(c));
    }
  if (d.kind == derivation_kind::partition_of || d.indexes)
    for (index_def ix : parent.indexes) {
      ix.name = derived_index_name(to.name, ix);
      ix.site = d.site;
      to.indexes.push_back(std::move(ix));
    }
  if (d.kind == derivation_kind::partition_of) {
    std::vector<foreign_key> keys;
    for (const foreign_key& fk : m_.foreign_keys_)
      if (fk.child_table == d.parent) keys.push_back(fk);
    for (const foreign_key& fk : keys) {
      fk_decl decl = fk.decls.front();
      decl.site = d.site;
      if (decl.name.empty())
        decl.name = m_.texts_.add(generated_fk_name(d.parent, fk.child_columns));
      add_fk(d.child, fk.child_columns, std::move(decl));
    }
  }
}

void model_builder::index_documents() {
  m_.document_index_.clear();
  m_.document_index_.reserve(m_.documents_.size());
  for (std::uint32_t i = 0; i < m_.documents_.size(); ++i)
    m_.document_index_.emplace(m_.documents_[i].path, i);
}

void model_builder::finish() {
  compact_dropped();
  // Listed values belong to a column that a doc defines; a list alone defines nothing.
  for (auto& v : values_) {
    auto at = m_.table_index_.find(v.table);
    if (at == m_.table_index_.end()) continue;
    table& t = m_.tables_[at->second];
    if (const column* c = t.find_column(v.column))
      t.columns[static_cast<std::size_t>(c - t.columns.data())].values.push_back(
          std::move(v.values));
  }
  values_.clear();
  for (const type_fact& change : enum_changes_) {
    std::string key = to_lower(change.name);
    if (key.starts_with("public.")) key.erase(0, 7);
    auto at = m_.enum_index_.find(key);
    if (at == m_.enum_index_.end()) continue;
    std::vector<std::string>& labels = m_.enums_[at->second].labels;
    auto old = std::find(labels.begin(), labels.end(),
                         change.renamed_from.empty() ? change.labels[0] : change.renamed_from);
    if (!change.renamed_from.empty() && old != labels.end())
      *old = change.labels[0];
    else if (change.renamed_from.empty() && old == labels.end())
      labels.push_back(change.labels[0]);
  }
  enum_changes_.clear();
  // The lists of tables and keys grew by doubling while files were merged: give back what
  // they will not use.
  m_.tables_.shrink_to_fit();
  m_.foreign_keys_.shrink_to_fit();
  index_documents();
  m_.task_index_.clear();
  m_.task_index_.reserve(m_.tasks_.size());
  for (std::uint32_t i = 0; i < m_.tasks_.size(); ++i)  // the first task of an id is the one found
    if (!m_.tasks_[i].id.empty()) m_.task_index_.emplace(m_.tasks_[i].id, i);
  std::size_t pool_size = 0;
  for (const task& t : m_.tasks_) pool_size += t.id.size();
  m_.id_pool_.assign(pool_size, '\0');
  m_.pooled_ids_.clear();
  m_.pooled_ids_.reserve(m_.tasks_.size());
  for (std::size_t at = 0; const task& t : m_.tasks_) {
    std::copy(t.id.begin(), t.id.end(), m_.id_pool_.begin() + static_cast<std::ptrdiff_t>(at));
    m_.pooled_ids_.emplace_back(m_.id_pool_.data() + at, t.id.size());
    at += t.id.size();
  }

  // A column of a NOT NULL domain is NOT NULL, wherever the domain was created: a file's
  // SQL knows only the domains created before it in the file.
  if (!m_.domains_.empty())
    for (auto& t : m_.tables_)
      for (auto& c : t.columns)
        for (column_decl& d : c.decls)
          if (d.source == fact_source::sql && d.nullable != false && d.type() &&
              m_.not_null_type(*d.type()))
            d.nullable = false;
  // Primary keys and UNIQUE columns are indexes too.
  for (auto& t : m_.tables_) {
    bool has_primary = std::any_of(t.indexes.begin(), t.indexes.end(),
                                   [](const index_def& ix) { return ix.primary; });
    if (!has_primary) {
      index_def pk;
      pk.primary = pk.unique = true;
      for (const auto& c : t.columns)
        if (c.primary_key()) {
          if (pk.columns.empty()) pk.site = c.site();
          pk.columns.emplace_back(c.name);
        }
      if (!pk.columns.empty()) {
        pk.name = t.name + "_pkey";
        t.indexes.push_back(std::move(pk));
      }
    }
    for (const auto& c : t.columns)
      if (c.unique()) {
        index_def u;
        u.name = fmt::format("{}_{}_key", t.name, c.name);
        u.unique = true;
        u.columns = {std::string(c.name)};
        u.site = c.site();
        t.indexes.push_back(std::move(u));
      }
  }
  // Tables that take their columns from another, once the other's keys are indexes.
  std::vector<char> state(derivations_.size(), 0);
  for (std::size_t i = 0; i < derivations_.size(); ++i) derive(i, state);
  derivations_.clear();
  split_keys();
  // A key that names no parent columns references the parent's primary key.
  for (auto& fk : m_.foreign_keys_)
    if (fk.parent_columns.empty())
      if (const table* p = m_.find_table(fk.parent_table)) fk.parent_columns = p->primary_key();
}

namespace {

// The table without its schema.
std::string_view schema_less(std::string_view t) {
  auto dot = t.rfind('.');
  return dot == std::string_view::npos ? t : t.substr(dot + 1);
}

// True when two declarations reference the same columns of the same table: a table named
// without its schema is the one named with it, and a target without columns is the parent's
// primary key (any columns, when the parent has none that speclint knows).
bool same_target(const model& m, const fk_decl& a, const fk_decl& b) {
  const bool same_table = a.parent_table == b.parent_table ||
                          ((a.parent_table.find('.') == std::string::npos ||
                            b.parent_table.find('.') == std::string::npos) &&
                           schema_less(a.parent_table) == schema_less(b.parent_table));
  if (!same_table) return false;
  if (a.parent_columns == b.parent_columns) return true;
  if (!a.parent_columns.empty() && !b.parent_columns.empty()) return false;
  const table* parent = m.find_table(a.parent_table);
  if (!parent) parent = m.find_table(b.parent_table);
  const std::vector<std::string> key = parent ? parent->primary_key() : std::vector<std::string>{};
  if (key.empty()) return true;
  return (a.parent_columns.empty() ? key : a.parent_columns) ==
         (b.parent_columns.empty() ? key : b.parent_columns);
}

}  // namespace

// A foreign key is one constraint: SQL that declares keys with different targets on the same
// child columns declares different keys, as PostgreSQL creates them. A statement of another
// notation about those columns joins the key with its target, else the first key, whose
// declarations then conflict as they did before.
void model_builder::split_keys() {
  const std::size_t keys = m_.foreign_keys_.size();
  for (std::size_t k = 0; k < keys; ++k) {
    std::vector<std::size_t> heads;  // per key, the place of its first SQL declaration
    std::vector<std::size_t> key_of(m_.foreign_keys_[k].decls.size(), 0);
    {
      const std::vector<fk_decl>& decls = m_.foreign_keys_[k].decls;
      for (std::size_t i = 0; i < decls.size(); ++i) {
        if (decls[i].source != fact_source::sql) continue;
        std::size_t j = 0;
        while (j < heads.size() && !same_target(m_, decls[heads[j]], decls[i])) ++j;
        if (j == heads.size()) heads.push_back(i);
        key_of[i] = j;
      }
      if (heads.size() < 2) continue;
      for (std::size_t i = 0; i < decls.size(); ++i) {
        if (decls[i].source == fact_source::sql) continue;
        std::size_t j = 0;
        while (j < heads.size() && !same_target(m_, decls[heads[j]], decls[i])) ++j;
        key_of[i] = j < heads.size() ? j : 0;
      }
    }
    std::vector<std::vector<fk_decl>> split(heads.size());
    for (std::size_t i = 0; i < key_of.size(); ++i)
      split[key_of[i]].push_back(std::move(m_.foreign_keys_[k].decls[i]));
    for (std::size_t j = 0; j < split.size(); ++j) {
      if (j > 0) {
        m_.foreign_keys_.emplace_back();
        m_.foreign_keys_.back().child_table = m_.foreign_keys_[k].child_table;
        m_.foreign_keys_.back().child_columns = m_.foreign_keys_[k].child_columns;
        m_.fk_index_.emplace(
            model::fk_hash(m_.foreign_keys_[k].child_table, m_.foreign_keys_[k].child_columns),
            static_cast<std::uint32_t>(m_.foreign_keys_.size() - 1));
      }
      foreign_key& fk = j == 0 ? m_.foreign_keys_[k] : m_.foreign_keys_.back();
      const fk_decl& head = split[j][0];
      fk.parent_table = head.parent_table;
      fk.parent_columns = head.parent_columns;
      for (const fk_decl& d : split[j])
        if (fk.parent_columns.empty() && d.parent_table == fk.parent_table)
          fk.parent_columns = d.parent_columns;
      fk.decls = std::move(split[j]);
    }
  }
}

void merge(model_builder& into, const file_facts& f) {
  // The file's statements that change earlier ones reach the files before it; its own facts
  // already show them.
  for (const sql_change& c : f.changes) into.apply(c);
  into.add_document(f.doc);
  for (const auto& [name, site] : f.tables) into.add_table(name, site);
  for (std::size_t i = 0, run_end = 0; i < f.columns.size(); ++i) {
    // Declarations of one table come together; `run_end` ends those of this one.
    if (i == run_end)
      while (run_end < f.columns.size() && f.columns[run_end].table == f.columns[i].table)
        ++run_end;
    const auto& c = f.columns[i];
    into.add_column_decl(c.table, c.column, c.decl, run_end - i - 1);
  }
  for (const auto& [t, ix] : f.indexes) into.add_index(t, ix);
  for (const auto& [t, c] : f.checks) into.add_check(t, c);
  for (const auto& fk : f.fks) into.add_fk(fk.child_table, fk.child_columns, fk.decl);
  for (const auto& t : f.types) into.add_type(t);
  for (const auto& v : f.values) into.add_values(v.table, v.column, v.values);
  for (const auto& p : f.properties) into.add_property(p);
  for (const auto& l : f.deletion_lists) into.add_deletion_list(l);
  for (const auto& name : f.opaque_tables) into.mark_columns_unknown(name);
  for (const auto& d : f.derivations) into.add_derivation(d);
  if (f.task) into.add_task(*f.task);
  for (const auto& i : f.issues) into.add_issue(i);
}

}  // namespace speclint
