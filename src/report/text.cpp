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
}  // namespace

void write_text(const lint_result& r, const report_options& opts, std::ostream& out) {
  palette p{opts.color};
  for (const finding* f : shown(r, opts)) {
    std::string line = fmt::format(
        "{}: {}: {} {}", p.paint("1", escape_control(place(f->file, f->line, f->column))),
        p.paint(color_of(f->level), to_string(f->level)), escape_control(f->message),
        p.paint("2", "[" + escape_control(f->rule) + "]"));
    if (!f->tasks.empty()) {  // thousands of ids, for a finding in a section many tasks cite
      line += " (tasks: ";
      std::string_view separator;
      for (std::string_view id : f->tasks) {
        line += separator;
        append_escaped(line, id);
        separator = ", ";
      }
      line += ')';
    }
    out << line << '\n';
    for (const auto& rel : f->related)
      out << "  " << escape_control(place(rel.file, rel.line, rel.column))
          << ": note: " << escape_control(rel.message) << '\n';
    if (opts.explain)
      if (const rule* ru = find_rule(f->rule)) out << "  why: " << ru->info.summary << '\n';
  }
  out << summary_line(r) << '\n';
  if (!r.fixed.empty()) {
    out << '\n' << "Fixed since the baseline (--prune-baseline removes them):" << '\n';
    for (const finding& f : r.fixed)
      out << "  " << escape_control(f.file) << ": " << escape_control(f.message) << " ["
          << escape_control(f.rule) << "]\n";
  }
  if (r.violated.empty()) return;
  out << '\n' << "Violated tasks:" << '\n';
  const std::string* status = nullptr;
  for (const auto& t : r.violated) {
    if (!status || t.status != *status) {
      status = &t.status;
      out << "  " << (status->empty() ? "(no status)" : escape_control(*status)) << ":\n";
    }
    out << escape_control(fmt::format("    {} ({}): {}", t.id, t.file, fmt::join(t.rules, ", ")))
        << '\n';
  }
}

}  // namespace speclint::report
