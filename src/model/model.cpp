#include "speclint/model.hpp"

#include <algorithm>
#include <cassert>
#include <functional>

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint {

std::string_view to_sql(action_kind k) {
  switch (k) {
    case action_kind::no_action: return "NO ACTION";
    case action_kind::restrict: return "RESTRICT";
    case action_kind::cascade: return "CASCADE";
    case action_kind::set_null: return "SET NULL";
    case action_kind::set_default: return "SET DEFAULT";
    case action_kind::unknown: return "?";
  }
  return "?";
}

std::optional<action_kind> parse_action(std::string_view text) {
  // Fold case and drop separators so `SET NULL`, `setNull`, `set-null`, `set_null` agree.
  std::string key;
  for (char c : trim(text)) {
    if (c == ' ' || c == '-' || c == '_' || c == '\t') continue;
    key += ascii_lower(c);
  }
  if (key == "cascade") return action_kind::cascade;
  if (key == "setnull") return action_kind::set_null;
  if (key == "setdefault") return action_kind::set_default;
  if (key == "restrict") return action_kind::restrict;
  if (key == "noaction") return action_kind::no_action;
  return std::nullopt;
}

opt_text column_decl::text(int which) const {
  if (!(present_ & (1u << which))) return std::nullopt;
  std::size_t at = 0;
  for (int i = 0; i < which; ++i) at += sizes_[i];
  return std::string_view(texts_ + at, sizes_[which]);
}

void column_decl::set_texts(text_pool& texts, opt_text type, opt_text default_value,
                            opt_text note) {
  const opt_text parts[3] = {type, default_value, note};
  texts_ = texts.add({parts[0].value_or(""), parts[1].value_or(""), parts[2].value_or("")}).data();
  present_ = 0;
  for (int i = 0; i < 3; ++i) {
    sizes_[i] = static_cast<std::uint32_t>(parts[i].value_or("").size());
    if (parts[i]) present_ |= static_cast<std::uint8_t>(1u << i);
  }
}

void column_decl::clear(int which) {
  present_ &= static_cast<std::uint8_t>(~(1u << which));
}

const column_decl* column::type_decl() const {
  for (const auto& d : decls)
    if (d.type()) return &d;
  return nullptr;
}

std::string_view column::type() const {
  const column_decl* d = type_decl();
  return d ? *d->type() : std::string_view{};
}

const column_decl* column::not_null_decl() const {
  for (const auto& d : decls)
    if (d.nullable == false) return &d;
  for (const auto& d : decls)
    if (d.primary_key) return &d;
  return nullptr;
}

bool column::not_null() const { return not_null_decl() != nullptr; }

const column_decl* column::default_decl() const {
  for (const auto& d : decls)
    if (d.default_value()) return &d;
  return nullptr;
}

bool column::primary_key() const {
  return std::any_of(decls.begin(), decls.end(), [](const column_decl& d) { return d.primary_key; });
}

bool column::unique() const {
  return std::any_of(decls.begin(), decls.end(), [](const column_decl& d) { return d.unique; });
}

std::string qualified_name(const table& t, const column& c) {
  std::string out;
  out.reserve(t.name.size() + 1 + c.name.size());
  return out.append(t.name).append(".").append(c.name);
}

const column* table::find_column(std::string_view name) const {
  if (column_index_.empty()) {
    for (const column& c : columns)
      if (c.name == name) return &c;
    return nullptr;
  }
  auto at = column_index_.find(name, [&](std::uint32_t i) { return columns[i].name; });
  return at ? &columns[*at] : nullptr;
}

const column* table::find_column_icase(std::string_view name) const {
  for (const auto& c : columns)
    if (iequals(c.name, name)) return &c;
  return nullptr;
}

std::vector<std::string> table::primary_key() const {
  for (const auto& ix : indexes)
    if (ix.primary) return ix.columns;
  std::vector<std::string> out;
  for (const auto& c : columns)
    if (c.primary_key()) out.emplace_back(c.name);
  return out;
}

const action* foreign_key::on_delete() const {
  for (const auto& d : decls)
    if (d.on_delete) return &*d.on_delete;
  return nullptr;
}

const action* foreign_key::on_update() const {
  for (const auto& d : decls)
    if (d.on_update) return &*d.on_update;
  return nullptr;
}

std::string foreign_key::describe() const {
  auto cols = [](const std::vector<std::string>& v) {
    return v.size() == 1 ? v.front() : "(" + fmt::format("{}", fmt::join(v, ", ")) + ")";
  };
  std::string out = child_table + "." + cols(child_columns) + " -> " + parent_table;
  if (!parent_columns.empty()) out += "." + cols(parent_columns);
  return out;
}

const std::vector<std::string>& foreign_key::affected_columns(const action& a) const {
  return a.columns.empty() ? child_columns : a.columns;
}

const yaml_value* yaml_value::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

const heading* document::find_anchor(std::string_view slug) const {
  for (const auto& h : headings)
    if (h.slug() == slug) return &h;
  return nullptr;
}

const heading* document::section_at(std::uint32_t line) const {
  const heading* best = nullptr;
  for (const auto& h : headings)
    if (h.site.line <= line && line <= h.end_line && (!best || h.level() > best->level()))
      best = &h;
  return best;
}

const task_section* task::section(const document& file, std::string_view title) const {
  for (const auto& s : sections)
    if (istarts_with(s.title(file), title))
      return &s;
  return nullptr;
}

model::model() = default;

std::string model::where(const location& l) const {
  if (l.file >= documents_.size()) return "?";
  if (!l.known()) return std::string(documents_[l.file].path);
  return fmt::format("{}:{}", documents_[l.file].path, l.line);
}

const table* model::find_table(std::string_view name) const {
  auto at =
      table_index_.find(name, [&](std::uint32_t i) { return std::string_view(tables_[i].name); });
  return at ? &tables_[*at] : nullptr;
}

const table* model::find_table_icase(std::string_view name) const {
  for (const auto& t : tables_)
    if (iequals(t.name, name)) return &t;
  return nullptr;
}

const column* model::find_column(std::string_view t, std::string_view c) const {
  const table* tab = find_table(t);
  return tab ? tab->find_column(c) : nullptr;
}

const task* model::find_task(std::string_view id) const {
  auto at = task_index_.find(id, [&](std::uint32_t i) { return tasks_[i].id; });
  return at ? &tasks_[*at] : nullptr;
}

const document* model::find_document(std::string_view path) const {
  auto at = document_index_.find(path, [&](std::uint32_t i) { return documents_[i].path; });
  return at ? &documents_[*at] : nullptr;
}

std::size_t model::column_count() const {
  std::size_t n = 0;
  for (const auto& t : tables_) n += t.columns.size();
  return n;
}

table& model::add_table(std::string_view name, location site) {
  auto place = static_cast<std::uint32_t>(tables_.size());
  std::uint32_t at = table_index_.insert(
      name, place, [&](std::uint32_t i) { return std::string_view(tables_[i].name); });
  if (at == place) {
    tables_.emplace_back();
    tables_.back().name = std::string(name);
    tables_.back().site = site;
  }
  table& t = tables_[at];
  t.sites.push_back(site);
  return t;
}

column& model::add_column(table& t, std::string_view name) {
  if (const column* c = t.find_column(name))
    return t.columns[static_cast<std::size_t>(c - t.columns.data())];
  t.columns.emplace_back();
  t.columns.back().name = texts_.add(name);
  if (!t.column_index_.empty() || t.columns.size() > table::scan_columns) {
    // Every column goes in once the table is wide: the first time, all of them.
    auto name_at = [&](std::uint32_t i) { return t.columns[i].name; };
    for (auto i = static_cast<std::uint32_t>(t.column_index_.size()); i < t.columns.size(); ++i)
      t.column_index_.insert(name_at(i), i, name_at);
  }
  return t.columns.back();
}

void model::add_column_decl(std::string_view tname, std::string_view cname, column_decl d,
                            std::size_t following) {
  table& t = add_table(tname, d.site);
  t.sites.pop_back();  // a column does not define its table a second time
  // Room only for a table's first columns: a table whose columns come from many files then
  // still grows by doubling, never by one at a time.
  if (t.columns.empty()) t.columns.reserve(following + 1);
  add_column(t, cname).decls.push_back(std::move(d));
}

void model::add_index(std::string_view tname, index_def ix) {
  // SQL may index a table that another file defines: like a column, an index does not
  // define its table a second time.
  table& t = add_table(tname, ix.site);
  t.sites.pop_back();
  t.indexes.push_back(std::move(ix));
}

void model::add_check(std::string_view tname, check_def c) {
  table& t = add_table(tname, c.site);
  t.sites.pop_back();
  t.checks.push_back(std::move(c));
}

namespace {
// A foreign key is known by its child table and child columns, in order.
std::size_t fk_hash(std::string_view table, const std::vector<std::string>& columns) {
  std::size_t h = position_index::hash(table);
  for (const auto& c : columns) h = (h ^ position_index::hash(c)) * 0x9e3779b97f4a7c15ULL;
  return h;
}
}  // namespace

const foreign_key* model::find_fk(std::string_view table, const std::vector<std::string>& columns) const {
  auto at = fk_index_.find(fk_hash(table, columns), [&](std::uint32_t i) {
    return foreign_keys_[i].child_table == table && foreign_keys_[i].child_columns == columns;
  });
  return at ? &foreign_keys_[*at] : nullptr;
}

void model::add_fk(std::string_view child_table, const std::vector<std::string>& child_columns,
                   fk_decl d) {
  auto place = static_cast<std::uint32_t>(foreign_keys_.size());
  std::uint32_t at = fk_index_.insert(
      fk_hash(child_table, child_columns), place,
      [&](std::uint32_t i) {
        return foreign_keys_[i].child_table == child_table &&
               foreign_keys_[i].child_columns == child_columns;
      },
      [&](std::uint32_t i) {
        return fk_hash(foreign_keys_[i].child_table, foreign_keys_[i].child_columns);
      });
  if (at == place) {
    foreign_keys_.emplace_back();
    auto& fk = foreign_keys_.back();
    fk.child_table = child_table;
    fk.child_columns = child_columns;
    fk.parent_table = d.parent_table;
    fk.parent_columns = d.parent_columns;
  } else if (foreign_keys_[at].parent_columns.empty() &&
             foreign_keys_[at].parent_table == d.parent_table) {
    foreign_keys_[at].parent_columns = d.parent_columns;
  }
  foreign_keys_[at].decls.push_back(std::move(d));
}

std::optional<path_info> model::probe(std::string_view path) const {
  if (const document* d = find_document(path)) return path_info{true, false, d->line_count};
  auto it = paths_.find(path);
  if (it == paths_.end()) return std::nullopt;
  return it->second;
}

const document* model::document_of(const target& t) const {
  if (t.what != target::kind::inside) return nullptr;
  if (t.file != no_file && t.file < documents_.size()) return &documents_[t.file];
  return find_document(t.path);
}

std::optional<path_info> model::probe(const target& t) const {
  if (t.file != no_file && t.file < documents_.size())
    return path_info{true, false, documents_[t.file].line_count};
  return probe(t.path);
}

void model::index_documents() {
  document_index_.clear();
  auto path_at = [&](std::uint32_t i) { return documents_[i].path; };
  document_index_.reserve(documents_.size(),
                          [&](std::uint32_t i) { return position_index::hash(path_at(i)); });
  for (std::uint32_t i = 0; i < documents_.size(); ++i)
    document_index_.insert(path_at(i), i, path_at);
}

void model::finish() {
  // The lists of tables and keys grew by doubling while files were merged: give back what
  // they will not use.
  tables_.shrink_to_fit();
  foreign_keys_.shrink_to_fit();
  index_documents();
  task_index_.clear();
  auto id_at = [&](std::uint32_t i) { return tasks_[i].id; };
  task_index_.reserve(tasks_.size(),
                      [&](std::uint32_t i) { return position_index::hash(id_at(i)); });
  for (std::uint32_t i = 0; i < tasks_.size(); ++i)  // the first task of an id is the one found
    if (!tasks_[i].id.empty()) task_index_.insert(id_at(i), i, id_at);
  std::size_t pool_size = 0;
  for (const task& t : tasks_) pool_size += t.id.size();
  id_pool_.assign(pool_size, '\0');
  pooled_ids_.clear();
  pooled_ids_.reserve(tasks_.size());
  for (std::size_t at = 0; const task& t : tasks_) {
    std::copy(t.id.begin(), t.id.end(), id_pool_.begin() + static_cast<std::ptrdiff_t>(at));
    pooled_ids_.emplace_back(id_pool_.data() + at, t.id.size());
    at += t.id.size();
  }

  // Primary keys and UNIQUE columns are indexes too.
  for (auto& t : tables_) {
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
  // A key that names no parent columns references the parent's primary key.
  for (auto& fk : foreign_keys_)
    if (fk.parent_columns.empty())
      if (const table* p = find_table(fk.parent_table)) fk.parent_columns = p->primary_key();
}

}  // namespace speclint
