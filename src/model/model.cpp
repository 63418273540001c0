#include "speclint/model.hpp"

#include <algorithm>
#include <cassert>
#include <functional>

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint {

std::string_view to_sql(action_kind k) {
  switch (k) {
    case action_kind::no_action:
      return "NO ACTION";
    case action_kind::restrict:
      return "RESTRICT";
    case action_kind::cascade:
      return "CASCADE";
    case action_kind::set_null:
      return "SET NULL";
    case action_kind::set_default:
      return "SET DEFAULT";
    case action_kind::unknown:
      return "?";
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

bool column::not_null() const {
  return not_null_decl() != nullptr;
}

const column_decl* column::default_decl() const {
  for (const auto& d : decls)
    if (d.default_value()) return &d;
  return nullptr;
}

bool column::primary_key() const {
  return std::any_of(decls.begin(), decls.end(),
                     [](const column_decl& d) { return d.primary_key; });
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
  auto at = column_index_.find(name);
  return at != column_index_.end() ? &columns[at->second] : nullptr;
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

std::string_view dialect_name(sql_dialect d) {
  switch (d) {
    case sql_dialect::mysql:
      return "MySQL";
    case sql_dialect::sqlite:
      return "SQLite";
    case sql_dialect::postgres:
    case sql_dialect::auto_detect:
      break;
  }
  return "PostgreSQL";
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
    if (h.slug == slug) return &h;
  return nullptr;
}

const heading* document::section_at(std::uint32_t line) const {
  const heading* best = nullptr;
  for (const auto& h : headings)
    if (h.site.line <= line && line <= h.end_line && (!best || h.level > best->level)) best = &h;
  return best;
}

const task_section* task::section(const document& file, std::string_view title) const {
  for (const auto& s : sections)
    if (istarts_with(s.title(file), title)) return &s;
  return nullptr;
}

model::model() = default;

std::string model::where(const location& l) const {
  if (l.file >= documents_.size()) return "?";
  if (!l.known()) return std::string(documents_[l.file].path);
  return fmt::format("{}:{}", documents_[l.file].path, l.line);
}

const table* model::find_table(std::string_view name) const {
  auto at = table_index_.find(name);
  return at != table_index_.end() ? &tables_[at->second] : nullptr;
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
  auto at = task_index_.find(id);
  return at != task_index_.end() ? &tasks_[at->second] : nullptr;
}

namespace {
// A type's key among the domains: lower-cased, without the default schema.
std::string domain_key(std::string_view type) {
  std::string key = to_lower(trim(type));
  if (key.starts_with("public.")) key.erase(0, 7);
  return key;
}
}  // namespace

const enum_type* model::find_enum(std::string_view type) const {
  if (enums_.empty()) return nullptr;
  std::string key = domain_key(underlying_type(type));
  // A quoted name (`"Role"`) is the enum of that exact name.
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"')
    key = key.substr(1, key.size() - 2);
  auto at = enum_index_.find(key);
  return at != enum_index_.end() ? &enums_[at->second] : nullptr;
}

std::string_view model::underlying_type(std::string_view type) const {
  // A domain over a domain is read through; a cycle (which PostgreSQL cannot create) ends.
  for (int depth = 0; depth < 16 && !domains_.empty(); ++depth) {
    auto at = domains_.find(domain_key(type));
    if (at == domains_.end()) break;
    type = at->second.first;
  }
  return type;
}

bool model::not_null_type(std::string_view type) const {
  for (int depth = 0; depth < 16 && !domains_.empty(); ++depth) {
    auto at = domains_.find(domain_key(type));
    if (at == domains_.end()) return false;
    if (at->second.second) return true;
    type = at->second.first;
  }
  return false;
}

const document* model::find_document(std::string_view path) const {
  auto at = document_index_.find(path);
  return at != document_index_.end() ? &documents_[at->second] : nullptr;
}

std::size_t model::column_count() const {
  std::size_t n = 0;
  for (const auto& t : tables_) n += t.columns.size();
  return n;
}

std::size_t model::fk_hash(std::string_view table, const std::vector<std::string>& columns) {
  std::hash<std::string_view> hash;
  std::size_t h = hash(table);
  for (const auto& c : columns) h = (h ^ hash(c)) * 0x9e3779b97f4a7c15ULL;
  return h;
}

const foreign_key* model::find_fk(std::string_view table,
                                  const std::vector<std::string>& columns) const {
  // The first of several keys on the same columns, whatever order the index keeps them in.
  const foreign_key* first = nullptr;
  auto [from, to] = fk_index_.equal_range(fk_hash(table, columns));
  for (auto it = from; it != to; ++it) {
    const foreign_key& fk = foreign_keys_[it->second];
    if (fk.child_table == table && fk.child_columns == columns && (!first || &fk < first))
      first = &fk;
  }
  return first;
}

std::vector<const foreign_key*> model::find_fks(std::string_view table,
                                                const std::vector<std::string>& columns) const {
  std::vector<const foreign_key*> out;
  auto [from, to] = fk_index_.equal_range(fk_hash(table, columns));
  for (auto it = from; it != to; ++it) {
    const foreign_key& fk = foreign_keys_[it->second];
    if (fk.child_table == table && fk.child_columns == columns) out.push_back(&fk);
  }
  std::sort(out.begin(), out.end());
  return out;
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

}  // namespace speclint
