#pragma once

#include <ostream>
#include <span>
#include <string_view>

#include "speclint/lint.hpp"

namespace speclint {

/// How reports are written.
struct report_options {
  bool color = false;              ///< ANSI colors (text only)
  bool explain = false;            ///< add each rule's one-line summary (text only)
  bool quiet = false;              ///< errors only
  bool show_suppressed = false;    ///< include suppressed findings (json)
  std::uint32_t max_per_rule = 0;  ///< 0: every finding
};

/// The output formats, in the order `--help` lists them.
std::span<const std::string_view> report_formats();

/// Writes the result in a format; returns false for an unknown format.
bool write_report(std::string_view format, const lint_result& r, const report_options& opts,
                  std::ostream& out);

/// Writes `--tasks-only` output: the violated task ids, one a line.
void write_task_ids(const lint_result& r, std::ostream& out);

}  // namespace speclint
