#include "speclint/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "speclint/rule.hpp"

namespace speclint {

namespace fs = std::filesystem;

namespace {

bool entry_less(const baseline_entry& a, const baseline_entry& b) {
  return std::tie(a.file, a.rule, a.entity, a.message, a.fingerprint) <
         std::tie(b.file, b.rule, b.entity, b.message, b.fingerprint);
}

std::string string_field(const nlohmann::json& item, const char* key, const std::string& where) {
  auto it = item.find(key);
  if (it == item.end()) return {};
  if (!it->is_string()) throw baseline_error(fmt::format("{}: `{}` must be a string", where, key));
  return it->get<std::string>();
}

}  // namespace

baseline make_baseline(const std::vector<finding>& findings) {
  baseline b;
  for (const finding& f : findings) {
    if (f.suppressed) continue;
    b.entries.push_back({f.fingerprint.empty() ? fingerprint(f) : f.fingerprint, f.rule, f.file,
                         f.entity, f.message});
  }
  std::sort(b.entries.begin(), b.entries.end(), entry_less);
  return b;
}

std::string to_json(const baseline& b) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  auto items = nlohmann::ordered_json::array();
  for (const baseline_entry& e : b.entries)
    items.push_back({{"fingerprint", e.fingerprint},
                     {"rule", e.rule},
                     {"file", e.file},
                     {"entity", e.entity},
                     {"message", e.message}});
  j["findings"] = std::move(items);
  // Invalid UTF-8 from the input is replaced; matching uses the fingerprint, which is kept.
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

baseline parse_baseline(std::string_view text, const std::string& name) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw baseline_error(fmt::format("{}: not valid JSON (byte {})", name, e.byte));
  }
  if (!j.is_object()) throw baseline_error(fmt::format("{}: expected a JSON object", name));
  auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer() || version->get<long long>() != 1)
    throw baseline_error(
        fmt::format("{}: unsupported baseline version (expected `\"version\": 1`)", name));
  auto items = j.find("findings");
  if (items == j.end() || !items->is_array())
    throw baseline_error(fmt::format("{}: `findings` must be a list", name));
  baseline b;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const nlohmann::json& item = (*items)[i];
    std::string where = fmt::format("{}: finding {}", name, i + 1);
    if (!item.is_object()) throw baseline_error(where + ": expected an object");
    baseline_entry e;
    e.fingerprint = string_field(item, "fingerprint", where);
    e.rule = string_field(item, "rule", where);
    e.file = string_field(item, "file", where);
    e.entity = string_field(item, "entity", where);
    e.message = string_field(item, "message", where);
    if (e.rule.empty()) throw baseline_error(where + ": `rule` is missing");
    if (e.fingerprint.empty()) {
      finding f;
      f.rule = e.rule;
      f.file = e.file;
      f.entity = e.entity;
      f.message = e.message;
      e.fingerprint = fingerprint(f);
    }
    b.entries.push_back(std::move(e));
  }
  return b;
}

baseline read_baseline(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw baseline_error(fmt::format("{}: cannot read the baseline", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_baseline(ss.str(), file.string());
}

void write_baseline(const fs::path& file, const baseline& b) {
  // A temporary file and a rename, so that an interrupted write never leaves half a baseline.
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw baseline_error(fmt::format("{}: cannot write the baseline", file.string()));
    out << to_json(b);
    if (!out.flush())
      throw baseline_error(fmt::format("{}: cannot write the baseline", file.string()));
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw baseline_error(fmt::format("{}: cannot write the baseline", file.string()));
  }
}

baseline apply_baseline(lint_result& r, const baseline& b) {
  std::set<std::string, std::less<>> ran(r.rules_run.begin(), r.rules_run.end());
  std::unordered_map<std::string, std::vector<std::size_t>> by_fingerprint;
  for (std::size_t i = 0; i < r.findings.size(); ++i)
    by_fingerprint[r.findings[i].fingerprint].push_back(i);
  std::unordered_map<std::string, std::size_t> used;
  std::vector<bool> hide(r.findings.size(), false);
  baseline kept;
  r.fixed.clear();
  for (const baseline_entry& e : b.entries) {
    // A rule that did not run (--rule, or turned off) can neither match nor be fixed.
    if (!ran.count(e.rule)) {
      kept.entries.push_back(e);
      continue;
    }
    auto it = by_fingerprint.find(e.fingerprint);
    std::size_t& n = used[e.fingerprint];
    if (it != by_fingerprint.end() && n < it->second.size()) {
      hide[it->second[n++]] = true;
      kept.entries.push_back(e);
      continue;
    }
    finding f;
    f.rule = e.rule;
    f.file = e.file;
    f.entity = e.entity;
    f.message = e.message;
    f.fingerprint = e.fingerprint;
    if (const rule* ru = find_rule(e.rule)) f.level = ru->info.default_severity;
    r.fixed.push_back(std::move(f));
  }
  std::vector<finding> shown;
  r.baselined.clear();
  for (std::size_t i = 0; i < r.findings.size(); ++i)
    (hide[i] ? r.baselined : shown).push_back(std::move(r.findings[i]));
  r.findings = std::move(shown);
  refresh(r);
  return kept;
}

}  // namespace speclint
