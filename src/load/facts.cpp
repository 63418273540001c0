// `speclint facts`: each file read on its own, with marks of which reader wrote which fact,
// and its facts turned into plain records.

#include "speclint/facts.hpp"

#include <fcntl.h>

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "file_facts.hpp"
#include "reader_registry.hpp"
#include "speclint/load.hpp"

namespace speclint {

namespace {

using speclint::file_facts;

// The name of the reader that wrote entry `i` of a list: the first mark after which the list
// holds more than `i` entries.
std::string_view reader_of(const file_facts& f, file_facts::fact_list list, std::size_t i) {
  for (const auto& m : f.marks)
    if (m.ends[list] > i) return m.reader;
  return "?";
}

std::string names(std::string_view table, const std::vector<std::string>& columns) {
  if (columns.size() == 1) return fmt::format("{}.{}", table, columns.front());
  return fmt::format("{}({})", table, fmt::join(columns, ", "));
}

std::string action_text(const action& a) {
  if (a.kind == action_kind::unknown) return std::string(a.raw);
  std::string out(to_sql(a.kind));
  if (!a.columns.empty()) out += fmt::format(" ({})", fmt::join(a.columns, ", "));
  return out;
}

class lister {
 public:
  explicit lister(const file_facts& f) : f_(f) {}

  std::vector<read_fact> run() {
    using L = file_facts;
    for (std::size_t i = 0; i < f_.tables.size(); ++i) {
      read_fact& r = add(L::tables_list, i, "table", f_.tables[i].second, f_.tables[i].first);
      const auto& opaque = f_.opaque_tables;
      if (std::find(opaque.begin(), opaque.end(), f_.tables[i].first) != opaque.end())
        r.fields.push_back({"columns", std::string("unknown")});
      for (const table_derivation& d : f_.derivations)
        if (d.child == f_.tables[i].first) derivation(r, d);
    }
    for (std::size_t i = 0; i < f_.types.size(); ++i) type(i);
    for (std::size_t i = 0; i < f_.columns.size(); ++i) column(i);
    for (std::size_t i = 0; i < f_.fks.size(); ++i) foreign_key(i);
    for (std::size_t i = 0; i < f_.indexes.size(); ++i) index(i);
    for (std::size_t i = 0; i < f_.checks.size(); ++i) check(i);
    for (std::size_t i = 0; i < f_.values.size(); ++i) {
      const auto& v = f_.values[i];
      read_fact& r =
          add(file_facts::values_list, i, "values", v.values.site, v.table + "." + v.column);
      r.fields.push_back({"values", v.values.values});
    }
    for (std::size_t i = 0; i < f_.properties.size(); ++i) property(i);
    for (std::size_t i = 0; i < f_.deletion_lists.size(); ++i) deletion(i);
    if (f_.task) task_facts(*f_.task);
    std::stable_sort(out_.begin(), out_.end(), [](const read_fact& a, const read_fact& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return std::move(out_);
  }

 private:
  read_fact& add(file_facts::fact_list list, std::size_t i, std::string kind, location site,
                 std::string subject) {
    return out_.emplace_back(read_fact{
        reader_of(f_, list, i), std::move(kind), site.line, site.column, std::move(subject), {}});
  }

  void column(std::size_t i) {
    const auto& c = f_.columns[i];
    read_fact& r =
        add(file_facts::columns_list, i, "column", c.decl.site, c.table + "." + c.column);
    if (auto t = c.decl.type()) r.fields.push_back({"type", std::string(*t)});
    if (c.decl.nullable) r.fields.push_back({"nullable", *c.decl.nullable});
    if (auto d = c.decl.default_value()) r.fields.push_back({"default", std::string(*d)});
    if (c.decl.primary_key) r.fields.push_back({"primary_key", true});
    if (c.decl.unique) r.fields.push_back({"unique", true});
  }

  void foreign_key(std::size_t i) {
    const auto& k = f_.fks[i];
    const fk_decl& d = k.decl;
    read_fact& r =
        add(file_facts::fks_list, i, "foreign-key", d.site, names(k.child_table, k.child_columns));
    r.fields.push_back({"references", d.parent_columns.empty()
                                          ? d.parent_table
                                          : names(d.parent_table, d.parent_columns)});
    if (d.on_delete) r.fields.push_back({"on_delete", action_text(*d.on_delete)});
    if (d.on_update) r.fields.push_back({"on_update", action_text(*d.on_update)});
    if (d.match == match_kind::full) r.fields.push_back({"match", std::string("FULL")});
    if (d.match == match_kind::partial) r.fields.push_back({"match", std::string("PARTIAL")});
    if (d.deferrable) r.fields.push_back({"deferrable", true});
    if (!d.name.empty()) r.fields.push_back({"name", std::string(d.name)});
  }

  void index(std::size_t i) {
    const auto& [table, ix] = f_.indexes[i];
    read_fact& r = add(file_facts::indexes_list, i, "index", ix.site, table);
    r.fields.push_back({"name", ix.name});
    r.fields.push_back({"columns", ix.columns});
    if (ix.unique) r.fields.push_back({"unique", true});
    if (ix.primary) r.fields.push_back({"primary_key", true});
    if (ix.deferrable) r.fields.push_back({"deferrable", true});
    if (!ix.where.empty()) r.fields.push_back({"where", ix.where});
  }

  void property(std::size_t i) {
    const table_property& p = f_.properties[i];
    read_fact& r = add(file_facts::properties_list, i, "property", p.site, p.table);
    r.fields.push_back({p.key, p.value});
  }

  // One fact per item of the list.
  void deletion(std::size_t i) {
    const deletion_list& l = f_.deletion_lists[i];
    for (const deletion_claim& c : l.items) {
      read_fact& r = add(file_facts::deletion_lists_list, i, "deletion-claim", c.site, c.table);
      r.fields.push_back({"deleting", l.table});
      using e = deletion_claim::effect;
      if (c.what != e::unstated)
        r.fields.push_back({"effect", std::string(c.what == e::deleted   ? "deleted"
                                                  : c.what == e::cleared ? "cleared"
                                                                         : "blocked")});
    }
  }

  // A derivation the model resolves: the parent was not defined before in the file's SQL.
  static void derivation(read_fact& r, const table_derivation& d) {
    std::string_view key = d.kind == derivation_kind::inherits       ? "inherits"
                           : d.kind == derivation_kind::partition_of ? "partition_of"
                                                                     : "like";
    r.fields.push_back({std::string(key), d.parent});
  }

  void type(std::size_t i) {
    const type_fact& t = f_.types[i];
    read_fact& r =
        add(file_facts::types_list, i, t.base.empty() ? "enum" : "domain", t.site, t.name);
    if (!t.base.empty()) r.fields.push_back({"base", t.base});
    if (t.alter && t.renamed_from.empty()) {
      r.fields.push_back({"adds", t.labels[0]});
    } else if (t.alter) {
      r.fields.push_back({"renames", t.renamed_from});
      r.fields.push_back({"to", t.labels[0]});
    } else if (!t.labels.empty()) {
      r.fields.push_back({"labels", t.labels});
    }
    if (t.not_null) r.fields.push_back({"nullable", false});
  }

  void check(std::size_t i) {
    const auto& [table, c] = f_.checks[i];
    read_fact& r = add(file_facts::checks_list, i, "check", c.site, table);
    if (!c.name.empty()) r.fields.push_back({"name", c.name});
    r.fields.push_back({"expression", c.expression});
    if (!c.not_null_columns.empty()) r.fields.push_back({"not_null", c.not_null_columns});
    if (!c.values.empty()) {
      r.fields.push_back({"values_of", c.values_column});
      r.fields.push_back({"values", c.values});
    }
  }

  void task_facts(const task& t) {
    using L = file_facts;
    location site = t.id_site.line ? t.id_site : location{t.file, 1, 1};
    read_fact& r = add(L::task_list, 0, "task", site, std::string(t.id));
    if (!t.name.empty()) r.fields.push_back({"name", std::string(t.name)});
    if (!t.status.empty()) r.fields.push_back({"status", std::string(t.status)});
    std::vector<std::string> deps;
    for (const auto& d : t.depends_on) deps.emplace_back(d.first);
    if (!deps.empty()) r.fields.push_back({"depends_on", std::move(deps)});
    if (!t.valid) r.fields.push_back({"valid", false});
    for (std::size_t i = 0; i < t.asserts.size(); ++i) {
      const assertion& a = t.asserts[i];
      std::string subject =
          a.what == assertion::kind::table ? std::string(a.table)
          : a.what == assertion::kind::fk
              ? fmt::format("{}.{} -> {}.{}", a.table, a.column, a.parent_table, a.parent_column)
              : fmt::format("{}.{}", a.table, a.column);
      read_fact& x = add(L::asserts_list, i, "assert", a.site, std::move(subject));
      x.fields.push_back({"of", std::string(a.what == assertion::kind::table    ? "table"
                                            : a.what == assertion::kind::column ? "column"
                                            : a.what == assertion::kind::fk     ? "fk"
                                                                                : "check")});
      for (const auto& [key, value] : a.expect) {
        if (value.what == yaml_value::kind::sequence || !value.items.empty())
          x.fields.push_back(
              {std::string(key), std::vector<std::string>(value.items.begin(), value.items.end())});
        else
          x.fields.push_back({std::string(key), std::string(value.scalar)});
      }
    }
    for (std::size_t i = 0; i < t.sections.size(); ++i) {
      const task_section& s = t.sections[i];
      const heading& h = f_.doc.headings[s.heading];
      read_fact& x = add(L::sections_list, i, "section", h.site, std::string(h.text));
      x.fields.push_back({"end_line", std::to_string(s.end_line)});
    }
    for (std::size_t i = 0; i < t.criteria.size(); ++i) {
      const criterion& c = t.criteria[i];
      read_fact& x = add(L::criteria_list, i, "criterion", c.site, std::string(c.text));
      x.fields.push_back({"checked", c.checked});
    }
    for (std::size_t i = 0; i < t.references.size(); ++i) {
      const reference& ref = t.references[i];
      add(L::references_list, i, "reference", ref.site, std::string(ref.raw));
    }
  }

  const file_facts& f_;
  std::vector<read_fact> out_;
};

}  // namespace

std::vector<std::string_view> reader_names() {
  std::vector<std::string_view> out;
  for (const load::reader* r : load::all_readers()) out.push_back(r->name());
  return out;
}

std::vector<file_read> read_facts(const std::filesystem::path& root, const config& cfg) {
  std::vector<file_read> out;
  text_pool texts;
  std::vector<input_file> files = discover(root, cfg);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const input_file& f = files[i];
    std::string content, error;
    if (!load::read_file(AT_FDCWD, (root / f.path).c_str(), cfg.limits.max_file_bytes, content,
                         error))
      throw std::runtime_error(fmt::format("cannot read {}: {}", f.path, error));
    file_facts facts = load::read_markdown(f.path, f.role, std::move(content),
                                           static_cast<file_id>(i), texts, cfg, {}, true);
    out.push_back({f.path, f.role, lister(facts).run()});
  }
  return out;
}

}  // namespace speclint
