#pragma once

#include <vector>

#include "speclint/lint.hpp"
#include "speclint/report.hpp"

namespace speclint::report {

/// The findings a report shows: errors only when quiet, at most max_per_rule of each rule.
std::vector<const finding*> shown(const lint_result& r, const report_options& opts);

void write_text(const lint_result& r, const report_options& opts, std::ostream& out);
void write_json(const lint_result& r, const report_options& opts, std::ostream& out);

}  // namespace speclint::report
