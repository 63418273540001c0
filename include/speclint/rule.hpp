#pragma once

#include <span>
#include <string_view>

#include "speclint/finding.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// What describes a rule: its id, default severity and one-line summary.
struct rule_info {
  std::string_view id;
  severity default_severity;
  std::string_view summary;
};

/// A rule: a descriptor and a pure check over the model. A rule that checks task front
/// matter, or the text of files, also gives the check the loader runs on each file as it
/// reads it (see load.hpp), and reports what that found from the model.
struct rule {
  rule_info info;
  void (*check)(const model&, finding_sink&);
  task_front_matter_check on_task_front_matter = nullptr;
  file_text_check on_file_text = nullptr;
};

/// Every rule, sorted by id.
std::span<const rule* const> all_rules();

/// The rule with that id, or null.
const rule* find_rule(std::string_view id);

/// The rule's documentation page (Markdown), or empty when it has none.
std::string_view rule_doc(std::string_view id);

}  // namespace speclint
