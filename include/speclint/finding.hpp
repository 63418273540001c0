#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "speclint/location.hpp"

namespace speclint {

class model;
struct rule_info;

/// How serious a finding is; ordered so that a larger value is more serious.
enum class severity : std::uint8_t { note, warning, error };

/// "error", "warning" or "note".
std::string_view to_string(severity s);
/// Parses "error", "warning", "note" (also "info"); nullopt otherwise.
std::optional<severity> parse_severity(std::string_view s);

/// Another place a finding involves.
struct related_location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

/// One problem found in the spec.
struct finding {
  std::string rule;
  severity level = severity::error;
  std::string message;
  std::string file;  ///< relative to the root, forward slashes
  std::uint32_t line = 0, column = 0;
  std::uint32_t end_line = 0, end_column = 0;
  std::string entity;  ///< `table` or `table.column`, or a task id; may be empty
  std::vector<related_location> related;
  /// Ids of the tasks that own it: views of the ids in the model the finding came from (a
  /// finding of a section that thousands of tasks reference has thousands of owners), so
  /// valid while that model lives.
  std::vector<std::string_view> tasks;
  std::string fingerprint;         ///< stable across edits that only move it
  bool suppressed = false;
};

/// Collects a rule's findings; the only way a rule reports.
class finding_sink {
 public:
  /// Adds details to the finding just reported.
  class builder {
   public:
    builder(finding& f, const model& m) : f_(f), m_(m) {}
    /// The table or `table.column` (or task id) the finding concerns.
    builder& entity(std::string e);
    /// Another place involved; ignored when unknown or equal to the finding's own place.
    builder& related(const location& at, std::string message);
    /// Overrides the rule's default severity for this finding.
    builder& level(severity s);
    /// Where the finding's region ends.
    builder& end(std::uint32_t line, std::uint32_t column);

   private:
    finding& f_;
    const model& m_;
  };

  finding_sink(const model& m, const rule_info& r, std::vector<finding>& out)
      : m_(m), rule_(r), out_(out) {}

  /// Reports a finding at a place of the spec.
  template <class... Args>
  builder report(const location& at, fmt::format_string<Args...> f, Args&&... args) {
    return add(at, fmt::format(f, std::forward<Args>(args)...));
  }

  /// The model being checked.
  const model& spec() const { return m_; }

 private:
  builder add(const location& at, std::string message);
  const model& m_;
  const rule_info& rule_;
  std::vector<finding>& out_;
};

}  // namespace speclint
