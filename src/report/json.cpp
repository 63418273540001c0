#include <nlohmann/json.hpp>

#include "common.hpp"

namespace speclint::report {

namespace {
nlohmann::ordered_json to_json(const finding& f) {
  nlohmann::ordered_json j;
  j["rule"] = f.rule;
  j["severity"] = std::string(to_string(f.level));
  j["message"] = f.message;
  j["file"] = f.file;
  j["line"] = f.line;
  j["column"] = f.column;
  j["entity"] = f.entity;
  auto related = nlohmann::ordered_json::array();
  for (const auto& r : f.related)
    related.push_back(
        {{"file", r.file}, {"line", r.line}, {"column", r.column}, {"message", r.message}});
  j["related"] = std::move(related);
  j["tasks"] = std::vector<std::string_view>(f.tasks.begin(), f.tasks.end());
  j["fingerprint"] = f.fingerprint;
  if (f.fix)
    j["fix"] = {{"file", f.fix->file}, {"line", f.fix->line}, {"column", f.fix->column},
                {"from", f.fix->from}, {"to", f.fix->to},     {"description", f.fix->description}};
  return j;
}
}  // namespace

void write_json(const lint_result& r, const report_options& opts, std::ostream& out) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  const summary_counts& s = r.summary;
  j["summary"] = {{"files", s.files}, {"tables", s.tables},         {"columns", s.columns},
                  {"tasks", s.tasks}, {"errors", s.errors},         {"warnings", s.warnings},
                  {"notes", s.notes}, {"suppressed", s.suppressed}, {"baselined", s.baselined},
                  {"docs", s.docs}};
  auto findings = nlohmann::ordered_json::array();
  for (const finding* f : shown(r, opts)) findings.push_back(to_json(*f));
  j["findings"] = std::move(findings);
  auto violated = nlohmann::ordered_json::array();
  for (const auto& t : r.violated)
    violated.push_back(
        {{"id", t.id}, {"status", t.status}, {"file", t.file}, {"findings", t.rules}});
  j["violated_tasks"] = std::move(violated);
  auto fixed = nlohmann::ordered_json::array();
  for (const finding& f : r.fixed)
    fixed.push_back({{"rule", f.rule},
                     {"file", f.file},
                     {"entity", f.entity},
                     {"message", f.message},
                     {"fingerprint", f.fingerprint}});
  j["fixed"] = std::move(fixed);
  if (opts.show_suppressed) {
    auto suppressed = nlohmann::ordered_json::array();
    for (const finding& f : r.suppressed) {
      auto fj = to_json(f);
      fj["suppressed"] = true;
      suppressed.push_back(std::move(fj));
    }
    j["suppressed"] = std::move(suppressed);
  }
  // Invalid UTF-8 from the input is replaced, so the output always parses.
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace speclint::report
