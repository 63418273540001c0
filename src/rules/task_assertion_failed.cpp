#include <algorithm>
#include <set>

#include <fmt/ranges.h>

#include "helpers.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

std::optional<bool> as_bool(const expected_value& v) {
  if (v.what != yaml_value::kind::scalar || v.quoted) return std::nullopt;
  if (v.scalar == "true") return true;
  if (v.scalar == "false") return false;
  return std::nullopt;
}

// Every foreign key whose columns include the assertion's column, when it asserts an action.
std::vector<const foreign_key*> keys_of(const model& m, const assertion& a) {
  std::vector<const foreign_key*> out;
  const bool actions = std::any_of(a.expect.begin(), a.expect.end(), [](const auto& e) {
    return e.first == "on_delete" || e.first == "on_update";
  });
  if (!actions) return out;
  for (const foreign_key& fk : m.foreign_keys())
    if (fk.child_table == a.table && std::find(fk.child_columns.begin(), fk.child_columns.end(),
                                               a.column) != fk.child_columns.end())
      out.push_back(&fk);
  return out;
}

void check_column(const model& m, const task& t, const assertion& a, const table& tab,
                  const column& c, finding_sink& out) {
  auto name = [&] { return qualified_name(tab, c); };  // only when reporting
  for (const auto& [key, v] : a.expect) {
    if (key == "nullable") {
      auto want = as_bool(v);
      if (!want) continue;  // task/front-matter reports it
      bool nullable = !c.not_null();
      if (*want == nullable) continue;
      location where = nullable ? c.site() : c.not_null_decl()->site;
      std::string said =
          nullable ? fmt::format("the spec declares it nullable ({})", short_where(m, where))
                   : fmt::format("the spec declares it NOT NULL ({})", short_where(m, where));
      out.report(v.site, "task `{}` asserts `{}` nullable: {}, but {}", t.id, name(), v.scalar,
                 said)
          .entity(name())
          .related(where, nullable ? "declared nullable here" : "declared NOT NULL here");
    } else if (key == "type") {
      if (v.what != yaml_value::kind::scalar) continue;
      if (!c.type().empty() && canonical_type(c.type()) == canonical_type(v.scalar)) continue;
      std::string said = c.type().empty() ? "the spec gives it no type"
                                          : fmt::format("the spec declares `{}` ({})", c.type(),
                                                        short_where(m, c.type_decl()->site));
      out.report(v.site, "task `{}` asserts `{}` type: {}, but {}", t.id, name(), v.scalar, said)
          .entity(name())
          .related(c.type_decl() ? c.type_decl()->site : c.site(), "declared here");
    } else if (key == "default") {
      if (v.what != yaml_value::kind::scalar) continue;
      const column_decl* d = c.default_decl();
      if (d && to_lower(collapse_space(*d->default_value())) == to_lower(collapse_space(v.scalar)))
        continue;
      std::string said =
          d ? fmt::format("the spec gives `{}` ({})", *d->default_value(), short_where(m, d->site))
            : std::string("the spec gives no default");
      out.report(v.site, "task `{}` asserts `{}` default: {}, but {}", t.id, name(), v.scalar, said)
          .entity(name())
          .related(d ? d->site : c.site(), "declared here");
    } else if (key == "unique" || key == "primary_key") {
      auto want = as_bool(v);
      if (!want) continue;
      bool actual = false;
      for (const index_def& ix : tab.indexes)
        if (ix.columns.size() == 1 && ix.columns.front() == c.name && ix.where.empty() &&
            (key == "unique" ? ix.unique : ix.primary))
          actual = true;
      if (*want == actual) continue;
      out.report(v.site, "task `{}` asserts `{}` {}: {}, but the spec {} it so", t.id, name(), key,
                 v.scalar, actual ? "declares" : "does not declare")
          .entity(name())
          .related(c.site(), "declared here");
    }
  }
}

// Reports each key of `keys` whose ON DELETE or ON UPDATE is not what the assertion says:
// it must hold for every one of them.
void check_actions(const model& m, const task& t, const assertion& a,
                   const std::vector<const foreign_key*>& keys, finding_sink& out) {
  auto name = [&] { return fmt::format("{}.{}", a.table, a.column); };  // only when reporting
  for (const auto& [key, v] : a.expect) {
    if (key != "on_delete" && key != "on_update") continue;
    if (v.what != yaml_value::kind::scalar) continue;
    auto want = parse_action(v.scalar);
    if (!want) continue;  // task/front-matter reports it
    const std::string clause = key == "on_delete" ? "ON DELETE" : "ON UPDATE";
    if (keys.empty()) {
      out.report(v.site,
                 "task `{}` asserts `{}` {} {}, but the spec declares no foreign key on `{}`", t.id,
                 name(), clause, to_sql(*want), name())
          .entity(name());
      continue;
    }
    // A key merges every declaration with its target, and SQL may declare the same key twice
    // with different actions: each stated action must be the asserted one.
    for (const foreign_key* fk : keys) {
      std::vector<const action*> wrong;
      bool stated = false;
      for (const fk_decl& d : fk->decls) {
        const std::optional<action>& have = key == "on_delete" ? d.on_delete : d.on_update;
        if (!have) continue;
        stated = true;
        if (have->kind != *want) wrong.push_back(&*have);
      }
      if (stated && wrong.empty()) continue;
      if (!stated && *want == action_kind::no_action) continue;
      std::string said;
      for (const action* w : wrong)
        said += fmt::format("{}{} {} ({})", said.empty() ? "the spec says " : ", ", clause,
                            w->kind == action_kind::unknown ? w->raw : to_sql(w->kind),
                            short_where(m, w->site));
      if (!stated) said = fmt::format("the spec states no {} (NO ACTION)", clause);
      // With several keys on the column, the message names the one that differs.
      if (keys.size() > 1) said += fmt::format(" for `{}`", fk->describe());
      auto b = out.report(v.site, "task `{}` asserts `{}` {} {}, but {}", t.id, name(), clause,
                          to_sql(*want), said);
      b.entity(name());
      for (const action* w : wrong) b.related(w->site, "declared here");
      if (!stated) b.related(fk->site(), "declared here");
    }
  }
}

void check_fk(const model& m, const task& t, const assertion& a, finding_sink& out) {
  auto name = [&] { return fmt::format("{}.{}", a.table, a.column); };  // only when reporting
  // Of several keys on the column, those with the asserted target.
  const std::vector<const foreign_key*> keys = m.find_fks(a.table, {std::string(a.column)});
  std::vector<const foreign_key*> targeted;
  for (const foreign_key* k : keys)
    if (k->parent_table == a.parent_table && k->parent_columns.size() == 1 &&
        k->parent_columns.front() == a.parent_column)
      targeted.push_back(k);
  if (keys.empty()) {
    out.report(a.site,
               "task `{}` asserts the foreign key `{} -> {}.{}`, but the spec declares no foreign "
               "key on `{}`",
               t.id, name(), a.parent_table, a.parent_column, name())
        .entity(name());
    return;
  }
  if (targeted.empty()) {
    const foreign_key& fk = *keys.front();
    out.report(a.site, "task `{}` asserts `{}` references `{}.{}`, but the spec says `{}` ({})",
               t.id, name(), a.parent_table, a.parent_column, fk.describe(),
               short_where(m, fk.site()))
        .entity(name())
        .related(fk.site(), "declared here");
    return;
  }
  check_actions(m, t, a, targeted, out);
}

// `table(a, b)` for messages.
std::string on_columns(std::string_view table, const std::vector<std::string_view>& columns) {
  return fmt::format("{}({})", table, fmt::join(columns, ", "));
}

// `name` on (`a`, `b`), with its predicate, for messages.
std::string describe_index(const model& m, const index_def& ix, bool say_unique) {
  std::string out = fmt::format("`{}` on ({})", ix.name, backticked(ix.columns));
  out += ix.where.empty() ? " without a predicate" : fmt::format(" where `{}`", ix.where);
  out += fmt::format(" ({})", short_where(m, ix.site));
  return say_unique && !ix.unique ? out + ", which is not unique" : out;
}

// True when the index's predicate is the asserted one. Without one asserted, a unique index
// must have none (a partial one is not unique over the table), while any index serves the
// lookups an `index` assertion is about.
bool same_predicate(const index_def& ix, const expected_value* want, bool unique) {
  if (!want) return !unique || ix.where.empty();
  if (ix.where.empty()) return false;
  if (!ix.where_key.empty()) return ix.where_key == want->key;
  return to_lower(collapse_space(ix.where)) == to_lower(collapse_space(want->scalar));
}

// `unique: [a, b]` (a unique constraint or index on exactly these columns, in any order) or
// `index: [a, b]` (an index, unique or not, whose leading columns are these, in order), with
// the `where` predicate it must have, or none.
void check_index(const model& m, const task& t, const assertion& a, const table& tab,
                 finding_sink& out) {
  const expected_value *unique = nullptr, *index = nullptr, *where = nullptr;
  for (const auto& [key, v] : a.expect) {
    if (key == "unique") unique = &v;
    if (key == "index") index = &v;
    if (key == "where") where = &v;
  }
  const expected_value* want = unique ? unique : index;
  if (!want || want->what != yaml_value::kind::sequence || want->items.empty()) return;
  if (unique && index) return;              // task/front-matter reports it
  if (where && where->key.empty()) return;  // so it does this
  const std::vector<std::string> columns(want->items.begin(), want->items.end());
  auto covers = [&](const index_def& ix) {
    if (unique) return same_columns(ix.columns, columns);
    return ix.columns.size() >= columns.size() &&
           std::equal(columns.begin(), columns.end(), ix.columns.begin());
  };
  const index_def* near = nullptr;  // the closest that does not hold, for the message
  int nearness = 0;
  for (const index_def& ix : tab.indexes) {
    const bool columns_match = covers(ix), predicate = same_predicate(ix, where, unique),
               unique_enough = !unique || ix.unique;
    if (columns_match && predicate && unique_enough) return;
    int score = columns_match                                             ? (unique_enough ? 3
                                                                             : predicate   ? 2
                                                                                           : 1)
                : leads(ix, columns) || same_columns(ix.columns, columns) ? 1
                                                                          : 0;
    if (score > nearness) {
      nearness = score;
      near = &ix;
    }
  }
  std::string asserted = fmt::format(
      "{} on `{}`{}", unique ? "a unique index" : "an index", on_columns(a.table, want->items),
      where ? fmt::format(" where `{}`", where->scalar) : std::string());
  const std::string said =
      near     ? "the spec has " + describe_index(m, *near, unique)
      : unique ? std::string("the spec declares no unique index on those columns")
               : std::string("the spec declares no index leading with those columns");
  auto b = out.report(want->site, "task `{}` asserts {}, but {}", t.id, asserted, said);
  b.entity(std::string(a.table));
  if (near)
    b.related(near->site, fmt::format("`{}` declared here", near->name));
  else
    b.related(tab.site, fmt::format("`{}` defined here", a.table));
}

// `check: t.c in (a, b)`: an enum type or a CHECK allows exactly these values.
void check_values(const model& m, const task& t, const assertion& a, const table& tab,
                  const column& c, finding_sink& out) {
  const expected_value* in = nullptr;
  for (const auto& [key, v] : a.expect)
    if (key == "in") in = &v;
  if (!in) return;
  const std::set<std::string_view> want(in->items.begin(), in->items.end());
  auto same = [&](const std::vector<std::string>& have) {
    return std::set<std::string_view>(have.begin(), have.end()) == want;
  };
  std::vector<std::string> said;
  std::vector<std::pair<location, std::string>> sites;
  if (const enum_type* e = m.find_enum(c.type())) {
    if (same(e->labels)) return;
    said.push_back(fmt::format("enum type `{}` ({}) allows {}", e->name, short_where(m, e->site),
                               backticked(e->labels)));
    sites.emplace_back(e->site, fmt::format("`{}` declared here", e->name));
  }
  for (const check_def& k : tab.checks) {
    if (k.values_column != c.name) continue;
    if (same(k.values)) return;
    said.push_back(fmt::format("CHECK `{}` ({}) allows {}", k.name, short_where(m, k.site),
                               backticked(k.values)));
    sites.emplace_back(k.site, fmt::format("`{}` declared here", k.name));
  }
  const std::string name = qualified_name(tab, c);
  auto b = out.report(a.site, "task `{}` asserts `{}` in ({}), but {}", t.id, name,
                      fmt::join(in->items, ", "),
                      said.empty() ? fmt::format("the spec states no CHECK or enum type listing "
                                                 "the values of `{}`",
                                                 name)
                                   : fmt::format("{}", fmt::join(said, "; ")));
  b.entity(name);
  for (const auto& [at, what] : sites) b.related(at, what);
  if (sites.empty()) b.related(c.site(), "declared here");
}

void check_task_assertion_failed(const model& m, finding_sink& out) {
  for (const task& t : m.tasks()) {
    for (const assertion& a : t.asserts) {
      const table* tab = m.find_table(a.table);
      if (!tab) {
        if (a.what == assertion::kind::table)
          out.report(a.site, "task `{}` asserts table `{}`, which no doc defines", t.id, a.table)
              .entity(std::string(a.table));
        else  // a column or foreign-key assertion: name what the task asserted
          out.report(a.site, "task `{}` asserts `{}.{}`, but no doc defines table `{}`", t.id,
                     a.table, a.column, a.table)
              .entity(std::string(a.table));
        continue;
      }
      if (a.what == assertion::kind::table) {
        check_index(m, t, a, *tab, out);
        continue;
      }
      const column* c = tab->find_column(a.column);
      if (!c) {
        out.report(a.site, "task `{}` asserts column `{}.{}`, which `{}` does not define", t.id,
                   a.table, a.column, a.table)
            .entity(fmt::format("{}.{}", a.table, a.column))
            .related(tab->site, fmt::format("`{}` defined here", a.table));
        continue;
      }
      if (a.what == assertion::kind::column) {
        check_column(m, t, a, *tab, *c, out);
        check_actions(m, t, a, keys_of(m, a), out);
      } else if (a.what == assertion::kind::check) {
        check_values(m, t, a, *tab, *c, out);
      } else {
        check_fk(m, t, a, out);
      }
    }
  }
}
}  // namespace
extern const rule task_assertion_failed{{"task/assertion-failed", severity::error,
                                         "a task's `asserts` entry does not hold in the spec"},
                                        &check_task_assertion_failed};
}  // namespace speclint::rules
