#include <algorithm>
#include <cstddef>
#include <set>
#include <string_view>
#include <utility>

#include "speclint/rule.hpp"

namespace speclint {

namespace generated {
struct function_volatility {
  std::string_view name;
  std::string_view volatility;  ///< `s` STABLE, `v` VOLATILE, `sv` overloads of each
};
// data/volatile-functions.txt, sorted by name (cmake/embed_functions.cmake).
extern const function_volatility volatile_functions[];
extern const std::size_t volatile_functions_count;
}  // namespace generated

namespace rules {
namespace {

// How PostgreSQL marks a built-in function none of whose overloads is IMMUTABLE; empty for
// any other name (an IMMUTABLE built-in, or a function speclint does not know).
std::string_view builtin_marking(std::string_view name) {
  const auto* first = generated::volatile_functions;
  const auto* last = first + generated::volatile_functions_count;
  const auto* it = std::lower_bound(
      first, last, name,
      [](const generated::function_volatility& f, std::string_view n) { return f.name < n; });
  if (it == last || it->name != name) return {};
  if (it->volatility == "s") return "STABLE";
  if (it->volatility == "v") return "VOLATILE";
  return "STABLE or VOLATILE (by overload)";
}

void check_index_predicate_not_immutable(const model& m, finding_sink& out) {
  for (const table& t : m.tables()) {
    for (const index_def& ix : t.indexes) {
      // One finding per function and part of the index, at its first call.
      std::set<std::pair<std::uint32_t, std::string_view>> seen;
      for (const index_call& c : ix.calls) {
        std::string_view how = builtin_marking(c.name);
        if (how.empty()) continue;
        std::uint32_t part = c.element.value_or(UINT32_MAX);
        if (!seen.emplace(part, c.name).second) continue;
        std::string part_name =
            c.element && *c.element < ix.columns.size()
                ? fmt::format("the expression `{}` of index `{}`", ix.columns[*c.element], ix.name)
                : fmt::format("the predicate of index `{}`", ix.name);
        out.report(c.site,
                   "{} calls `{}{}`, which PostgreSQL marks {}, not IMMUTABLE: the index cannot "
                   "be created (42P17)",
                   part_name, c.name, c.value_function ? "" : "()", how)
            .entity(t.name)
            .related(ix.site, fmt::format("index `{}` declared here", ix.name));
      }
    }
  }
}

}  // namespace

extern const rule index_predicate_not_immutable{
    {"schema/index-predicate-not-immutable", severity::error,
     "an index's predicate or expression calls a function PostgreSQL does not mark IMMUTABLE",
     pg_expectation{"42P17", false, false}},
    &check_index_predicate_not_immutable};

}  // namespace rules
}  // namespace speclint
