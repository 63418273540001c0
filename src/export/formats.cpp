// The model as SQL, JSON, DBML, Mermaid and Graphviz text.

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "speclint/export.hpp"
#include "speclint/text.hpp"

namespace speclint {

namespace {

using ordered_json = nlohmann::ordered_json;

// Error rule ids per foreign key, sorted and unique.
std::vector<std::vector<std::string>> errors_per_key(const model& m,
                                                     const std::vector<finding>& findings) {
  std::vector<std::set<std::string>> sets(m.foreign_keys().size());
  const fk_finder finder(m);
  for (const finding& f : findings)
    if (f.level == severity::error)
      for (std::size_t k : finder.of(f)) sets[k].insert(f.rule);
  std::vector<std::vector<std::string>> out;
  for (auto& s : sets) out.emplace_back(s.begin(), s.end());
  return out;
}

std::string place(const model& m, const location& l) {
  if (!l.known() || l.file >= m.documents().size()) return {};
  return fmt::format("{}:{}:{}", m.path(l.file), l.line, l.column);
}

std::string_view source_name(fact_source s) {
  switch (s) {
    case fact_source::column_table:
      return "column_table";
    case fact_source::reference_table:
      return "reference_table";
    case fact_source::arrow_item:
      return "arrow_item";
    case fact_source::sql:
      return "sql";
  }
  return "?";
}

std::string_view match_name(match_kind k) {
  switch (k) {
    case match_kind::full:
      return "full";
    case match_kind::partial:
      return "partial";
    case match_kind::simple:
      return "simple";
  }
  return "simple";
}

// How a key is written in labels: `accountId` or `(orgId, accountId)`.
std::string columns_label(const std::vector<std::string>& cols) {
  if (cols.size() == 1) return cols.front();
  return fmt::format("({})", fmt::join(cols, ", "));
}

std::string action_label(const action& a) {
  std::string out(a.kind == action_kind::unknown ? a.raw : to_sql(a.kind));
  if (!a.columns.empty()) out += fmt::format(" ({})", fmt::join(a.columns, ", "));
  return out;
}

// "ON DELETE SET NULL, ON UPDATE CASCADE"; "NO ACTION" when neither is stated otherwise.
std::string actions_label(const foreign_key& fk) {
  std::vector<std::string> parts;
  if (const action* a = fk.on_delete(); a && a->kind != action_kind::no_action)
    parts.push_back("ON DELETE " + action_label(*a));
  if (const action* a = fk.on_update(); a && a->kind != action_kind::no_action)
    parts.push_back("ON UPDATE " + action_label(*a));
  if (parts.empty()) return "NO ACTION";
  return fmt::format("{}", fmt::join(parts, ", "));
}

// --- sql --------------------------------------------------------------------------------

std::string to_sql_text(const model& m) {
  std::string out =
      "-- PostgreSQL DDL exported by speclint from the spec: tables in dependency order, then\n"
      "-- unique constraints, indexes and checks, then one ALTER TABLE per foreign key.\n";
  std::map<std::string, const table*> tables;
  for (const table& t : m.tables()) tables.emplace(t.name, &t);
  for (const ddl_statement& s : ddl_of(m)) {
    out += "\n";
    if (s.what == ddl_statement::kind::table)
      if (auto it = tables.find(s.table); it != tables.end() && it->second->site.known())
        out += fmt::format("-- {}\n", place(m, it->second->site));
    out += s.sql + "\n";
  }
  return out;
}

// --- json -------------------------------------------------------------------------------

ordered_json action_json(const model& m, const action* a) {
  if (!a) return nullptr;
  ordered_json j;
  j["action"] = a->kind == action_kind::unknown ? a->raw : std::string(to_sql(a->kind));
  j["columns"] = a->columns;
  j["site"] = place(m, a->site);
  return j;
}

std::string to_json_text(const model& m, const std::vector<finding>& findings) {
  ordered_json root;
  root["version"] = 1;
  auto tables = ordered_json::array();
  for (const table& t : m.tables()) {
    ordered_json jt;
    jt["name"] = t.name;
    jt["site"] = place(m, t.site);
    auto columns = ordered_json::array();
    for (const column& c : t.columns) {
      ordered_json jc;
      jc["name"] = c.name;
      jc["type"] = std::string(c.type());
      jc["not_null"] = c.not_null();
      jc["primary_key"] = c.primary_key();
      const column_decl* d = c.default_decl();
      jc["default"] = d ? ordered_json(*d->default_value()) : ordered_json(nullptr);
      std::string note;
      for (const column_decl& x : c.decls)
        if (x.note() && note.empty()) note = *x.note();
      jc["note"] = note;
      auto decls = ordered_json::array();
      for (const column_decl& x : c.decls) {
        ordered_json jd;
        jd["site"] = place(m, x.site);
        jd["source"] = std::string(source_name(x.source));
        jd["type"] = x.type() ? ordered_json(*x.type()) : ordered_json(nullptr);
        jd["nullable"] = x.nullable ? ordered_json(*x.nullable) : ordered_json(nullptr);
        jd["default"] =
            x.default_value() ? ordered_json(*x.default_value()) : ordered_json(nullptr);
        jd["primary_key"] = x.primary_key;
        jd["unique"] = x.unique;
        decls.push_back(std::move(jd));
      }
      jc["declarations"] = std::move(decls);
      columns.push_back(std::move(jc));
    }
    jt["columns"] = std::move(columns);
    jt["primary_key"] = t.primary_key();
    auto indexes = ordered_json::array();
    for (const index_def& ix : t.indexes)
      indexes.push_back({{"name", ix.name},
                         {"columns", ix.columns},
                         {"unique", ix.unique},
                         {"primary", ix.primary},
                         {"deferrable", ix.deferrable},
                         {"where", ix.where},
                         {"site", place(m, ix.site)}});
    jt["indexes"] = std::move(indexes);
    auto checks = ordered_json::array();
    for (const check_def& c : t.checks)
      checks.push_back({{"name", c.name},
                        {"expression", c.expression},
                        {"not_null_columns", c.not_null_columns},
                        {"site", place(m, c.site)}});
    jt["checks"] = std::move(checks);
    tables.push_back(std::move(jt));
  }
  root["tables"] = std::move(tables);
  auto errors = errors_per_key(m, findings);
  auto fks = ordered_json::array();
  for (std::size_t k = 0; k < m.foreign_keys().size(); ++k) {
    const foreign_key& fk = m.foreign_keys()[k];
    ordered_json j;
    j["child_table"] = fk.child_table;
    j["child_columns"] = fk.child_columns;
    j["parent_table"] = fk.parent_table;
    j["parent_columns"] = fk.parent_columns;
    j["on_delete"] = action_json(m, fk.on_delete());
    j["on_update"] = action_json(m, fk.on_update());
    bool full = std::any_of(fk.decls.begin(), fk.decls.end(),
                            [](const fk_decl& d) { return d.match == match_kind::full; });
    bool deferrable = std::any_of(fk.decls.begin(), fk.decls.end(),
                                  [](const fk_decl& d) { return d.deferrable; });
    j["match"] = full ? "full" : "simple";
    j["deferrable"] = deferrable;
    auto decls = ordered_json::array();
    for (const fk_decl& d : fk.decls)
      decls.push_back({{"site", place(m, d.site)},
                       {"source", std::string(source_name(d.source))},
                       {"name", d.name},
                       {"parent_columns", d.parent_columns},
                       {"on_delete", action_json(m, d.on_delete ? &*d.on_delete : nullptr)},
                       {"on_update", action_json(m, d.on_update ? &*d.on_update : nullptr)},
                       {"match", std::string(match_name(d.match))},
                       {"deferrable", d.deferrable}});
    j["declarations"] = std::move(decls);
    j["errors"] = errors[k];
    fks.push_back(std::move(j));
  }
  root["foreign_keys"] = std::move(fks);
  return root.dump(2) + "\n";
}

// --- dbml -------------------------------------------------------------------------------

std::string dbml_string(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "'";
}

std::string dbml_name(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string dbml_action(action_kind k) {
  switch (k) {
    case action_kind::cascade:
      return "cascade";
    case action_kind::set_null:
      return "set null";
    case action_kind::set_default:
      return "set default";
    case action_kind::restrict:
      return "restrict";
    default:
      return "no action";
  }
}

// A table in DBML: `"schema"."table"` for a qualified name.
std::string dbml_table(std::string_view table) {
  auto dot = table.find('.');
  if (dot == std::string_view::npos) return dbml_name(table);
  return dbml_name(table.substr(0, dot)) + "." + dbml_name(table.substr(dot + 1));
}

std::string dbml_columns(const std::string& table, const std::vector<std::string>& cols) {
  if (cols.size() == 1) return dbml_table(table) + "." + dbml_name(cols.front());
  std::vector<std::string> q;
  for (const auto& c : cols) q.push_back(dbml_name(c));
  return fmt::format("{}.({})", dbml_table(table), fmt::join(q, ", "));
}

std::string to_dbml(const model& m, const std::vector<finding>& findings) {
  std::string out = "// DBML exported by speclint from the spec\n";
  for (const table& t : m.tables()) {
    std::vector<std::string> pk = t.primary_key();
    out += fmt::format("\nTable {} {{\n", dbml_table(t.name));
    for (const column& c : t.columns) {
      std::vector<std::string> settings;
      if (pk.size() == 1 && pk.front() == c.name) settings.emplace_back("pk");
      if (c.not_null()) settings.emplace_back("not null");
      if (c.unique()) settings.emplace_back("unique");
      if (const column_decl* d = c.default_decl()) {
        std::string v(*d->default_value());
        std::replace(v.begin(), v.end(), '`', '\'');
        settings.push_back("default: `" + v + "`");
      }
      for (const column_decl& d : c.decls)
        if (d.note()) {
          settings.push_back("note: " + dbml_string(*d.note()));
          break;
        }
      std::string type = c.type().empty() ? std::string("text") : std::string(c.type());
      // DBML takes a type as a bare word unless it has spaces or quotes.
      bool plain = std::all_of(type.begin(), type.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_' || ch == '(' || ch == ')' || ch == ',' || ch == '[' || ch == ']' ||
               ch == '.';
      });
      out += fmt::format("  {} {}", dbml_name(c.name), plain ? type : dbml_name(type));
      if (!settings.empty()) out += fmt::format(" [{}]", fmt::join(settings, ", "));
      out += "\n";
    }
    std::vector<std::string> index_lines;
    if (pk.size() > 1) {
      std::vector<std::string> q;
      for (const auto& c : pk) q.push_back(dbml_name(c));
      index_lines.push_back(fmt::format("({}) [pk]", fmt::join(q, ", ")));
    }
    for (const index_def& ix : t.indexes) {
      if (ix.primary) continue;
      std::vector<std::string> q;
      for (const auto& c : ix.columns)
        q.push_back(c.starts_with('(') ? "`" + c + "`" : dbml_name(c));
      std::vector<std::string> settings;
      if (!ix.name.empty()) settings.push_back("name: " + dbml_string(ix.name));
      if (ix.unique) settings.emplace_back("unique");
      if (!ix.where.empty())
        settings.push_back("note: " + dbml_string("partial: WHERE " + ix.where));
      std::string cols = q.size() == 1 ? q.front() : fmt::format("({})", fmt::join(q, ", "));
      index_lines.push_back(
          settings.empty() ? cols : fmt::format("{} [{}]", cols, fmt::join(settings, ", ")));
    }
    if (!index_lines.empty()) {
      out += "\n  indexes {\n";
      for (const auto& l : index_lines) out += "    " + l + "\n";
      out += "  }\n";
    }
    if (t.site.known())
      out += fmt::format("\n  Note: {}\n", dbml_string("defined in " + place(m, t.site)));
    out += "}\n";
  }
  auto errors = errors_per_key(m, findings);
  bool first = true;
  for (std::size_t k = 0; k < m.foreign_keys().size(); ++k) {
    const foreign_key& fk = m.foreign_keys()[k];
    if (first) out += "\n";
    first = false;
    if (fk.parent_columns.empty()) {
      out += fmt::format("// {} -> {}: the referenced columns are unknown\n",
                         columns_label(fk.child_columns), fk.parent_table);
      continue;
    }
    if (!errors[k].empty()) out += fmt::format("// error: {}\n", fmt::join(errors[k], ", "));
    std::vector<std::string> settings;
    if (const action* a = fk.on_delete()) settings.push_back("delete: " + dbml_action(a->kind));
    if (const action* a = fk.on_update()) settings.push_back("update: " + dbml_action(a->kind));
    out += fmt::format("Ref: {} > {}", dbml_columns(fk.child_table, fk.child_columns),
                       dbml_columns(fk.parent_table, fk.parent_columns));
    if (!settings.empty()) out += fmt::format(" [{}]", fmt::join(settings, ", "));
    out += "\n";
  }
  return out;
}

// --- mermaid ----------------------------------------------------------------------------

// Mermaid entity and attribute words: letters, digits, `_`, `-`, `(`, `)`, `[`, `]`.
std::string mermaid_word(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '(' || c == ')' || c == '[' || c == ']';
    out += ok ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9') || out[0] == '-') out = "_" + out;
  return out;
}

std::string mermaid_entity(std::string_view s) {
  std::string w = mermaid_word(s);
  for (char& c : w)
    if (c == '(' || c == ')' || c == '[' || c == ']') c = '_';
  return w;
}

std::string mermaid_text(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '"' ? '\'' : (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::string to_mermaid(const model& m, const std::vector<finding>& findings) {
  std::string out = "erDiagram\n";
  std::set<std::pair<std::string, std::string>> fk_columns;
  for (const foreign_key& fk : m.foreign_keys())
    for (const auto& c : fk.child_columns) fk_columns.emplace(fk.child_table, c);
  for (const table& t : m.tables()) {
    std::vector<std::string> pk = t.primary_key();
    out += fmt::format("  {} {{\n", mermaid_entity(t.name));
    for (const column& c : t.columns) {
      std::vector<std::string> keys;
      if (std::find(pk.begin(), pk.end(), c.name) != pk.end()) keys.emplace_back("PK");
      if (fk_columns.count({t.name, std::string(c.name)})) keys.emplace_back("FK");
      if (c.unique()) keys.emplace_back("UK");
      std::string type = c.type().empty() ? std::string("text") : std::string(c.type());
      out += fmt::format("    {} {}", mermaid_word(type), mermaid_word(c.name));
      if (!keys.empty()) out += fmt::format(" {}", fmt::join(keys, ", "));
      out += c.not_null() ? " \"NOT NULL\"" : " \"nullable\"";
      out += "\n";
    }
    out += "  }\n";
  }
  auto errors = errors_per_key(m, findings);
  for (std::size_t k = 0; k < m.foreign_keys().size(); ++k) {
    const foreign_key& fk = m.foreign_keys()[k];
    const table* child = m.find_table(fk.child_table);
    bool required = child && std::all_of(fk.child_columns.begin(), fk.child_columns.end(),
                                         [&](const std::string& c) {
                                           const column* col = child->find_column(c);
                                           return col && col->not_null();
                                         });
    std::string label = columns_label(fk.child_columns) + ": " + actions_label(fk);
    if (!errors[k].empty()) label = fmt::format("ERROR {} [{}]", label, fmt::join(errors[k], ", "));
    out += fmt::format("  {} {}--o{{ {} : \"{}\"\n", mermaid_entity(fk.parent_table),
                       required ? "||" : "|o", mermaid_entity(fk.child_table), mermaid_text(label));
  }
  return out;
}

// --- dot --------------------------------------------------------------------------------

std::string dot_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out + "\"";
}

std::string html(std::string_view s) {
  return escape_markup(s, markup_context::html_label);
}

std::string to_dot(const model& m, const std::vector<finding>& findings) {
  std::string out =
      "digraph schema {\n  rankdir=LR;\n  node [shape=plain, fontname=\"Helvetica\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const table& t : m.tables()) {
    std::vector<std::string> pk = t.primary_key();
    out += fmt::format(
        "  {} [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">"
        "<tr><td bgcolor=\"lightgrey\"><b>{}</b></td></tr>",
        dot_string(t.name), html(t.name));
    for (const column& c : t.columns) {
      bool key = std::find(pk.begin(), pk.end(), c.name) != pk.end();
      std::string type = c.type().empty() ? std::string("text") : std::string(c.type());
      out += fmt::format("<tr><td port=\"{}\" align=\"left\">{}{}{} : {}{}</td></tr>", html(c.name),
                         key ? "<u>" : "", html(c.name), key ? "</u>" : "", html(type),
                         c.not_null() ? " NOT NULL" : "");
    }
    out += "</table>>];\n";
  }
  auto errors = errors_per_key(m, findings);
  for (std::size_t k = 0; k < m.foreign_keys().size(); ++k) {
    const foreign_key& fk = m.foreign_keys()[k];
    auto end = [&](const std::string& table, const std::vector<std::string>& cols) {
      const struct table* t = m.find_table(table);
      if (t && !cols.empty() && t->find_column(cols.front()))
        return dot_string(table) + ":" + dot_string(cols.front());
      return dot_string(table);
    };
    std::string label = columns_label(fk.child_columns) + "\n" + actions_label(fk);
    std::string attrs;
    if (!errors[k].empty()) {
      label += fmt::format("\nerror: {}", fmt::join(errors[k], ", "));
      attrs = ", color=\"red\", fontcolor=\"red\", penwidth=2";
    }
    out += fmt::format("  {} -> {} [label={}{}];\n", end(fk.child_table, fk.child_columns),
                       end(fk.parent_table, fk.parent_columns), dot_string(label), attrs);
  }
  return out + "}\n";
}

constexpr std::array<std::string_view, 5> formats{"sql", "json", "dbml", "mermaid", "dot"};

}  // namespace

std::span<const std::string_view> export_formats() {
  return formats;
}

std::optional<std::string> export_model(std::string_view format, const model& m,
                                        const std::vector<finding>& findings) {
  if (format == "sql") return to_sql_text(m);
  if (format == "json") return to_json_text(m, findings);
  if (format == "dbml") return to_dbml(m, findings);
  if (format == "mermaid") return to_mermaid(m, findings);
  if (format == "dot") return to_dot(m, findings);
  return std::nullopt;
}

fk_finder::fk_finder(const model& m) : m_(m) {
  const auto& fks = m.foreign_keys();
  auto at = [&](const location& l, std::uint32_t k) {
    if (!l.known() || l.file >= m.documents().size()) return;
    auto& keys = by_line_[std::uint64_t{l.file} << 32 | l.line];
    if (keys.empty() || keys.back() != k) keys.push_back(k);
  };
  for (std::uint32_t k = 0; k < fks.size(); ++k) {
    const foreign_key& fk = fks[k];
    if (fk.child_columns.size() == 1)
      by_entity_[fk.child_table + "." + fk.child_columns.front()].push_back(k);
    for (const fk_decl& d : fk.decls) {
      at(d.site, k);
      if (d.on_delete) at(d.on_delete->site, k);
      if (d.on_update) at(d.on_update->site, k);
    }
  }
}

std::vector<std::size_t> fk_finder::of(const finding& f) const {
  std::vector<std::size_t> out;
  auto add = [&](const std::vector<std::uint32_t>& keys) {
    out.insert(out.end(), keys.begin(), keys.end());
  };
  auto on_line = [&](std::string_view file, std::uint32_t line) {
    const document* d = m_.find_document(file);
    if (!d) return;
    auto id = static_cast<std::uint64_t>(d - m_.documents().data());
    if (auto it = by_line_.find(id << 32 | line); it != by_line_.end()) add(it->second);
  };
  // The keys declared where the finding is, by constraint: of two keys on one column, a
  // finding about the second is never matched with the first's verdicts.
  on_line(f.file, f.line);
  if (!out.empty()) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  if (auto it = by_entity_.find(f.entity); it != by_entity_.end()) add(it->second);
  for (const related_location& r : f.related) on_line(r.file, r.line);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::string> task_graph(std::string_view format, const model& m,
                                      const std::set<std::string>& violated) {
  const auto& tasks = m.tasks();
  std::map<std::string_view, std::size_t> index;  // views of the model's ids, in the same order
  for (std::size_t i = 0; i < tasks.size(); ++i)
    if (!tasks[i].id.empty()) index.try_emplace(tasks[i].id, i);
  std::string out;
  if (format == "mermaid") {
    out += "graph TD\n";
    for (const auto& [id, i] : index)
      out +=
          fmt::format("  t{}[\"{} ({})\"]\n", i, mermaid_text(id), mermaid_text(tasks[i].status));
    for (const auto& [id, i] : index)
      for (const auto& d : tasks[i].depends_on)
        if (auto it = index.find(d.first); it != index.end())
          out += fmt::format("  t{} --> t{}\n", it->second, i);
    if (!violated.empty()) {
      out += "  classDef violated fill:#fdd,stroke:#c00,stroke-width:2px\n";
      for (const auto& id : violated)
        if (auto it = index.find(id); it != index.end())
          out += fmt::format("  class t{} violated\n", it->second);
    }
    return out;
  }
  if (format == "dot") {
    out += "digraph tasks {\n  rankdir=LR;\n  node [shape=box];\n";
    for (const auto& [id, i] : index) {
      out += fmt::format("  {} [label={}", dot_string(id),
                         dot_string(fmt::format("{}\n{}", id, tasks[i].status)));
      if (violated.count(std::string(id))) out += ", color=red, penwidth=2";
      out += "];\n";
    }
    for (const auto& [id, i] : index)
      for (const auto& d : tasks[i].depends_on)
        if (index.count(d.first))
          out += fmt::format("  {} -> {};\n", dot_string(d.first), dot_string(id));
    out += "}\n";
    return out;
  }
  return std::nullopt;
}

}  // namespace speclint
