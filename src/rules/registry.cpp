// The one sorted table of every rule. A test checks that it stays sorted and that each
// rule has its documentation page and fixtures.

#include <algorithm>
#include <array>

#include "speclint/rule.hpp"

namespace speclint {

namespace rules {
extern const rule drift_check;
extern const rule drift_default;
extern const rule drift_extra_column;
extern const rule drift_extra_table;
extern const rule drift_foreign_key;
extern const rule drift_index;
extern const rule drift_missing_column;
extern const rule drift_missing_table;
extern const rule drift_nullability;
extern const rule drift_type;
extern const rule cascade_blocked;
extern const rule cascade_claim;
extern const rule cascade_cycle;
extern const rule conflicting_declaration;
extern const rule duplicate_column;
extern const rule enum_without_check;
extern const rule fk_missing_index;
extern const rule fk_target_not_unique;
extern const rule fk_type_mismatch;
extern const rule hygiene_credential;
extern const rule hygiene_internal_hostname;
extern const rule hygiene_private_address;
extern const rule hygiene_private_path;
extern const rule missing_primary_key;
extern const rule not_null_set_null;
extern const rule parse_front_matter;
extern const rule parse_markdown;
extern const rule parse_unread_schema;
extern const rule set_default_without_default;
extern const rule unknown_action;
extern const rule unknown_column;
extern const rule unknown_table;
extern const rule fk_arity;
extern const rule fk_target_deferrable;
extern const rule fk_target_partial_index;
extern const rule identifier_case;
extern const rule index_predicate_not_immutable;
extern const rule ledger_rewritten;
extern const rule match_simple_nullable_composite;
extern const rule nullable_primary_key;
extern const rule set_columns_on_update;
extern const rule set_null_columns_not_in_fk;
extern const rule set_null_shared_key_column;
extern const rule set_null_violates_check;
extern const rule sql_psql_meta_command;
extern const rule sql_syntax_error;
extern const rule ref_anchor_case;
extern const rule ref_broken_anchor;
extern const rule ref_broken_path;
extern const rule ref_line_out_of_range;
extern const rule ref_stale_line;
extern const rule task_assertion_failed;
extern const rule task_completed_depends_on_open;
extern const rule task_dependency_cycle;
extern const rule task_duplicate_id;
extern const rule task_front_matter;
extern const rule task_id_filename_mismatch;
extern const rule task_placeholder_text;
extern const rule task_unchecked_criteria;
extern const rule task_unknown_dependency;
extern const rule soft_delete_unique;
extern const rule tenant_path_divergence;
}  // namespace rules

namespace {
const std::array registry{
    &rules::drift_check,
    &rules::drift_default,
    &rules::drift_extra_column,
    &rules::drift_extra_table,
    &rules::drift_foreign_key,
    &rules::drift_index,
    &rules::drift_missing_column,
    &rules::drift_missing_table,
    &rules::drift_nullability,
    &rules::drift_type,
    &rules::hygiene_credential,
    &rules::hygiene_internal_hostname,
    &rules::hygiene_private_address,
    &rules::hygiene_private_path,
    &rules::parse_front_matter,
    &rules::parse_markdown,
    &rules::parse_unread_schema,
    &rules::ref_anchor_case,
    &rules::ref_broken_anchor,
    &rules::ref_broken_path,
    &rules::ref_line_out_of_range,
    &rules::ref_stale_line,
    &rules::cascade_blocked,
    &rules::cascade_claim,
    &rules::cascade_cycle,
    &rules::conflicting_declaration,
    &rules::duplicate_column,
    &rules::enum_without_check,
    &rules::fk_arity,
    &rules::fk_missing_index,
    &rules::fk_target_deferrable,
    &rules::fk_target_not_unique,
    &rules::fk_target_partial_index,
    &rules::fk_type_mismatch,
    &rules::identifier_case,
    &rules::index_predicate_not_immutable,
    &rules::ledger_rewritten,
    &rules::match_simple_nullable_composite,
    &rules::missing_primary_key,
    &rules::not_null_set_null,
    &rules::nullable_primary_key,
    &rules::set_columns_on_update,
    &rules::set_default_without_default,
    &rules::set_null_columns_not_in_fk,
    &rules::set_null_shared_key_column,
    &rules::set_null_violates_check,
    &rules::soft_delete_unique,
    &rules::tenant_path_divergence,
    &rules::unknown_action,
    &rules::unknown_column,
    &rules::unknown_table,
    &rules::sql_psql_meta_command,
    &rules::sql_syntax_error,
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

std::span<const rule* const> all_rules() {
  return registry;
}

const rule* find_rule(std::string_view id) {
  auto it = std::lower_bound(registry.begin(), registry.end(), id,
                             [](const rule* r, std::string_view v) { return r->info.id < v; });
  return it != registry.end() && (*it)->info.id == id ? *it : nullptr;
}

}  // namespace speclint
