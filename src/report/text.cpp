#include <map>

#include <fmt/format.h>

#include "common.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::report {

namespace {
struct palette {
  bool on;
  std::string paint(std::string_view code, std::string_view s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
  }
};

std::string_view color_of(severity s) {
  return s == severity::error ? "1;31" : s == severity::warning ? "1;33" : "1;36";
}

std::string place(const std::string& file, std::uint32_t line, std::uint32_t column) {
  if (line == 0) return file;
  if (column == 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}
}  // namespace

void write_text(const lint_result& r, const report_options& opts, std::ostream& out) {
  palette p{opts.color};
  for (const finding* f : shown(r, opts)) {
    std::string line = fmt::format("{}: {}: {} {}", p.paint("1", place(f->file, f->line, f->column)),
                                   p.paint(color_of(f->level), to_string(f->level)),
                                   escape_control(f->message), p.paint("2", "[" + f->rule + "]"));
    if (!f->tasks.empty()) line += fmt::format(" (tasks: {})", fmt::join(f->tasks, ", "));
    out << line << '\n';
    for (const auto& rel : f->related)
      out << "  " << place(rel.file, rel.line, rel.column) << ": note: " << escape_control(rel.message) << '\n';
    if (opts.explain)
      if (const rule* ru = find_rule(f->rule)) out << "  why: " << ru->info.summary << '\n';
  }
  const summary_counts& s = r.summary;
  std::string summary = fmt::format("{}, {}, {} in {} ({}, {}, {})", plural(s.errors, "error"),
                                    plural(s.warnings, "warning"), plural(s.notes, "note"),
                                    plural(s.files, "file"), plural(s.tables, "table"),
                                    plural(s.columns, "column"), plural(s.tasks, "task"));
  if (s.suppressed) summary += fmt::format("; {} suppressed", s.suppressed);
  out << summary << '\n';
  if (r.violated.empty()) return;
  out << '\n' << "Violated tasks:" << '\n';
  std::string status;
  for (const auto& t : r.violated) {
    if (t.status != status) {
      status = t.status;
      out << "  " << (status.empty() ? "(no status)" : status) << ":\n";
    }
    out << fmt::format("    {} ({}): {}\n", t.id, t.file, fmt::join(t.rules, ", "));
  }
}

}  // namespace speclint::report
