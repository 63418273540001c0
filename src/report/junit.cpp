// JUnit XML: one testsuite per rule with findings, one failed testcase per finding.

#include <map>

#include <fmt/format.h>

#include "common.hpp"

namespace speclint::report {

namespace {

// Text that XML 1.0 can hold: valid UTF-8 without the characters XML forbids (C0 controls other
// than tab, line feed and carriage return; U+FFFE and U+FFFF), with markup characters escaped.
// In attributes, white space is escaped too, so that attribute normalization keeps it.
std::string xml_escape(std::string_view s, bool attribute) {
  std::string text = valid_utf8(s);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xef && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xbf &&
        (static_cast<unsigned char>(text[i + 2]) == 0xbe ||
         static_cast<unsigned char>(text[i + 2]) == 0xbf)) {
      i += 2;  // U+FFFE or U+FFFF
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;  // a raw CR would be read back as a line feed
      default:
        if (c >= 0x20) out += static_cast<char>(c);
    }
  }
  return out;
}

std::string attr(std::string_view s) {
  return xml_escape(s, true);
}
std::string text(std::string_view s) {
  return xml_escape(s, false);
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
