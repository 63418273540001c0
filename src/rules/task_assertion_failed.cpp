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

void check_fk(const model& m, const task& t, const assertion& a, finding_sink& out) {
  auto name = [&] { return fmt::format("{}.{}", a.table, a.column); };  // only when reporting
  // Of several keys on the column, the one with the asserted target.
  const std::vector<const foreign_key*> keys = m.find_fks(a.table, {std::string(a.column)});
  const foreign_key* found = keys.empty() ? nullptr : keys.front();
  for (const foreign_key* k : keys)
    if (k->parent_table == a.parent_table && k->parent_columns.size() == 1 &&
        k->parent_columns.front() == a.parent_column)
      found = k;
  if (!found) {
    out.report(a.site,
               "task `{}` asserts the foreign key `{} -> {}.{}`, but the spec declares no foreign "
               "key on `{}`",
               t.id, name(), a.parent_table, a.parent_column, name())
        .entity(name());
    return;
  }
  const foreign_key& fk = *found;
  bool same_target = fk.parent_table == a.parent_table && fk.parent_columns.size() == 1 &&
                     fk.parent_columns.front() == a.parent_column;
  if (!same_target) {
    out.report(a.site, "task `{}` asserts `{}` references `{}.{}`, but the spec says `{}` ({})",
               t.id, name(), a.parent_table, a.parent_column, fk.describe(),
               short_where(m, fk.site()))
        .entity(name())
        .related(fk.site(), "declared here");
    return;
  }
  for (const auto& [key, v] : a.expect) {
    if (key != "on_delete" && key != "on_update") continue;
    if (v.what != yaml_value::kind::scalar) continue;
    auto want = parse_action(v.scalar);
    if (!want) continue;  // task/front-matter reports it
    const action* have = key == "on_delete" ? fk.on_delete() : fk.on_update();
    action_kind kind = have ? have->kind : action_kind::no_action;
    if (kind == *want) continue;
    std::string clause = key == "on_delete" ? "ON DELETE" : "ON UPDATE";
    std::string said = have ? fmt::format("the spec says {} {} ({})", clause, to_sql(kind),
                                          short_where(m, have->site))
                            : fmt::format("the spec states no {} (NO ACTION)", clause);
    out.report(v.site, "task `{}` asserts `{}` {} {}, but {}", t.id, name(), clause, to_sql(*want),
               said)
        .entity(name())
        .related(have ? have->site : fk.site(), "declared here");
  }
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
      if (a.what == assertion::kind::table) continue;
      const column* c = tab->find_column(a.column);
      if (!c) {
        out.report(a.site, "task `{}` asserts column `{}.{}`, which `{}` does not define", t.id,
                   a.table, a.column, a.table)
            .entity(fmt::format("{}.{}", a.table, a.column))
            .related(tab->site, fmt::format("`{}` defined here", a.table));
        continue;
      }
      if (a.what == assertion::kind::column)
        check_column(m, t, a, *tab, *c, out);
      else
        check_fk(m, t, a, out);
    }
  }
}
}  // namespace
extern const rule task_assertion_failed{{"task/assertion-failed", severity::error,
                                         "a task's `asserts` entry does not hold in the spec"},
                                        &check_task_assertion_failed};
}  // namespace speclint::rules
