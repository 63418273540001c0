// The model as PostgreSQL DDL, one statement at a time.

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "speclint/text.hpp"

#include "speclint/export.hpp"

namespace speclint {

namespace {

// PostgreSQL truncates longer identifiers.
constexpr std::size_t max_identifier = 63;

struct namer {
  std::set<std::string> used;

  // A constraint or index name not used yet in the export, at most 63 bytes.
  std::string fresh(std::string base) {
    if (base.size() > max_identifier) base.resize(max_identifier);
    std::string name = base;
    for (int n = 1; used.count(name); ++n) {
      std::string suffix = fmt::format("_{}", n);
      name = base.substr(0, std::min(base.size(), max_identifier - suffix.size())) + suffix;
    }
    used.insert(name);
    return name;
  }
};

class writer {
 public:
  writer(const model& m, const ddl_options& o) : m_(m), opts_(o) {}

  std::vector<ddl_statement> run() {
    std::vector<const table*> order = dependency_order();
    if (!opts_.single_schema) {
      std::set<std::string> schemas;
      for (const table* t : order)
        if (auto dot = t->name.find('.'); dot != std::string::npos)
          schemas.insert(t->name.substr(0, dot));
      for (const auto& s : schemas)
        push({ddl_statement::kind::schema,
              fmt::format("CREATE SCHEMA IF NOT EXISTS {};", quote_ident(s)), "", s, 0});
    }
    types();
    // Names the spec states are kept; generated ones must not collide with them.
    for (const table* t : order) {
      for (const index_def& ix : t->indexes)
        if (!ix.name.empty()) names_.used.insert(ix.name);
      for (const check_def& c : t->checks)
        if (!c.name.empty()) names_.used.insert(c.name);
    }
    for (const foreign_key& fk : m_.foreign_keys())
      for (const fk_decl& d : fk.decls)
        if (!d.name.empty()) names_.used.emplace(d.name);
    for (const table* t : order) create_table(*t);
    for (const table* t : order) indexes(*t);
    for (const table* t : order) checks(*t);
    for (std::size_t k = 0; k < m_.foreign_keys().size(); ++k) foreign_key_of(k);
    return std::move(out_);
  }

  // The enum types, then the domains, each after the domain it is over: the types columns
  // name. A cycle of domains, which PostgreSQL cannot create, is left out.
  void types() {
    for (const enum_type& e : m_.enums()) {
      std::vector<std::string> labels;
      for (const std::string& l : e.labels) labels.push_back(literal(l));
      push({ddl_statement::kind::type,
            fmt::format("CREATE TYPE {} AS ENUM ({});", rel(e.name), fmt::join(labels, ", ")), "",
            e.name, 0});
    }
    auto key = [](std::string_view type) {
      std::string k = to_lower(trim(type));
      return k.starts_with("public.") ? k.substr(7) : k;
    };
    std::map<std::string, std::pair<std::string, bool>> pending(m_.domains().begin(),
                                                                m_.domains().end());
    for (bool progress = true; progress && !pending.empty();) {
      progress = false;
      for (auto it = pending.begin(); it != pending.end();) {
        const auto& [name, over] = *it;
        if (pending.count(key(over.first))) {
          ++it;
          continue;
        }
        push({ddl_statement::kind::type,
              fmt::format("CREATE DOMAIN {} AS {}{};", rel(name), over.first,
                          over.second ? " NOT NULL" : ""),
              "", name, 0});
        it = pending.erase(it);
        progress = true;
      }
    }
  }

  // A string as an SQL literal.
  static std::string literal(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }

  // The same index or constraint stated in two places (a column table and an SQL block) is
  // created once.
  void push(ddl_statement s) {
    if (!emitted_.insert(s.sql).second) return;
    out_.push_back(std::move(s));
  }

 private:
  std::string rel(std::string_view name) const {
    if (auto dot = name.find('.'); !opts_.single_schema && dot != std::string_view::npos)
      return quote_ident(name.substr(0, dot)) + "." + quote_ident(name.substr(dot + 1));
    return quote_ident(name);
  }

  static std::string column_list(const std::vector<std::string>& cols) {
    std::string out;
    for (const auto& c : cols) {
      if (!out.empty()) out += ", ";
      // An index on an expression keeps the expression as written.
      out += c.starts_with('(') ? c : quote_ident(c);
    }
    return out;
  }

  // Parents before children; ties and cycles (which the separate foreign keys make harmless)
  // in the model's order.
  std::vector<const table*> dependency_order() const {
    const auto& tables = m_.tables();
    std::unordered_map<std::string_view, std::size_t> id;
    for (std::size_t i = 0; i < tables.size(); ++i) id.emplace(tables[i].name, i);
    std::vector<std::set<std::size_t>> parents(tables.size());
    for (const foreign_key& fk : m_.foreign_keys()) {
      auto c = id.find(fk.child_table), p = id.find(fk.parent_table);
      if (c != id.end() && p != id.end() && c->second != p->second)
        parents[c->second].insert(p->second);
    }
    std::vector<const table*> out;
    std::vector<bool> done(tables.size(), false);
    while (out.size() < tables.size()) {
      bool progress = false;
      for (std::size_t i = 0; i < tables.size(); ++i) {
        if (done[i]) continue;
        if (std::all_of(parents[i].begin(), parents[i].end(),
                        [&](std::size_t p) { return done[p]; })) {
          done[i] = true;
          out.push_back(&tables[i]);
          progress = true;
          break;  // restart, so the earliest ready table always comes next
        }
      }
      if (!progress)  // a cycle: take the first table left
        for (std::size_t i = 0; i < tables.size(); ++i)
          if (!done[i]) {
            done[i] = true;
            out.push_back(&tables[i]);
            break;
          }
    }
    return out;
  }

  void create_table(const table& t) {
    std::vector<std::string> lines;
    for (const column& c : t.columns) {
      std::string type = c.type().empty() ? std::string("text") : std::string(c.type());
      std::string line = fmt::format("  {} {}", quote_ident(c.name), type);
      if (const column_decl* d = c.not_null_decl(); d && d->nullable == false) line += " NOT NULL";
      if (const column_decl* d = c.default_decl())
        line.append(" DEFAULT ").append(*d->default_value());
      lines.push_back(std::move(line));
    }
    const index_def* pk = nullptr;
    for (const index_def& ix : t.indexes)
      if (ix.primary) {
        pk = &ix;
        break;
      }
    bool inline_pk =
        pk && std::all_of(pk->columns.begin(), pk->columns.end(),
                          [&](const std::string& c) { return t.find_column(c) != nullptr; });
    if (inline_pk)
      lines.push_back(fmt::format("  CONSTRAINT {} PRIMARY KEY ({}){}", quote_ident(pk->name),
                                  column_list(pk->columns), pk->deferrable ? " DEFERRABLE" : ""));
    std::string body =
        lines.empty() ? std::string() : "\n" + fmt::format("{}", fmt::join(lines, ",\n")) + "\n";
    push({ddl_statement::kind::table, fmt::format("CREATE TABLE {} ({});", rel(t.name), body),
          t.name, t.name, 0});
    if (pk && !inline_pk)
      push({ddl_statement::kind::primary_key,
            fmt::format("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({}){};", rel(t.name),
                        quote_ident(pk->name), column_list(pk->columns),
                        pk->deferrable ? " DEFERRABLE" : ""),
            t.name, pk->name, 0});
  }

  void indexes(const table& t) {
    bool seen_primary = false;
    for (const index_def& ix : t.indexes) {
      if (ix.primary && !seen_primary) {
        seen_primary = true;
        continue;
      }
      std::string name = ix.name.empty() ? names_.fresh(t.name + "_idx") : ix.name;
      bool expression = std::any_of(ix.columns.begin(), ix.columns.end(),
                                    [](const std::string& c) { return c.starts_with('('); });
      if (ix.unique && ix.where.empty() && !expression) {
        push({ddl_statement::kind::unique,
              fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({}){};", rel(t.name),
                          quote_ident(name), column_list(ix.columns),
                          ix.deferrable ? " DEFERRABLE" : ""),
              t.name, name, 0});
      } else {
        std::string sql = fmt::format("CREATE {}INDEX {} ON {} ({})", ix.unique ? "UNIQUE " : "",
                                      quote_ident(name), rel(t.name), column_list(ix.columns));
        if (!ix.where.empty()) sql += " WHERE " + ix.where;
        push({ddl_statement::kind::index, sql + ";", t.name, name, 0});
      }
    }
  }

  void checks(const table& t) {
    for (const check_def& c : t.checks) {
      if (c.expression.empty()) continue;
      std::string name = c.name.empty() ? names_.fresh(t.name + "_check") : c.name;
      push({ddl_statement::kind::check,
            fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({});", rel(t.name),
                        quote_ident(name), c.expression),
            t.name, name, 0});
    }
  }

  static std::string action_sql(const action& a) {
    std::string out(to_sql(a.kind));
    if (!a.columns.empty()) out += " (" + column_list(a.columns) + ")";
    return out;
  }

  void foreign_key_of(std::size_t k) {
    const foreign_key& fk = m_.foreign_keys()[k];
    std::string name;
    bool deferrable = false, full = false, partial = false;
    for (const fk_decl& d : fk.decls) {
      if (name.empty()) name = d.name;
      deferrable |= d.deferrable;
      full |= d.match == match_kind::full;
      partial |= d.match == match_kind::partial;
    }
    if (name.empty()) {
      // Like PostgreSQL's generated names: the table's own name, without its schema.
      std::string base = fk.child_table.substr(
          fk.child_table.rfind('.') == std::string::npos ? 0 : fk.child_table.rfind('.') + 1);
      for (const auto& c : fk.child_columns) base += "_" + c;
      name = names_.fresh(base + "_fkey");
    }
    std::string sql = fmt::format("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}",
                                  rel(fk.child_table), quote_ident(name),
                                  column_list(fk.child_columns), rel(fk.parent_table));
    if (!fk.parent_columns.empty()) sql += " (" + column_list(fk.parent_columns) + ")";
    if (full)
      sql += " MATCH FULL";
    else if (partial)
      sql += " MATCH PARTIAL";
    // An action speclint cannot read is left out: PostgreSQL's default, NO ACTION, applies.
    if (const action* a = fk.on_delete();
        a && a->kind != action_kind::unknown && a->kind != action_kind::no_action)
      sql += " ON DELETE " + action_sql(*a);
    if (const action* a = fk.on_update();
        a && a->kind != action_kind::unknown && a->kind != action_kind::no_action)
      sql += " ON UPDATE " + action_sql(*a);
    if (deferrable) sql += " DEFERRABLE";
    push({ddl_statement::kind::foreign_key, sql + ";", fk.child_table, name, k});
  }

  const model& m_;
  const ddl_options& opts_;
  namer names_;
  std::vector<ddl_statement> out_;
  std::set<std::string> emitted_;
};

}  // namespace

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<ddl_statement> ddl_of(const model& m, const ddl_options& opts) {
  return writer(m, opts).run();
}

}  // namespace speclint
