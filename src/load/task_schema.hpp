#pragma once

// The schema of task front matter, checked while a task file is read so that the parsed
// front matter need not be kept: its problems become `task_front_matter` load issues,
// which the `task/front-matter` rule reports.

#include <vector>

#include "speclint/model.hpp"
#include "speclint/settings.hpp"

namespace speclint::load {

/// Checks a task file's parsed front matter (keys, their values, `asserts`) and appends
/// one issue per problem.
void check_task_front_matter(const yaml_value& fm, file_id file, const settings& cfg,
                             std::vector<load_issue>& out);

}  // namespace speclint::load
