#include "fixtures.hpp"

#include <algorithm>
#include <sstream>

#include "speclint/drift.hpp"
#include "speclint/report.hpp"
#include "support.hpp"

namespace speclint::test {

std::vector<fixture> fixtures_of(std::string_view rule_id) {
  std::vector<fixture> out;
  fs::path dir = source_dir() / "tests" / "rules" / std::string(rule_id);
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    bool is_case = (e.is_regular_file() && e.path().extension() == ".md") ||
                   (e.is_directory() && !name.starts_with("."));
    if (!is_case) continue;
    fixture f;
    f.path = e.path();
    if (name.starts_with("bad")) {
      f.bad = true;
      f.expected = dir / (e.path().stem().string() + ".expected");
    } else if (!name.starts_with("good")) {
      continue;
    }
    out.push_back(f);
  }
  std::sort(out.begin(), out.end(),
            [](const fixture& a, const fixture& b) { return a.path < b.path; });
  return out;
}

std::string run_fixture(std::string_view rule_id, const fixture& f, lint_result* out) {
  lint_options opts;
  opts.only_rules = {std::string(rule_id)};
  opts.jobs = 1;
  if (fs::is_directory(f.path)) {
    opts.root = f.path;
    // A directory fixture may bring its own .speclint.yaml.
    if (fs::exists(f.path / ".speclint.yaml"))
      opts.cfg = load_config(f.path / ".speclint.yaml", ".speclint.yaml");
  } else {
    opts.root = f.path.parent_path();
    bool task = rule_id.starts_with("task/");
    opts.files = {{f.path.filename().string(), task ? file_role::task : file_role::doc}};
  }
  opts.cfg.rules.clear();  // the rule runs at its default severity
  // A drift rule's fixture holds the migrations that implement its docs: a `migrations/`
  // folder, or the `migrations:` globs of its .speclint.yaml.
  if (fs::is_directory(f.path) && opts.cfg.migrations.empty() &&
      fs::is_directory(f.path / "migrations"))
    opts.cfg.migrations = {"migrations/**"};
  if (!opts.cfg.migrations.empty())
    opts.implementation =
        std::make_shared<const model>(load_migrations(opts.root, opts.cfg.migrations, opts.cfg));
  lint_result r = lint(opts);
  std::ostringstream text;
  write_report("text", r, report_options{}, text);
  if (out) *out = std::move(r);
  return text.str();
}

}  // namespace speclint::test
