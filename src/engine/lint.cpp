#include "speclint/lint.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "attribution.hpp"
#include "judge.hpp"
#include "speclint/rule.hpp"

namespace speclint {

namespace {

bool names_rule(const suppression& s, std::string_view rule) {
  return s.rules.empty() || std::find(s.rules.begin(), s.rules.end(), rule) != s.rules.end();
}

// Whether an inline comment silences the finding.
bool suppressed_by(const document& d, const finding& f) {
  bool disabled = false;
  for (const suppression& s : d.suppressions) {
    if (!names_rule(s, f.rule)) continue;
    switch (s.what) {
      case suppression::kind::file:
        return true;
      case suppression::kind::next_line:
        if (s.line + 1 == f.line) return true;
        break;
      case suppression::kind::same_line:  // e.g. inside a table cell, where a line of its own would
                                          // end the table
        if (s.line == f.line) return true;
        break;
      case suppression::kind::disable:
        if (s.line <= f.line) disabled = true;
        break;
      case suppression::kind::enable:
        if (s.line <= f.line) disabled = false;
        break;
    }
  }
  return disabled;
}

// Whether a rule runs: chosen by --rule (when any is) and not turned off in the configuration.
bool rule_enabled(const config& cfg, const std::vector<std::string>& only_rules,
                  std::string_view id) {
  if (!only_rules.empty() &&
      std::find(only_rules.begin(), only_rules.end(), id) == only_rules.end())
    return false;
  auto configured = cfg.rules.find(std::string(id));
  return configured == cfg.rules.end() || configured->second.has_value();
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string fingerprint(const finding& f) {
  // Line numbers in a message ("sessions.md:17") move with edits: leave them out.
  std::string message;
  for (std::size_t i = 0; i < f.message.size(); ++i) {
    if (f.message[i] == ':' && i + 1 < f.message.size() && f.message[i + 1] >= '0' &&
        f.message[i + 1] <= '9') {
      ++i;
      while (i < f.message.size() &&
             ((f.message[i] >= '0' && f.message[i] <= '9') || f.message[i] == '-'))
        ++i;
      --i;
      continue;
    }
    message += f.message[i];
  }
  std::uint64_t h = fnv1a(f.rule);
  h = fnv1a(std::string_view("\0", 1), h);
  h = fnv1a(f.file, h);
  h = fnv1a(std::string_view("\0", 1), h);
  h = fnv1a(f.entity, h);
  h = fnv1a(std::string_view("\0", 1), h);
  h = fnv1a(message, h);
  return fmt::format("{:016x}", h);
}

std::vector<const rule*> enabled_rules(const config& cfg,
                                       const std::vector<std::string>& only_rules) {
  std::vector<const rule*> enabled;
  for (const rule* r : all_rules()) {
    if (!only_rules.empty() &&
        std::find(only_rules.begin(), only_rules.end(), r->info.id) == only_rules.end())
      continue;
    auto configured = cfg.rules.find(std::string(r->info.id));
    if (configured != cfg.rules.end() && !configured->second) continue;  // off
    enabled.push_back(r);
  }
  return enabled;
}

namespace {
// A configured severity replaces the rule's own, on every finding of the rule.
void apply_configured_level(const config& cfg, const rule& r, std::vector<finding>& found) {
  auto configured = cfg.rules.find(std::string(r.info.id));
  if (configured != cfg.rules.end())
    for (finding& f : found) f.level = *configured->second;
}

// Sets the error, warning and note counts of a summary from its findings.
void count_by_severity(const std::vector<finding>& findings, summary_counts& s) {
  s.errors = s.warnings = s.notes = 0;
  for (const finding& f : findings) {
    if (f.level == severity::error)
      ++s.errors;
    else if (f.level == severity::warning)
      ++s.warnings;
    else
      ++s.notes;
  }
}
}  // namespace

file_rules::file_rules(const config& cfg, const std::vector<std::string>& only_rules) : cfg_(cfg) {
  for (const rule* r : enabled_rules(cfg, only_rules))
    if (r->check_file) rules_.push_back(r);
}

file_callback file_rules::callback() {
  return [this](const source_file& f) { check(f); };
}

std::vector<finding> file_rules::run(const source_file& f) const {
  std::vector<finding> found;
  for (const rule* r : rules_) {
    std::vector<finding> mine;
    finding_sink sink(f.id, f.doc.path, r->info, mine);
    r->check_file(f, sink);
    apply_configured_level(cfg_, *r, mine);
    std::move(mine.begin(), mine.end(), std::back_inserter(found));
  }
  return found;
}

void file_rules::check(const source_file& f) {
  std::vector<finding> found = run(f);
  if (found.empty()) return;
  std::lock_guard lock(mutex_);
  found_.emplace_back(f.id, std::move(found));
}

std::vector<finding> file_rules::take() {
  std::lock_guard lock(mutex_);
  std::stable_sort(found_.begin(), found_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<finding> out;
  for (auto& [file, list] : found_) std::move(list.begin(), list.end(), std::back_inserter(out));
  found_.clear();
  return out;
}

std::vector<finding> run_rules(const model& m, const config& cfg,
                               const std::vector<std::string>& only_rules, unsigned jobs,
                               std::vector<step_time>* times) {
  std::vector<const rule*> enabled = enabled_rules(cfg, only_rules);
  std::erase_if(enabled, [](const rule* r) { return !r->check; });
  // Rules are pure functions of the model, so they run side by side; each writes its own
  // list and the lists join in registry order, so the result does not depend on `jobs`.
  std::vector<std::vector<finding>> per_rule(enabled.size());
  std::vector<double> ms(enabled.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < enabled.size();) {
      const rule* r = enabled[i];
      finding_sink sink(m, r->info, per_rule[i]);
      auto start = std::chrono::steady_clock::now();
      r->check(m, sink);
      ms[i] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
      apply_configured_level(cfg, *r, per_rule[i]);
    }
  };
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs =
      static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(enabled.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned j = 1; j < jobs; ++j) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (times) {
    for (std::size_t i = 0; i < enabled.size(); ++i)
      times->push_back({std::string(enabled[i]->info.id), ms[i]});
    std::stable_sort(times->begin(), times->end(),
                     [](const step_time& a, const step_time& b) { return a.ms > b.ms; });
  }
  std::size_t total = 0;
  for (const auto& list : per_rule) total += list.size();
  std::vector<finding> out;
  out.reserve(total);
  for (auto& list : per_rule) {  // each rule's list goes as soon as it is moved
    std::move(list.begin(), list.end(), std::back_inserter(out));
    std::vector<finding>().swap(list);
  }
  return out;
}

lint_result lint(const lint_options& opts) {
  lint_result res;
  stopwatch clock(&res.steps);
  file_rules per_file(opts.cfg, opts.only_rules);
  {
    std::vector<input_file> found = opts.files.empty()
                                        ? discover(opts.root, opts.cfg, &opts.overlay)
                                        : std::vector<input_file>{};
    clock.lap("find files");
    res.spec = load_spec(opts.root, opts.files.empty() ? found : opts.files, opts.cfg, opts.jobs,
                         &res.steps, per_file.callback(), &opts.overlay);
  }  // the list of files goes now: the model has every path
  judge(res, per_file.take(), opts);
  return res;
}

void judge(lint_result& res, std::vector<finding> of_files, const lint_options& opts) {
  stopwatch clock(&res.steps);
  const model& m = res.spec;

  std::vector<finding> all = run_rules(m, opts.cfg, opts.only_rules, opts.jobs, &res.rule_times);
  if (opts.implementation)
    for (const rule* r : enabled_rules(opts.cfg, opts.only_rules)) {
      std::vector<finding> found;
      if (r->check_drift) {
        finding_sink sink(m, r->info, found);
        r->check_drift(m, *opts.implementation, sink);
      } else if (r->check && r->info.id.starts_with("sql/")) {
        // A migration that does not parse is not followed: said at its own line.
        finding_sink sink(*opts.implementation, r->info, found);
        r->check(*opts.implementation, sink);
      }
      apply_configured_level(opts.cfg, *r, found);
      std::move(found.begin(), found.end(), std::back_inserter(all));
    }
  std::move(of_files.begin(), of_files.end(), std::back_inserter(all));
  clock.lap("run rules");
  for (finding& f : all) {
    f.fingerprint = fingerprint(f);
    const document* d = m.find_document(f.file);
    f.suppressed = d && suppressed_by(*d, f);
  }
  clock.lap("fingerprints and suppressions");
  attribute(m, all);
  clock.lap("attribute findings to tasks");
  auto order = [](const finding& a, const finding& b) {
    return std::tie(a.file, a.line, a.column, a.rule, a.message) <
           std::tie(b.file, b.line, b.column, b.rule, b.message);
  };
  std::stable_sort(all.begin(), all.end(), order);
  // The suppressed findings move to a list of their own; the others stay where they are.
  auto is_suppressed = [](const finding& f) { return f.suppressed; };
  res.suppressed.reserve(
      static_cast<std::size_t>(std::count_if(all.begin(), all.end(), is_suppressed)));
  for (finding& f : all)
    if (is_suppressed(f)) res.suppressed.push_back(std::move(f));
  all.erase(std::remove_if(all.begin(), all.end(), is_suppressed), all.end());
  res.findings = std::move(all);
  res.violated = violated_tasks(m, res.findings);
  clock.lap("sort, violated tasks");

  summary_counts& s = res.summary;
  s.files = static_cast<std::size_t>(std::count_if(m.documents().begin(), m.documents().end(),
                                                   [](const document& d) { return !d.auxiliary; }));
  s.docs = static_cast<std::size_t>(
      std::count_if(m.documents().begin(), m.documents().end(),
                    [](const document& d) { return !d.auxiliary && d.role == file_role::doc; }));
  s.tables = m.tables().size();
  s.columns = m.column_count();
  s.tasks = m.tasks().size();
  count_by_severity(res.findings, s);
  s.suppressed = res.suppressed.size();
  for (const rule* r : all_rules())
    if (rule_enabled(opts.cfg, opts.only_rules, r->info.id) &&
        (!r->check_drift || opts.implementation))
      res.rules_run.emplace_back(r->info.id);
}

void refresh(lint_result& r) {
  summary_counts& s = r.summary;
  count_by_severity(r.findings, s);
  s.baselined = r.baselined.size();
  r.violated = violated_tasks(r.spec, r.findings);
}

}  // namespace speclint
