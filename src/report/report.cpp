#include <array>
#include <map>

#include "common.hpp"

namespace speclint {

namespace report {
std::vector<const finding*> shown(const lint_result& r, const report_options& opts) {
  std::vector<const finding*> out;
  std::map<std::string_view, std::uint32_t> per_rule;
  for (const finding& f : r.findings) {
    if (opts.quiet && f.level != severity::error) continue;
    if (opts.max_per_rule && ++per_rule[f.rule] > opts.max_per_rule) continue;
    out.push_back(&f);
  }
  return out;
}
}  // namespace report

namespace {
constexpr std::array<std::string_view, 6> formats{"text",   "json",  "sarif",
                                                  "github", "junit", "markdown"};
}

std::span<const std::string_view> report_formats() {
  return formats;
}

bool write_report(std::string_view format, const lint_result& r, const report_options& opts,
                  std::ostream& out) {
  if (format == "text")
    report::write_text(r, opts, out);
  else if (format == "json")
    report::write_json(r, opts, out);
  else if (format == "sarif")
    report::write_sarif(r, opts, out);
  else if (format == "github")
    report::write_github(r, opts, out);
  else if (format == "junit")
    report::write_junit(r, opts, out);
  else if (format == "markdown")
    report::write_markdown(r, opts, out);
  else
    return false;
  return true;
}

void write_task_ids(const lint_result& r, std::ostream& out) {
  for (const auto& t : r.violated) out << t.id << '\n';
}

}  // namespace speclint
