#include "helpers.hpp"
#include "keys.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

// PostgreSQL's implicit numeric casts run smallint -> integer -> bigint -> numeric -> real ->
// double precision. Across these a key is accepted when the child's type casts implicitly to
// the parent's, or when both are floats (one operator family); otherwise it fails with 42804.
bool numeric_accepts(std::string_view child, std::string_view parent) {
  static constexpr std::string_view order[] = {"smallint", "integer", "bigint",
                                               "numeric",  "real",    "double precision"};
  auto rank = [](std::string_view t) {
    for (int i = 0; i < 6; ++i)
      if (order[i] == t) return i;
    return -1;
  };
  int c = rank(child), p = rank(parent);
  return c >= 0 && p >= 0 && (c <= p || (c >= 4 && p >= 4));
}

void check_fk_type_mismatch(const model& m, finding_sink& out) {
  for (const foreign_key& fk : m.foreign_keys()) {
    const table* child = m.find_table(fk.child_table);
    const table* parent = referenced_table(m, fk);
    if (!child || !parent || fk.child_columns.size() != fk.parent_columns.size()) continue;
    for (std::size_t i = 0; i < fk.child_columns.size(); ++i) {
      const column* c = child->find_column(fk.child_columns[i]);
      const column* p = parent->find_column(fk.parent_columns[i]);
      if (!c || !p || c->type().empty() || p->type().empty()) continue;
      // A column of a domain compares as the domain's base type.
      std::string ct = canonical_type(m.underlying_type(c->type())),
                  pt = canonical_type(m.underlying_type(p->type()));
      if (ct == pt) continue;
      std::string cb = base_type(ct), pb = base_type(pt);
      std::string_view cf = type_family(cb), pf = type_family(pb);
      // How PostgreSQL accepts the key, if it does: an equality operator of the target
      // index's operator family, or an implicit cast of the child's type to the parent's.
      std::string accepted;
      const std::string unfit =
          fmt::format("a value of `{}` that does not fit `{}` can never be referenced",
                      qualified_name(*parent, *p), c->type());
      if (cb == pb)
        accepted = fmt::format(": PostgreSQL accepts the key (both are `{}`), but {}", cb, unfit);
      else if (cf == pf && cf == "string")
        accepted = fmt::format(
            ": PostgreSQL accepts the key (one operator family compares `{}` with `{}`), but {}",
            cb, pb, unfit);
      else if (cf == pf && cf != "numeric")
        accepted = fmt::format(
            ": PostgreSQL accepts the key (one operator family compares `{}` with `{}`), but "
            "their ranges differ",
            cb, pb);
      else if (cf == pf && cb != "numeric" && pb != "numeric" && numeric_accepts(cb, pb))
        accepted = fmt::format(
            ": PostgreSQL accepts the key (one operator family compares `{}` with `{}`), but "
            "their precisions differ",
            cb, pb);
      else if (numeric_accepts(cb, pb))
        accepted = fmt::format(
            ": PostgreSQL accepts the key through an implicit cast of `{}` to `{}`, and each "
            "check compares as `{}`",
            cb, pb, pb);
      const bool compatible = !accepted.empty();
      // SQLite checks no column's type, so under SQLite the finding is PostgreSQL's alone.
      std::string_view sqlite =
          written_in(fk) == sql_dialect::sqlite ? "; SQLite does not compare the types" : "";
      // At the key's own declaration: a second key on the same column is checked on its line.
      const location& key_at = fk.site();
      const location& type_at = c->type_decl()->site;
      const location site =
          key_at.known() && (key_at.file != type_at.file || key_at.line != type_at.line) ? key_at
                                                                                         : type_at;
      auto b =
          out.report(site, "`{}` is `{}` but references `{}`, which is `{}`{}{}",
                     qualified_name(*child, *c), c->type(), qualified_name(*parent, *p), p->type(),
                     compatible ? accepted : ": PostgreSQL rejects the key (42804)", sqlite);
      b.entity(qualified_name(*child, *c));
      if (site != c->type_decl()->site)
        b.related(c->type_decl()->site,
                  fmt::format("`{}` declared here", qualified_name(*child, *c)));
      b.related(p->type_decl()->site,
                fmt::format("`{}` declared here", qualified_name(*parent, *p)));
      other_declarations(b, fk, site);
      // One type with other modifiers (`varchar(50)` and `varchar(150)`) compares as itself:
      // only values that cannot exist on one side are out of reach, worth a note.
      if (compatible) b.level(cb == pb ? severity::note : severity::warning);
    }
  }
}
}  // namespace
extern const rule fk_type_mismatch{
    {"schema/fk-type-mismatch", severity::error,
     "a foreign key column's type differs from the referenced column's",
     pg_expectation{"42804", false, false}},
    &check_fk_type_mismatch};
}  // namespace speclint::rules
