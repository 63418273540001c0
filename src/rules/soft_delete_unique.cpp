#include <algorithm>

#include "helpers.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

// The predicate in lower case, without double quotes and with single spaces, so that
// `"deletedAt" IS  NULL` reads as `deletedat is null`.
std::string plain_predicate(std::string_view where) {
  std::string out;
  for (char c : where) {
    if (c == '"') continue;
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ' || out.back() == '(')) continue;
    if (c == ')' && !out.empty() && out.back() == ' ') out.pop_back();
    out += space ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// True when the name stands in the text as a whole identifier at `at`.
bool word_at(std::string_view text, std::size_t at, std::size_t size) {
  auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  return (at == 0 || !part(text[at - 1])) && (at + size == text.size() || !part(text[at + size]));
}

// True when the predicate keeps only rows the marker does not mark deleted: `m IS NULL`,
// `NOT m`, `m = false`, `m IS FALSE`, `m IS NOT TRUE`, `m <> true`, `m != true`.
bool excludes_deleted(std::string_view where, std::string_view marker) {
  const std::string p = plain_predicate(where), m = to_lower(marker);
  for (std::size_t at = p.find(m); at != std::string::npos; at = p.find(m, at + 1)) {
    if (!word_at(p, at, m.size())) continue;
    std::string_view after = std::string_view(p).substr(at + m.size());
    std::string_view before = std::string_view(p).substr(0, at);
    for (std::string_view s : {" is null", " = false", " is false", " is not true", " <> true",
                               " != true", "=false", "<>true", "!=true"})
      if (after.starts_with(s)) return true;
    if (before.ends_with("not ") || before.ends_with("not(")) return true;
  }
  return false;
}

void check_soft_delete_unique(const model& m, finding_sink& out) {
  const std::vector<std::string>& markers = m.config().soft_delete_markers;
  for (const table& t : m.tables()) {
    const column* marker = nullptr;
    for (const column& c : t.columns)
      if (!marker && std::any_of(markers.begin(), markers.end(),
                                 [&](const std::string& n) { return iequals(n, c.name); }))
        marker = &c;
    if (!marker) continue;
    std::vector<const index_def*> seen;
    for (const index_def& ix : t.indexes) {
      if (!ix.unique || ix.primary || excludes_deleted(ix.where, marker->name)) continue;
      // A UNIQUE column is an index of the model too: the one unique is reported once.
      bool repeated = std::any_of(seen.begin(), seen.end(), [&](const index_def* s) {
        return same_columns(s->columns, ix.columns) && s->where == ix.where;
      });
      if (repeated) continue;
      seen.push_back(&ix);
      auto b = out.report(ix.site,
                          "`{}` is soft-deleted by `{}`, but the unique `{}` on {} does not leave "
                          "deleted rows out: a deleted row still holds its value, and a new row "
                          "with it is refused",
                          t.name, qualified_name(t, *marker), ix.name, backticked(ix.columns));
      b.entity(ix.columns.size() == 1 ? t.name + "." + ix.columns.front() : t.name);
      b.related(marker->site(), fmt::format("`{}` declared here", qualified_name(t, *marker)));
      for (const index_def& other : t.indexes)
        if (&other != &ix && other.unique && !other.primary &&
            same_columns(other.columns, ix.columns) && other.where == ix.where)
          b.related(other.site, "also declared here");
    }
  }
}
}  // namespace
extern const rule soft_delete_unique{
    {"schema/soft-delete-unique", severity::warning,
     "a unique constraint of a soft-deleted table does not leave deleted rows out"},
    &check_soft_delete_unique};
}  // namespace speclint::rules
