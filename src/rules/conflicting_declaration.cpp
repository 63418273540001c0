#include <functional>
#include <span>

#include "helpers.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

// A default as compared: a string literal stands for its text, with or without its cast, as
// generated docs print it (`'0'`, `0` and `'0'::smallint` are one default); case and runs of
// space do not count.
std::string default_key(std::string_view value) {
  std::string v = to_lower(collapse_space(value));
  if (v.size() < 2 || v.front() != '\'') return v;
  std::size_t close = 1;
  while (close < v.size()) {
    if (v[close] == '\'' && close + 1 < v.size() && v[close + 1] == '\'') {
      close += 2;
      continue;
    }
    if (v[close] == '\'') break;
    ++close;
  }
  if (close >= v.size()) return v;
  std::string_view rest = std::string_view(v).substr(close + 1);
  if (!rest.empty() && !rest.starts_with("::")) return v;
  return v.substr(1, close - 1);
}

// Reports each declaration whose value of a property differs from the first one stated.
template <class Decl, class Value>
void compare(
    std::span<const Decl> decls, std::function<std::optional<Value>(const Decl&)> get,
    std::function<void(const Decl& first, const Value& a, const Decl& later, const Value& b)>
        report) {
  const Decl* first = nullptr;
  std::optional<Value> base;
  for (const Decl& d : decls) {
    auto v = get(d);
    if (!v) continue;
    if (!first) {
      first = &d;
      base = v;
    } else if (*v != *base) {
      report(*first, *base, d, *v);
    }
  }
}

std::string nullability(bool nullable) {
  return nullable ? "nullable" : "NOT NULL";
}

void check_conflicting_declaration(const model& m, finding_sink& out) {
  for (const table& t : m.tables()) {
    for (const column& c : t.columns) {
      if (c.decls.size() < 2) continue;
      const std::string name = qualified_name(t, c);
      compare<column_decl, std::string>(
          c.decls,
          [&m](const column_decl& d) -> std::optional<std::string> {
            if (!d.type()) return std::nullopt;
            // A domain is its base type: `text` does not contradict a domain over text.
            return canonical_type(m.underlying_type(*d.type()));
          },
          [&](const column_decl& first, const std::string&, const column_decl& later,
              const std::string&) {
            out.report(later.site, "`{}` is declared `{}` here but `{}` in {}", name, *later.type(),
                       *first.type(), short_where(m, first.site))
                .entity(name)
                .related(first.site, fmt::format("declared `{}` here", *first.type()));
          });
      compare<column_decl, bool>(
          c.decls, [](const column_decl& d) { return d.nullable; },
          [&](const column_decl& first, const bool& a, const column_decl& later, const bool& b) {
            out.report(later.site, "`{}` is declared {} here but {} in {}", name, nullability(b),
                       nullability(a), short_where(m, first.site))
                .entity(name)
                .related(first.site, fmt::format("declared {} here", nullability(a)));
          });
      compare<column_decl, std::string>(
          c.decls,
          [](const column_decl& d) -> std::optional<std::string> {
            if (!d.default_value()) return std::nullopt;
            return default_key(*d.default_value());
          },
          [&](const column_decl& first, const std::string&, const column_decl& later,
              const std::string&) {
            out.report(later.site, "`{}` has default `{}` here but `{}` in {}", name,
                       *later.default_value(), *first.default_value(), short_where(m, first.site))
                .entity(name)
                .related(first.site,
                         fmt::format("default `{}` declared here", *first.default_value()));
          });
    }
  }
  for (const foreign_key& fk : m.foreign_keys()) {
    if (fk.decls.size() < 2) continue;
    const std::string name = fk.child_columns.size() == 1
                                 ? fk.child_table + "." + fk.child_columns.front()
                                 : fk.child_table;
    compare<fk_decl, std::string>(
        fk.decls,
        [](const fk_decl& d) -> std::optional<std::string> {
          std::string target = d.parent_table;
          if (!d.parent_columns.empty())
            target += "." + fmt::format("{}", fmt::join(d.parent_columns, ", "));
          return target;
        },
        [&](const fk_decl& first, const std::string& a, const fk_decl& later,
            const std::string& b) {
          // A target without columns means the primary key: not a conflict by itself. Nor is a
          // table named without its schema where another place names it with one (a generated
          // definition leaves out the schemas on its search path).
          auto bare = [](std::string_view t) {
            auto dot = t.rfind('.');
            return dot == std::string_view::npos ? t : t.substr(dot + 1);
          };
          const bool same_table = first.parent_table == later.parent_table ||
                                  ((first.parent_table.find('.') == std::string::npos ||
                                    later.parent_table.find('.') == std::string::npos) &&
                                   bare(first.parent_table) == bare(later.parent_table));
          if (same_table && (first.parent_columns.empty() || later.parent_columns.empty() ||
                             first.parent_columns == later.parent_columns))
            return;
          out.report(later.site, "`{}` references `{}` here but `{}` in {}", name, b, a,
                     short_where(m, first.site))
              .entity(name)
              .related(first.site, fmt::format("references `{}` here", a));
        });
    for (bool on_delete : {true, false}) {
      std::string_view clause = on_delete ? "ON DELETE" : "ON UPDATE";
      compare<fk_decl, action_kind>(
          fk.decls,
          [on_delete](const fk_decl& d) -> std::optional<action_kind> {
            const auto& a = on_delete ? d.on_delete : d.on_update;
            if (!a || a->kind == action_kind::unknown) return std::nullopt;
            return a->kind;
          },
          [&](const fk_decl& first, const action_kind& a, const fk_decl& later,
              const action_kind& b) {
            const action& la = on_delete ? *later.on_delete : *later.on_update;
            const action& fa = on_delete ? *first.on_delete : *first.on_update;
            out.report(la.site, "`{}` has {} {} here but {} in {}", name, clause, to_sql(b),
                       to_sql(a), short_where(m, fa.site))
                .entity(name)
                .related(fa.site, fmt::format("{} {} declared here", clause, to_sql(a)));
          });
    }
  }
}

}  // namespace
extern const rule conflicting_declaration{
    {"schema/conflicting-declaration", severity::error,
     "two places give a column or foreign key different facts"},
    &check_conflicting_declaration};
}  // namespace speclint::rules
