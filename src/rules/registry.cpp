// The one sorted table of every rule. A test checks that it stays sorted and that each
// rule has its documentation page and fixtures.

#include <algorithm>
#include <array>

#include "speclint/rule.hpp"

namespace speclint {

namespace rules {
extern const rule cascade_blocked;
extern const rule cascade_cycle;
extern const rule conflicting_declaration;
extern const rule duplicate_column;
extern const rule fk_missing_index;
extern const rule fk_target_not_unique;
extern const rule fk_type_mismatch;
extern const rule missing_primary_key;
extern const rule not_null_set_null;
extern const rule parse_front_matter;
extern const rule parse_markdown;
extern const rule set_default_without_default;
extern const rule unknown_action;
extern const rule unknown_column;
extern const rule unknown_table;
extern const rule ref_broken_anchor;
extern const rule ref_broken_path;
extern const rule ref_line_out_of_range;
extern const rule task_assertion_failed;
extern const rule task_completed_depends_on_open;
extern const rule task_dependency_cycle;
extern const rule task_duplicate_id;
extern const rule task_front_matter;
extern const rule task_id_filename_mismatch;
extern const rule task_placeholder_text;
extern const rule task_unchecked_criteria;
extern const rule task_unknown_dependency;
}  // namespace rules

namespace {
const std::array registry{
    &rules::parse_front_matter,
    &rules::parse_markdown,
    &rules::ref_broken_anchor,
    &rules::ref_broken_path,
    &rules::ref_line_out_of_range,
    &rules::cascade_blocked,
    &rules::cascade_cycle,
    &rules::conflicting_declaration,
    &rules::duplicate_column,
    &rules::fk_missing_index,
    &rules::fk_target_not_unique,
    &rules::fk_type_mismatch,
    &rules::missing_primary_key,
    &rules::not_null_set_null,
    &rules::set_default_without_default,
    &rules::unknown_action,
    &rules::unknown_column,
    &rules::unknown_table,
    &rules::task_assertion_failed,
    &rules::task_completed_depends_on_open,
    &rules::task_dependency_cycle,
    &rules::task_duplicate_id,
    &rules::task_front_matter,
    &rules::task_id_filename_mismatch,
    &rules::task_placeholder_text,
    &rules::task_unchecked_criteria,
    &rules::task_unknown_dependency,
};
}  // namespace

std::span<const rule* const> all_rules() { return registry; }

const rule* find_rule(std::string_view id) {
  auto it = std::lower_bound(registry.begin(), registry.end(), id,
                             [](const rule* r, std::string_view v) { return r->info.id < v; });
  return it != registry.end() && (*it)->info.id == id ? *it : nullptr;
}

}  // namespace speclint
