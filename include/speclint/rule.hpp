#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "speclint/finding.hpp"
#include "speclint/load.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// The SQLSTATE PostgreSQL raises for a rule's error findings (`speclint verify`).
struct pg_expectation {
  std::string_view sqlstate;
  bool runtime = false;      ///< raised by a delete or update, not by the DDL
  bool needs_probe = false;  ///< only a probe delete shows it (the catalog cannot)
};

/// What describes a rule: its id, default severity, one-line summary and, for a rule whose
/// errors PostgreSQL also refuses, what PostgreSQL raises.
struct rule_info {
  std::string_view id;
  severity default_severity;
  std::string_view summary;
  std::optional<pg_expectation> postgres = std::nullopt;
};

/// A rule: a descriptor and one pure check, either of the merged model (a model rule), of
/// each file as it is read (a file rule, for what the model does not keep: a file's text and
/// front matter), or of the spec's model against its implementation's (a drift rule, which
/// runs only when there is an implementation: `speclint diff`, `check --against`).
struct rule {
  rule_info info;
  void (*check)(const model&, finding_sink&) = nullptr;
  void (*check_file)(const source_file&, finding_sink&) = nullptr;
  void (*check_drift)(const model& spec, const model& impl, finding_sink&) = nullptr;
};

/// Every rule, sorted by id.
std::span<const rule* const> all_rules();

/// The rule with that id, or null.
const rule* find_rule(std::string_view id);

/// The rule's documentation page (Markdown), or empty when it has none.
std::string_view rule_doc(std::string_view id);

}  // namespace speclint
