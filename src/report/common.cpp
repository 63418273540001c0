#include "common.hpp"

#include <fmt/format.h>

namespace speclint::report {

std::string place(std::string_view file, std::uint32_t line, std::uint32_t column) {
  if (line == 0) return std::string(file);
  if (column == 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string summary_line(const lint_result& r) {
  const summary_counts& s = r.summary;
  std::string line =
      fmt::format("{}, {}, {} in {} ({}, {}, {})", plural(s.errors, "error"),
                  plural(s.warnings, "warning"), plural(s.notes, "note"), plural(s.files, "file"),
                  plural(s.tables, "table"), plural(s.columns, "column"), plural(s.tasks, "task"));
  if (s.no_table_read()) line += fmt::format("; no table read from {}", plural(s.docs, "doc"));
  if (s.suppressed) line += fmt::format("; {} suppressed", s.suppressed);
  if (s.baselined) line += fmt::format("; {} hidden by the baseline", s.baselined);
  if (!r.fixed.empty()) line += fmt::format("; {} fixed since the baseline", r.fixed.size());
  return line;
}

}  // namespace speclint::report
