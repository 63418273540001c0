#pragma once

// Shared by the fuzz targets: build a model from in-memory files and run every rule.

#include <string>
#include <vector>

#include "speclint/lint.hpp"
#include "speclint/load.hpp"
#include "speclint/report.hpp"

namespace speclint::fuzz {

inline void check_all(const std::vector<memory_file>& files) {
  static const config cfg = [] {
    config c;
    c.limits.max_yaml_nodes = 10000;
    return c;
  }();
  file_rules per_file(cfg, {});
  model m = load_memory(files, cfg, per_file.callback());
  std::vector<finding> findings = run_rules(m, cfg, {});
  for (finding& f : per_file.take()) findings.push_back(std::move(f));
  // Findings must point inside the files they name.
  for (const finding& f : findings) {
    if (f.file.empty()) continue;
    const document* d = m.find_document(f.file);
    if (!d) __builtin_trap();
    if (f.line > d->line_count + 1 && !(d->line_count == 0 && f.line <= 1)) __builtin_trap();
  }
}

}  // namespace speclint::fuzz
