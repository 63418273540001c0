// GitHub Actions workflow commands: one annotation per finding, then the summary line.

#include <fmt/format.h>

#include "common.hpp"

namespace speclint::report {

namespace {

// The toolkit's escaping of a command's message (@actions/core escapeData).
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : valid_utf8(s)) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

// The toolkit's escaping of a command property (escapeProperty): also `:` and `,`.
std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string_view command_of(severity s) {
  return s == severity::error ? "error" : s == severity::warning ? "warning" : "notice";
}

}  // namespace

void write_github(const lint_result& r, const report_options& opts, std::ostream& out) {
  for (const finding* f : shown(r, opts)) {
    std::vector<std::string> props;
    if (!f->file.empty()) {
      props.push_back("file=" + escape_property(f->file));
      if (f->line) {
        props.push_back(fmt::format("line={}", f->line));
        if (f->column) props.push_back(fmt::format("col={}", f->column));
        bool has_end = f->end_line >= f->line;
        props.push_back(fmt::format("endLine={}", has_end ? f->end_line : f->line));
        if (has_end && f->column && f->end_column)
          props.push_back(fmt::format("endColumn={}", f->end_column));
      }
    }
    props.push_back("title=" + escape_property(f->rule));
    std::string message = f->message;
    for (const related_location& rel : f->related)
      message += fmt::format("\n{}: {}", place(rel.file, rel.line, rel.column), rel.message);
    if (!f->tasks.empty()) message += fmt::format("\ntasks: {}", fmt::join(f->tasks, ", "));
    out << "::" << command_of(f->level) << ' ' << fmt::format("{}", fmt::join(props, ","))
        << "::" << escape_data(message) << '\n';
  }
  out << summary_line(r) << '\n';
}

}  // namespace speclint::report
