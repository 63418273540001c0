#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

// What the schema says a column's values are: an enum type or a CHECK that lists them.
struct value_source {
  std::string what;  ///< for messages: "enum type `role`", "CHECK `members_role_check`"
  location site;
  const std::vector<std::string>* values = nullptr;
};

// The values of `a` that `b` does not hold, once each, in `a`'s order.
std::vector<std::string> values_not_in(const std::vector<std::string>& a,
                                       const std::vector<std::string>& b) {
  std::unordered_set<std::string_view> in_b(b.begin(), b.end()), seen;
  std::vector<std::string> out;
  for (const std::string& v : a)
    if (!in_b.count(v) && seen.insert(v).second) out.push_back(v);
  return out;
}

void check_enum_without_check(const model& m, finding_sink& out) {
  for (const table& t : m.tables()) {
    if (std::none_of(t.columns.begin(), t.columns.end(),
                     [](const column& c) { return !c.values.empty(); }))
      continue;
    // The CHECKs that list a column's values, by column: a table may have thousands.
    std::unordered_multimap<std::string_view, const check_def*> listing;
    for (const check_def& k : t.checks)
      if (!k.values_column.empty()) listing.emplace(k.values_column, &k);
    for (const column& c : t.columns) {
      if (c.values.empty()) continue;
      const documented_values& doc = c.values.front();
      std::vector<value_source> sources;
      if (const enum_type* e = m.find_enum(c.type()))
        sources.push_back({fmt::format("enum type `{}`", e->name), e->site, &e->labels});
      // In the order written: a multimap's equal range has none.
      std::vector<const check_def*> checks;
      for (auto [at, end] = listing.equal_range(c.name); at != end; ++at)
        checks.push_back(at->second);
      std::sort(checks.begin(), checks.end());
      for (const check_def* k : checks)
        sources.push_back({fmt::format("CHECK `{}`", k->name), k->site, &k->values});
      const std::string name = qualified_name(t, c);
      auto add_documented = [&](finding_sink::builder b) {
        b.entity(name);
        for (std::size_t i = 1; i < c.values.size(); ++i)
          b.related(c.values[i].site, "values also documented here");
      };
      if (sources.empty()) {
        add_documented(out.report(doc.site,
                                  "`{}` is documented as one of {}, but no CHECK or enum type "
                                  "states these values",
                                  name, backticked(doc.values)));
        continue;
      }
      for (const value_source& s : sources) {
        const std::vector<std::string> missing = values_not_in(doc.values, *s.values),
                                       extra = values_not_in(*s.values, doc.values);
        if (missing.empty() && extra.empty()) continue;
        std::string differences;
        if (!missing.empty()) differences = "missing " + backticked(missing);
        if (!extra.empty())
          differences += (differences.empty() ? "extra " : "; extra ") + backticked(extra);
        add_documented(
            out.report(doc.site, "`{}` is documented as one of {}, but {} ({}) allows {}: {}", name,
                       backticked(doc.values), s.what, short_where(m, s.site),
                       s.values->empty() ? std::string("none") : backticked(*s.values), differences)
                .level(severity::error)
                .related(s.site, fmt::format("{} declared here", s.what)));
      }
    }
  }
}
}  // namespace
extern const rule enum_without_check{
    {"schema/enum-without-check", severity::warning,
     "a column's documented values have no CHECK or enum type, or one that disagrees"},
    &check_enum_without_check};
}  // namespace speclint::rules
