// The comparison of the spec's model with its implementation's: tables, columns, types,
// nullability, defaults, foreign keys, indexes and checks, each disagreement with the DDL
// that would bring the implementation to the spec.

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "../load/sql.hpp"
#include "speclint/drift.hpp"
#include "speclint/export.hpp"
#include "speclint/text.hpp"

namespace speclint {

namespace {

// A table's name as PostgreSQL finds it: the default schema is the same table.
std::string table_key(std::string_view name) {
  std::string key(name);
  if (key.starts_with("public.")) key.erase(0, 7);
  return key;
}

// An expression in one spelling, for comparison: parsed and printed back by PostgreSQL's
// parser; the clock functions that PostgreSQL evaluates alike compare as `now()`, and a
// literal's cast to a string type (as the catalog prints defaults) as the literal.
std::string expression_key(std::string_view text) {
  std::string e = load::canonical_expression(text);
  if (e.empty()) return collapse_space(to_lower(trim(text)));
  std::string lower = to_lower(e);
  if (lower == "current_timestamp" || lower == "transaction_timestamp()" || lower == "now()")
    return "now()";
  for (std::string_view cast : {"::text", "::character varying", "::varchar", "::bpchar"})
    if (e.starts_with('\'') && e.ends_with(cast) && e.rfind('\'') == e.size() - cast.size() - 1)
      return e.substr(0, e.size() - cast.size());
  return e;
}

bool serial_type(std::string_view type) {
  std::string t = to_lower(trim(type));
  return t == "serial" || t == "bigserial" || t == "smallserial" || t == "serial2" ||
         t == "serial4" || t == "serial8";
}

std::string index_key(const index_def& ix) {
  std::string key = ix.primary ? "p" : ix.unique ? "u" : "i";
  for (const std::string& c : ix.columns) key += "|" + (c.starts_with('(') ? expression_key(c) : c);
  if (!ix.where.empty()) key += "|where " + expression_key(ix.where);
  return key;
}

std::string describe_index(const index_def& ix) {
  std::string out = fmt::format("{} ({})",
                                ix.primary  ? "primary key"
                                : ix.unique ? "unique index"
                                            : "index",
                                fmt::join(ix.columns, ", "));
  if (!ix.where.empty()) out += " WHERE " + ix.where;
  return out;
}

std::string_view update_name(const foreign_key& fk) {
  return to_sql(fk.on_update() ? fk.on_update()->kind : action_kind::no_action);
}

// Whether changing a column from `from` to `to` keeps every value: a wider integer, a longer
// or unbounded string, more numeric precision.
bool widening(const std::string& from, const std::string& to) {
  auto rank = [](std::string_view t) {
    return t == "smallint" ? 1 : t == "integer" ? 2 : t == "bigint" ? 3 : 0;
  };
  if (rank(from) && rank(to)) return rank(from) < rank(to);
  auto length = [](const std::string& t) -> long {
    auto p = t.find('(');
    if (p == std::string::npos) return -1;
    return std::strtol(t.c_str() + p + 1, nullptr, 10);
  };
  std::string bf = base_type(from), bt = base_type(to);
  if ((bf == "character varying" || bf == "character") && bt == "text") return true;
  if ((bf == "character varying" || bf == "numeric") && bf == bt) {
    long lf = length(from), lt = length(to);
    return lt < 0 || (lf >= 0 && lf <= lt);
  }
  return false;
}

class comparison {
 public:
  comparison(const model& spec, const model& impl) : spec_(spec), impl_(impl), ddl_(ddl_of(spec)) {
    for (const table& t : impl.tables()) impl_tables_.emplace(table_key(t.name), &t);
  }

  std::vector<drift> run() {
    std::map<std::string, const table*> spec_tables;
    for (const table& t : spec_.tables()) {
      if (t.columns_unknown && t.columns.empty() && t.sites.empty()) continue;
      spec_tables.emplace(table_key(t.name), &t);
      auto it = impl_tables_.find(table_key(t.name));
      if (it == impl_tables_.end()) {
        missing_table(t);
        continue;
      }
      compare_table(t, *it->second);
    }
    for (const table& t : impl_.tables())
      if (!spec_tables.count(table_key(t.name)) && !t.sites.empty()) extra_table(t);
    compare_foreign_keys(spec_tables);
    return std::move(out_);
  }

 private:
  related_location impl_place(const location& at, std::string message) const {
    if (!at.known() || at.file >= impl_.documents().size()) return {};
    return {std::string(impl_.path(at.file)), at.line, at.column, std::move(message)};
  }

  drift& add(std::string_view rule, const location& spec_site, const location& impl_site,
             std::string entity, std::string message) {
    drift d;
    d.rule = rule;
    d.spec_site = spec_site;
    d.impl = impl_place(impl_site, "the implementation");
    d.entity = std::move(entity);
    d.message = std::move(message);
    out_.push_back(std::move(d));
    return out_.back();
  }

  std::string ddl_for(std::string_view table, std::string_view name,
                      std::optional<ddl_statement::kind> kind = std::nullopt) const {
    for (const ddl_statement& s : ddl_)
      if (s.table == table && s.name == name && (!kind || s.what == *kind)) return s.sql;
    return {};
  }

  std::string rel(std::string_view table) const { return quote_name(table); }

  static std::string quote_name(std::string_view name) {
    std::string out;
    std::size_t dot = name.find('.');
    if (dot != std::string_view::npos && dot > 0)
      return quote_ident(name.substr(0, dot)) + "." + quote_ident(name.substr(dot + 1));
    return quote_ident(name);
  }

  void missing_table(const table& t) {
    drift& d = add("drift/missing-table", t.site, {}, t.name,
                   fmt::format("table `{}` is not in the implementation", t.name));
    std::vector<std::string> sql;
    for (const ddl_statement& s : ddl_)
      if (s.table == t.name && s.what != ddl_statement::kind::foreign_key) sql.push_back(s.sql);
    d.sql = fmt::format("{}", fmt::join(sql, "\n"));
  }

  void extra_table(const table& t) {
    drift& d = add("drift/extra-table", {}, t.site, t.name,
                   fmt::format("table `{}` of the implementation is not in the spec", t.name));
    d.level = severity::note;
    d.sql = fmt::format("DROP TABLE {};", rel(t.name));
    d.destructive = "drops a table and its rows";
  }

  void compare_table(const table& s, const table& i) {
    for (const column& c : s.columns) {
      const column* ic = i.find_column(c.name);
      if (!ic) {
        missing_column(s, i, c);
        continue;
      }
      compare_column(s, c, *ic);
    }
    for (const column& ic : i.columns)
      if (!s.find_column(ic.name) && !s.columns_unknown) {
        drift& d = add("drift/extra-column", s.site, ic.site(), qualified_name(s, ic),
                       fmt::format("column `{}` of the implementation is not in the spec",
                                   qualified_name(i, ic)));
        d.level = severity::note;
        d.sql = fmt::format("ALTER TABLE {} DROP COLUMN {};", rel(s.name), quote_ident(ic.name));
        d.destructive = "drops a column and its values";
      }
    compare_indexes(s, i);
    compare_checks(s, i);
  }

  static std::string column_sql(const column& c) {
    std::string type = c.type().empty() ? std::string("text") : std::string(c.type());
    std::string out = fmt::format("{} {}", quote_ident(c.name), type);
    if (c.not_null() && !c.primary_key()) out += " NOT NULL";
    if (const column_decl* d = c.default_decl())
      out.append(" DEFAULT ").append(*d->default_value());
    return out;
  }

  void missing_column(const table& s, const table& i, const column& c) {
    drift& d = add("drift/missing-column", c.site(), i.site, qualified_name(s, c),
                   fmt::format("column `{}` is not in the implementation", qualified_name(s, c)));
    d.sql = fmt::format("ALTER TABLE {} ADD COLUMN {};", rel(s.name), column_sql(c));
  }

  void compare_column(const table& s, const column& c, const column& ic) {
    const std::string name = qualified_name(s, c);
    // Type.
    if (!c.type().empty() && !ic.type().empty()) {
      std::string st = canonical_type(c.type()), it = canonical_type(ic.type());
      if (st != it && canonical_type(spec_.underlying_type(c.type())) !=
                          canonical_type(impl_.underlying_type(ic.type()))) {
        const column_decl* sd = c.type_decl();
        const column_decl* id = ic.type_decl();
        drift& d = add("drift/type", sd ? sd->site : c.site(), id ? id->site : ic.site(), name,
                       fmt::format("`{}` is `{}` in the spec but `{}` in the implementation", name,
                                   c.type(), ic.type()));
        d.sql = fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {};", rel(s.name),
                            quote_ident(c.name), c.type());
        if (!widening(it, st))
          d.destructive = fmt::format("`{}` to `{}` may fail or lose values", ic.type(), c.type());
      }
    }
    // Nullability, when the spec states it.
    const bool stated = std::any_of(c.decls.begin(), c.decls.end(), [](const column_decl& d) {
      return d.nullable.has_value() || d.primary_key;
    });
    if (stated && c.not_null() != ic.not_null()) {
      const column_decl* sd = c.not_null_decl();
      location spec_site = sd ? sd->site : c.site();
      if (!sd)
        for (const column_decl& dd : c.decls)
          if (dd.nullable.has_value()) {
            spec_site = dd.site;
            break;
          }
      const column_decl* id = ic.not_null_decl();
      location impl_site = id ? id->site : ic.site();
      if (!id)
        for (auto it = ic.decls.rbegin(); it != ic.decls.rend(); ++it)
          if (it->nullable.has_value()) {
            impl_site = it->site;
            break;
          }
      drift& d = add("drift/nullability", spec_site, impl_site, name,
                     fmt::format("`{}` is {} in the spec but {} in the implementation", name,
                                 c.not_null() ? "NOT NULL" : "nullable",
                                 ic.not_null() ? "NOT NULL" : "nullable"));
      d.sql = fmt::format("ALTER TABLE {} ALTER COLUMN {} {} NOT NULL;", rel(s.name),
                          quote_ident(c.name), c.not_null() ? "SET" : "DROP");
    }
    // Default.
    const column_decl* sd = c.default_decl();
    const column_decl* id = ic.default_decl();
    auto nextval = [](const column_decl* d) {
      return d && to_lower(*d->default_value()).starts_with("nextval(");
    };
    if ((serial_type(c.type()) && (!id || nextval(id))) ||
        (serial_type(ic.type()) && (!sd || nextval(sd))))
      return;
    std::string sk = sd ? expression_key(*sd->default_value()) : "";
    std::string ik = id ? expression_key(*id->default_value()) : "";
    if (sk == ik) return;
    drift& d = add(
        "drift/default", sd ? sd->site : c.site(), id ? id->site : ic.site(), name,
        fmt::format(
            "`{}` has {} in the spec but {} in the implementation", name,
            sd ? fmt::format("DEFAULT `{}`", *sd->default_value()) : std::string("no default"),
            id ? fmt::format("DEFAULT `{}`", *id->default_value()) : std::string("no default")));
    d.sql = sd ? fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {};", rel(s.name),
                             quote_ident(c.name), *sd->default_value())
               : fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT;", rel(s.name),
                             quote_ident(c.name));
  }

  // Indexes (primary keys and unique constraints among them) by what they are, not by name:
  // equal keys pair first, then what is left pairs by name as a changed index.
  void compare_indexes(const table& s, const table& i) {
    std::vector<const index_def*> left_spec, left_impl;
    std::multimap<std::string, const index_def*> impl_by_key;
    std::set<std::string> seen;
    for (const index_def& ix : i.indexes)
      if (seen.insert(index_key(ix)).second) impl_by_key.emplace(index_key(ix), &ix);
    seen.clear();
    for (const index_def& ix : s.indexes) {
      std::string key = index_key(ix);
      if (!seen.insert(key).second) continue;
      auto it = impl_by_key.find(key);
      if (it != impl_by_key.end())
        impl_by_key.erase(it);
      else
        left_spec.push_back(&ix);
    }
    for (auto& [key, ix] : impl_by_key) left_impl.push_back(ix);
    std::sort(left_impl.begin(), left_impl.end());
    for (const index_def* ix : left_spec) {
      auto same_name = std::find_if(left_impl.begin(), left_impl.end(), [&](const index_def* o) {
        return !ix->name.empty() && o->name == ix->name;
      });
      std::string sql = ddl_for(s.name, ix->name);
      if (ix->primary && sql.empty())
        sql = fmt::format("ALTER TABLE {} ADD PRIMARY KEY ({});", rel(s.name),
                          fmt::join(ix->columns, ", "));
      if (same_name != left_impl.end()) {
        const index_def* o = *same_name;
        left_impl.erase(same_name);
        drift& d = add("drift/index", ix->site, o->site, s.name,
                       fmt::format("index `{}` of `{}` is {} in the spec but {} in the "
                                   "implementation",
                                   ix->name, s.name, describe_index(*ix), describe_index(*o)));
        d.sql = drop_index(s, *o) + "\n" + sql;
        continue;
      }
      drift& d =
          add("drift/index", ix->site, i.site, s.name,
              fmt::format("{} of `{}` is not in the implementation", describe_index(*ix), s.name));
      d.sql = sql;
    }
    for (const index_def* o : left_impl) {
      drift& d = add("drift/index", s.site, o->site, s.name,
                     fmt::format("{} of the implementation's `{}` is not in the spec",
                                 describe_index(*o), s.name));
      d.level = severity::warning;
      d.sql = drop_index(s, *o);
      d.destructive = "drops an index the spec does not document";
    }
  }

  std::string drop_index(const table& s, const index_def& ix) const {
    if (ix.primary || (ix.unique && ix.where.empty() && ix.name.ends_with("_key")))
      return fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", rel(s.name), quote_ident(ix.name));
    return fmt::format("DROP INDEX {};", quote_ident(ix.name));
  }

  void compare_checks(const table& s, const table& i) {
    std::multimap<std::string, const check_def*> impl_by_key;
    for (const check_def& c : i.checks) impl_by_key.emplace(expression_key(c.expression), &c);
    std::vector<const check_def*> left_spec;
    for (const check_def& c : s.checks) {
      auto it = impl_by_key.find(expression_key(c.expression));
      if (it != impl_by_key.end())
        impl_by_key.erase(it);
      else
        left_spec.push_back(&c);
    }
    std::vector<const check_def*> left_impl;
    for (auto& [key, c] : impl_by_key) left_impl.push_back(c);
    for (const check_def* c : left_spec) {
      std::string sql = ddl_for(s.name, c->name, ddl_statement::kind::check);
      if (sql.empty())
        sql = fmt::format("ALTER TABLE {} ADD CHECK ({});", rel(s.name), c->expression);
      auto same_name = std::find_if(left_impl.begin(), left_impl.end(), [&](const check_def* o) {
        return !c->name.empty() && o->name == c->name;
      });
      if (same_name != left_impl.end()) {
        const check_def* o = *same_name;
        left_impl.erase(same_name);
        drift& d = add("drift/check", c->site, o->site, s.name,
                       fmt::format("check `{}` of `{}` is `{}` in the spec but `{}` in the "
                                   "implementation",
                                   c->name, s.name, c->expression, o->expression));
        d.sql = fmt::format("ALTER TABLE {} DROP CONSTRAINT {};\n{}", rel(s.name),
                            quote_ident(o->name), sql);
        continue;
      }
      drift& d = add(
          "drift/check", c->site, i.site, s.name,
          fmt::format("check `{}` of `{}` is not in the implementation", c->expression, s.name));
      d.sql = sql;
    }
    for (const check_def* o : left_impl) {
      drift& d = add("drift/check", s.site, o->site, s.name,
                     fmt::format("check `{}` of the implementation's `{}` is not in the spec",
                                 o->expression, s.name));
      d.level = severity::warning;
      d.sql = o->name.empty() ? std::string()
                              : fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", rel(s.name),
                                            quote_ident(o->name));
      d.destructive = "drops a check the spec does not document";
    }
  }

  static std::string fk_name(const foreign_key& fk) {
    for (const fk_decl& d : fk.decls)
      if (!d.name.empty()) return std::string(d.name);
    std::string base = fk.child_table.substr(
        fk.child_table.rfind('.') == std::string::npos ? 0 : fk.child_table.rfind('.') + 1);
    for (const auto& c : fk.child_columns) base += "_" + c;
    return base + "_fkey";
  }

  void compare_foreign_keys(const std::map<std::string, const table*>& spec_tables) {
    std::map<std::pair<std::string, std::vector<std::string>>, std::size_t> impl_keys;
    for (std::size_t k = 0; k < impl_.foreign_keys().size(); ++k) {
      const foreign_key& fk = impl_.foreign_keys()[k];
      impl_keys.emplace(std::pair{table_key(fk.child_table), fk.child_columns}, k);
    }
    std::vector<bool> matched(impl_.foreign_keys().size(), false);
    const auto& spec_keys = spec_.foreign_keys();
    for (std::size_t k = 0; k < spec_keys.size(); ++k) {
      const foreign_key& fk = spec_keys[k];
      if (!impl_tables_.count(table_key(fk.child_table))) continue;  // missing-table says it
      std::string sql;
      for (const ddl_statement& s : ddl_)
        if (s.what == ddl_statement::kind::foreign_key && s.fk == k) sql = s.sql;
      std::string entity = fk.child_columns.size() == 1 ? fk.child_table + "." + fk.child_columns[0]
                                                        : fk.child_table;
      auto it = impl_keys.find({table_key(fk.child_table), fk.child_columns});
      if (it == impl_keys.end()) {
        drift& d =
            add("drift/foreign-key", fk.site(), impl_tables_.at(table_key(fk.child_table))->site,
                entity, fmt::format("foreign key {} is not in the implementation", fk.describe()));
        d.sql = sql;
        continue;
      }
      matched[it->second] = true;
      const foreign_key& ifk = impl_.foreign_keys()[it->second];
      std::vector<std::string> other;
      if (table_key(fk.parent_table) != table_key(ifk.parent_table) ||
          fk.parent_columns != ifk.parent_columns)
        other.push_back(
            fmt::format("references `{}({})` in the spec but `{}({})` in the "
                        "implementation",
                        fk.parent_table, fmt::join(fk.parent_columns, ", "), ifk.parent_table,
                        fmt::join(ifk.parent_columns, ", ")));
      if (fk.delete_kind() != ifk.delete_kind())
        other.push_back(
            fmt::format("is ON DELETE {} in the spec but ON DELETE {} in the "
                        "implementation",
                        to_sql(fk.delete_kind()), to_sql(ifk.delete_kind())));
      if (update_name(fk) != update_name(ifk))
        other.push_back(
            fmt::format("is ON UPDATE {} in the spec but ON UPDATE {} in the "
                        "implementation",
                        update_name(fk), update_name(ifk)));
      if (other.empty()) continue;
      location spec_site = fk.site();
      if (fk.delete_kind() != ifk.delete_kind() && fk.on_delete()) spec_site = fk.on_delete()->site;
      location impl_site = ifk.site();
      if (fk.delete_kind() != ifk.delete_kind() && ifk.on_delete())
        impl_site = ifk.on_delete()->site;
      drift& d = add("drift/foreign-key", spec_site, impl_site, entity,
                     fmt::format("foreign key {} {}", fk.describe(), fmt::join(other, " and ")));
      d.sql = fmt::format("ALTER TABLE {} DROP CONSTRAINT {};\n{}", rel(fk.child_table),
                          quote_ident(fk_name(ifk)), sql);
    }
    for (std::size_t k = 0; k < matched.size(); ++k) {
      if (matched[k]) continue;
      const foreign_key& ifk = impl_.foreign_keys()[k];
      auto t = spec_tables.find(table_key(ifk.child_table));
      if (t == spec_tables.end()) continue;  // extra-table says it
      std::string entity = ifk.child_columns.size() == 1
                               ? ifk.child_table + "." + ifk.child_columns[0]
                               : ifk.child_table;
      drift& d = add(
          "drift/foreign-key", t->second->site, ifk.site(), entity,
          fmt::format("foreign key {} of the implementation is not in the spec", ifk.describe()));
      d.level = severity::warning;
      d.sql = fmt::format("ALTER TABLE {} DROP CONSTRAINT {};", rel(ifk.child_table),
                          quote_ident(fk_name(ifk)));
      d.destructive = "drops a foreign key the spec does not document";
    }
  }

  const model& spec_;
  const model& impl_;
  std::vector<ddl_statement> ddl_;
  std::unordered_map<std::string, const table*> impl_tables_;
  std::vector<drift> out_;
};

}  // namespace

std::vector<drift> compare_models(const model& spec, const model& impl) {
  return comparison(spec, impl).run();
}

std::string drift_sql(const std::vector<drift>& drifts) {
  std::string out;
  for (const drift& d : drifts) {
    if (d.sql.empty()) continue;
    out += fmt::format("-- {}: {}\n", d.rule, d.message);
    if (d.destructive.empty()) {
      out += d.sql + "\n";
      continue;
    }
    out += fmt::format("-- not applied: {}\n", d.destructive);
    std::string_view sql = d.sql;
    while (!sql.empty()) {
      std::size_t end = std::min(sql.find('\n'), sql.size());
      out += fmt::format("-- {}\n", sql.substr(0, end));
      sql.remove_prefix(std::min(end + 1, sql.size()));
    }
  }
  return out;
}

}  // namespace speclint
