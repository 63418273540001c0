// The drift rules: one comparison (diff.cpp) finds every disagreement, and each rule reports
// those of its kind, so that each can be turned off or given a severity of its own.

#include "speclint/drift.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {

namespace {

template <const rule_info& info>
void check_drift_rule(const model& spec, const model& impl, finding_sink& out) {
  for (drift& d : compare_models(spec, impl)) {
    if (d.rule != info.id) continue;
    finding_sink::builder b = d.spec_site.known() ? out.report(d.spec_site, "{}", d.message)
                                                  : out.report_outside(d.impl, d.message);
    b.entity(d.entity);
    if (d.level != info.default_severity) b.level(d.level);
    if (d.spec_site.known()) b.related(std::move(d.impl));
  }
}

constexpr rule_info drift_missing_table_info{"drift/missing-table", severity::error,
                                             "a table of the spec is not in the implementation"};
constexpr rule_info drift_extra_table_info{"drift/extra-table", severity::note,
                                           "a table of the implementation is not in the spec"};
constexpr rule_info drift_missing_column_info{"drift/missing-column", severity::error,
                                              "a column of the spec is not in the implementation"};
constexpr rule_info drift_extra_column_info{"drift/extra-column", severity::note,
                                            "a column of the implementation is not in the spec"};
constexpr rule_info drift_type_info{
    "drift/type", severity::error,
    "a column's type differs between the spec and the implementation"};
constexpr rule_info drift_nullability_info{
    "drift/nullability", severity::error,
    "a column is NOT NULL on one side and nullable on the other"};
constexpr rule_info drift_default_info{
    "drift/default", severity::error,
    "a column's default differs between the spec and the implementation"};
constexpr rule_info drift_foreign_key_info{
    "drift/foreign-key", severity::error,
    "a foreign key is missing, extra, or has another target or actions in the implementation"};
constexpr rule_info drift_index_info{
    "drift/index", severity::error,
    "an index is missing, extra, or has other columns or predicate in the implementation"};
constexpr rule_info drift_check_info{
    "drift/check", severity::error,
    "a CHECK constraint is missing or differs in the implementation"};

}  // namespace

extern const rule drift_check{drift_check_info, nullptr, nullptr,
                              &check_drift_rule<drift_check_info>};
extern const rule drift_default{drift_default_info, nullptr, nullptr,
                                &check_drift_rule<drift_default_info>};
extern const rule drift_extra_column{drift_extra_column_info, nullptr, nullptr,
                                     &check_drift_rule<drift_extra_column_info>};
extern const rule drift_extra_table{drift_extra_table_info, nullptr, nullptr,
                                    &check_drift_rule<drift_extra_table_info>};
extern const rule drift_foreign_key{drift_foreign_key_info, nullptr, nullptr,
                                    &check_drift_rule<drift_foreign_key_info>};
extern const rule drift_index{drift_index_info, nullptr, nullptr,
                              &check_drift_rule<drift_index_info>};
extern const rule drift_missing_column{drift_missing_column_info, nullptr, nullptr,
                                       &check_drift_rule<drift_missing_column_info>};
extern const rule drift_missing_table{drift_missing_table_info, nullptr, nullptr,
                                      &check_drift_rule<drift_missing_table_info>};
extern const rule drift_nullability{drift_nullability_info, nullptr, nullptr,
                                    &check_drift_rule<drift_nullability_info>};
extern const rule drift_type{drift_type_info, nullptr, nullptr, &check_drift_rule<drift_type_info>};

}  // namespace speclint::rules
