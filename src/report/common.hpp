#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "speclint/lint.hpp"
#include "speclint/report.hpp"
#include "speclint/text.hpp"

namespace speclint::report {

/// The findings a report shows: errors only when quiet, at most max_per_rule of each rule.
std::vector<const finding*> shown(const lint_result& r, const report_options& opts);

/// `file:line:column`, leaving out what is unknown (0).
std::string place(std::string_view file, std::uint32_t line, std::uint32_t column);

/// "1 error", "2 errors".
std::string plural(std::size_t n, std::string_view word);

/// The summary: "2 errors, 1 warning, 0 notes in 6 files (4 tables, 9 columns, 2 tasks)",
/// then "; N suppressed", "; N hidden by the baseline", "; N fixed since the baseline" when not 0.
std::string summary_line(const lint_result& r);

void write_text(const lint_result& r, const report_options& opts, std::ostream& out);
void write_json(const lint_result& r, const report_options& opts, std::ostream& out);
void write_sarif(const lint_result& r, const report_options& opts, std::ostream& out);
void write_github(const lint_result& r, const report_options& opts, std::ostream& out);
void write_junit(const lint_result& r, const report_options& opts, std::ostream& out);
void write_markdown(const lint_result& r, const report_options& opts, std::ostream& out);

}  // namespace speclint::report
