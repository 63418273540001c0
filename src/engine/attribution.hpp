#pragma once

#include <vector>

#include "speclint/finding.hpp"
#include "speclint/lint.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// Fills each finding's `tasks` with the tasks that own it: a finding in a task's own file,
/// at a line or heading section a task's References point to, or on an entity a task
/// asserts or names in its body.
void attribute(const model& m, std::vector<finding>& findings);

/// The tasks that own at least one error, completed first.
std::vector<violated_task> violated_tasks(const model& m, const std::vector<finding>& findings);

}  // namespace speclint
