#pragma once

// The steps of a check that follow the building of the model, shared by lint() and
// lint_session.

#include <vector>

#include "speclint/finding.hpp"
#include "speclint/lint.hpp"

namespace speclint {

/// Runs the model rules on `res.spec`, adds the file rules' findings `of_files` (in file order),
/// applies suppressions, attributes findings to tasks, sorts them and counts them into `res`.
void judge(lint_result& res, std::vector<finding> of_files, const lint_options& opts);

}  // namespace speclint
