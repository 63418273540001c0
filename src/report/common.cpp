#include "common.hpp"

#include <fmt/format.h>

#include "speclint/text.hpp"

namespace speclint::report {

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (std::size_t n = utf8_length(s, i)) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

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
  if (s.suppressed) line += fmt::format("; {} suppressed", s.suppressed);
  if (s.baselined) line += fmt::format("; {} hidden by the baseline", s.baselined);
  if (!r.fixed.empty()) line += fmt::format("; {} fixed since the baseline", r.fixed.size());
  return line;
}

}  // namespace speclint::report
