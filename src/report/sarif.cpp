// SARIF 2.1.0, as GitHub code scanning reads it.

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"
#include "speclint/version.hpp"

namespace speclint::report {

namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view schema_uri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

std::string_view sarif_level(severity s) {
  return s == severity::error ? "error" : s == severity::warning ? "warning" : "note";
}

// A repository-relative path as a URI reference: bytes outside the unreserved set are
// percent-encoded, so a `:` or a space never turns it into something else.
std::string uri_of(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// The text of a doc page's "## What it checks" section, or empty.
std::string what_it_checks(std::string_view doc) {
  constexpr std::string_view heading = "## What it checks\n";
  auto start = doc.find(heading);
  if (start == std::string_view::npos) return {};
  start += heading.size();
  auto end = doc.find("\n## ", start);
  return std::string(trim(
      doc.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
}

json physical_location(std::string_view file, std::uint32_t line, std::uint32_t column,
                       std::uint32_t end_line, std::uint32_t end_column) {
  json loc;
  loc["artifactLocation"] = {{"uri", uri_of(file)}};
  if (line == 0) return loc;  // the whole file: a region needs a start line
  json region;
  region["startLine"] = line;
  if (column) region["startColumn"] = column;
  // The end is the finding's when known, else the start.
  bool has_end = end_line >= line && end_line != 0;
  region["endLine"] = has_end ? end_line : line;
  if (column) region["endColumn"] = has_end && end_column ? end_column : column;
  loc["region"] = std::move(region);
  return loc;
}

json rule_descriptor(const rule& ru) {
  std::string summary(ru.info.summary);
  std::string doc(rule_doc(ru.info.id));
  std::string full = what_it_checks(doc);
  json d;
  d["id"] = std::string(ru.info.id);
  d["shortDescription"] = {{"text", summary}};
  d["fullDescription"] = {{"text", full.empty() ? summary : full}};
  json help;
  help["text"] = doc.empty() ? summary : doc;
  if (!doc.empty()) help["markdown"] = doc;
  d["help"] = std::move(help);
  d["defaultConfiguration"] = {{"level", std::string(sarif_level(ru.info.default_severity))}};
  std::string_view id = ru.info.id;
  d["properties"] = {{"tags", json::array({std::string(id.substr(0, id.find('/')))})}};
  return d;
}

}  // namespace

void write_sarif(const lint_result& r, const report_options& opts, std::ostream& out) {
  json rules = json::array();
  std::map<std::string, std::size_t, std::less<>> rule_index;
  for (const rule* ru : all_rules()) {
    rule_index.emplace(std::string(ru->info.id), rules.size());
    rules.push_back(rule_descriptor(*ru));
  }

  json results = json::array();
  std::map<std::string, std::size_t> seen;  // occurrences of each fingerprint so far
  auto add = [&](const finding& f, bool suppressed) {
    json res;
    res["ruleId"] = f.rule;
    if (auto it = rule_index.find(f.rule); it != rule_index.end()) res["ruleIndex"] = it->second;
    res["level"] = std::string(sarif_level(f.level));
    res["message"] = {{"text", f.message}};
    if (!f.file.empty())
      res["locations"] =
          json::array({{{"physicalLocation",
                         physical_location(f.file, f.line, f.column, f.end_line, f.end_column)}}});
    if (!f.related.empty()) {
      json related = json::array();
      for (std::size_t i = 0; i < f.related.size(); ++i) {
        const related_location& rel = f.related[i];
        related.push_back(
            {{"id", i + 1},
             {"physicalLocation", physical_location(rel.file, rel.line, rel.column, 0, 0)},
             {"message", {{"text", rel.message}}}});
      }
      res["relatedLocations"] = std::move(related);
    }
    // GitHub's own line hash is "hash:occurrence"; ours is the line-independent fingerprint.
    std::string fp = f.fingerprint.empty() ? fingerprint(f) : f.fingerprint;
    res["partialFingerprints"] = {
        {"primaryLocationLineHash", fmt::format("{}:{}", fp, ++seen[fp])}};
    if (suppressed) res["suppressions"] = json::array({{{"kind", "inSource"}}});
    json props;
    props["tasks"] = std::vector<std::string_view>(f.tasks.begin(), f.tasks.end());
    if (!f.entity.empty()) props["entity"] = f.entity;
    res["properties"] = std::move(props);
    results.push_back(std::move(res));
  };
  for (const finding* f : shown(r, opts)) add(*f, false);
  if (opts.show_suppressed)
    for (const finding& f : r.suppressed) add(f, true);

  json driver;
  driver["name"] = "speclint";
  driver["version"] = std::string(version);
  driver["semanticVersion"] = std::string(version);
  driver["informationUri"] = std::string(homepage);
  driver["rules"] = std::move(rules);
  json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["results"] = std::move(results);
  json log;
  log["$schema"] = std::string(schema_uri);
  log["version"] = "2.1.0";
  log["runs"] = json::array({std::move(run)});
  // Invalid UTF-8 from the input is replaced, so the output always parses.
  out << log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace speclint::report
