// JUnit XML: one testsuite per rule with findings, one failed testcase per finding.

#include <map>

#include <fmt/format.h>

#include "common.hpp"

namespace speclint::report {

namespace {

std::string attr(std::string_view s) {
  return escape_markup(s, markup_context::xml_attribute);
}
std::string text(std::string_view s) {
  return escape_markup(s, markup_context::xml_text);
}

}  // namespace

void write_junit(const lint_result& r, const report_options& opts, std::ostream& out) {
  std::map<std::string, std::vector<const finding*>> by_rule;
  std::vector<const finding*> findings = shown(r, opts);
  for (const finding* f : findings) by_rule[f->rule].push_back(f);

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"speclint\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     findings.size(), findings.size());
  for (const auto& [rule, list] : by_rule) {
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
        attr(rule), list.size(), list.size());
    for (const finding* f : list) {
      std::string where = place(f->file, f->line, f->column);
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\"",
                         attr(where + ": " + f->message), attr(rule));
      if (!f->file.empty()) out << fmt::format(" file=\"{}\"", attr(f->file));
      if (f->line) out << fmt::format(" line=\"{}\"", f->line);
      out << ">\n";
      std::string body =
          fmt::format("{}: {}: {} [{}]", where, to_string(f->level), f->message, f->rule);
      for (const related_location& rel : f->related)
        body += fmt::format("\n  {}: note: {}", place(rel.file, rel.line, rel.column), rel.message);
      if (!f->tasks.empty()) body += fmt::format("\ntasks: {}", fmt::join(f->tasks, ", "));
      out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                         to_string(f->level), attr(f->message), text(body));
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace speclint::report
