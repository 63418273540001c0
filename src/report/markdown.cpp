// Markdown: the GitHub job summary and PR comment. Counts, the violated-task table, the findings
// table and, with a baseline, what was fixed since it.

#include <fmt/format.h>

#include "common.hpp"
#include "speclint/text.hpp"

namespace speclint::report {

namespace {

// Text shown as is: control characters escaped, and every ASCII punctuation character that
// Markdown, GitHub's extensions (tables, strikethrough, math, mentions, issue links) or HTML
// give a meaning escaped with a backslash.
std::string md_text(std::string_view s) {
  std::string out;
  for (char c : escape_control(valid_utf8(s))) {
    if (std::string_view("\\`*_[]<>&|~$@#!").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A code span, or escaped text when the value cannot be one (empty, or holding a backtick).
std::string md_code(std::string_view s) {
  std::string content = escape_control(valid_utf8(s));
  if (content.empty() || content.find('`') != std::string::npos) return md_text(s);
  std::string out = "`";
  for (char c : content) {
    if (c == '|') out += '\\';  // a table cell ends at an unescaped pipe, even in code
    out += c;
  }
  return out + "`";
}

// A message whose `identifiers` become code spans; the rest is escaped text.
std::string md_message(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t open = s.find('`', i);
    if (open == std::string_view::npos) {
      out += md_text(s.substr(i));
      break;
    }
    out += md_text(s.substr(i, open - i));
    std::size_t close = s.find('`', open + 1);
    if (close == std::string_view::npos || close == open + 1) {
      out += md_text(s.substr(open, close == std::string_view::npos ? 1 : 2));
      i = close == std::string_view::npos ? open + 1 : close + 1;
      continue;
    }
    out += md_code(s.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

template <class Texts>
std::string md_list(const Texts& items) {
  std::vector<std::string> parts;
  for (const auto& item : items) parts.push_back(md_code(item));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

void write_markdown(const lint_result& r, const report_options& opts, std::ostream& out) {
  out << "## speclint\n\n" << md_text(summary_line(r)) << "\n";

  if (!r.violated.empty()) {
    out << "\n### Violated tasks\n\n";
    out << "| Task | Status | File | Rules |\n| --- | --- | --- | --- |\n";
    for (const violated_task& t : r.violated)
      out << fmt::format("| {} | {} | {} | {} |\n", md_code(t.id),
                         t.status.empty() ? "(no status)" : md_text(t.status), md_code(t.file),
                         md_list(t.rules));
  }

  std::vector<const finding*> findings = shown(r, opts);
  if (!findings.empty()) {
    out << "\n### Findings\n\n";
    out << "| Severity | Location | Rule | Message | Tasks |\n| --- | --- | --- | --- | --- |\n";
    for (const finding* f : findings) {
      std::string message = md_message(f->message);
      for (const related_location& rel : f->related)
        message += fmt::format("<br>↳ {}: {}", md_code(place(rel.file, rel.line, rel.column)),
                               md_message(rel.message));
      out << fmt::format("| {} | {} | {} | {} | {} |\n", to_string(f->level),
                         md_code(place(f->file, f->line, f->column)), md_code(f->rule), message,
                         md_list(f->tasks));
    }
  }

  if (!r.fixed.empty()) {
    out << "\n### Fixed since the baseline\n\n";
    out << "`speclint check --baseline FILE --prune-baseline` removes them from the baseline.\n\n";
    out << "| File | Rule | Message |\n| --- | --- | --- |\n";
    for (const finding& f : r.fixed)
      out << fmt::format("| {} | {} | {} |\n", md_code(f.file), md_code(f.rule),
                         md_message(f.message));
  }
}

}  // namespace speclint::report
