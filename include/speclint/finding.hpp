#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
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

/// The ids of the tasks that own a finding, each stored as its position in a table of ids
/// (for the engine's findings, the model's pooled ids: see model::pooled_id). Reads like a
/// forward list of `std::string_view`.
class task_ids {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::string_view*;
    using reference = std::string_view;

    iterator() = default;
    iterator(const std::string_view* names, const std::uint32_t* at) : names_(names), at_(at) {}
    std::string_view operator*() const { return names_[*at_]; }
    /// The place of the current id in the table of ids.
    std::uint32_t position() const { return *at_; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.at_ == b.at_; }

   private:
    const std::string_view* names_ = nullptr;
    const std::uint32_t* at_ = nullptr;
  };

  task_ids() = default;
  /// The ids `names[at[0]]`, `names[at[1]]`, …, in that order; `names` must outlive this
  /// list and its copies.
  task_ids(const std::string_view* names, std::vector<std::uint32_t> at)
      : names_(names), at_(std::move(at)) {}

  bool empty() const { return at_.empty(); }
  std::size_t size() const { return at_.size(); }
  iterator begin() const { return {names_, at_.data()}; }
  iterator end() const { return {names_, at_.data() + at_.size()}; }
  /// The table the positions index (iterator::position gives each).
  const std::string_view* names() const { return names_; }

 private:
  const std::string_view* names_ = nullptr;
  std::vector<std::uint32_t> at_;
};

/// An edit that resolves a finding, safe to make without asking: on one line of one file, the
/// text `from` becomes `to`. `from` is looked for at `column` (1-based, in bytes), else as the
/// only occurrence on the line; a line that holds neither is left as it is.
struct finding_fix {
  std::string file;  ///< relative to the root, forward slashes
  std::uint32_t line = 0, column = 0;
  std::string from, to;
  std::string description;  ///< what the edit does, for `file:line: fixed: …`
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
  /// Ids of the tasks that own it, sorted; for a finding of the engine they index the pooled
  /// ids of the model it came from, so they are valid while that model lives.
  task_ids tasks;
  std::string fingerprint;  ///< stable across edits that only move it
  bool suppressed = false;
  std::optional<finding_fix> fix;  ///< the safe edit that resolves it, when there is one
};

/// Collects a rule's findings; the only way a rule reports.
class finding_sink {
 public:
  /// Adds details to the finding just reported.
  class builder {
   public:
    builder(finding& f, const finding_sink& sink) : f_(f), sink_(sink) {}
    /// The table or `table.column` (or task id) the finding concerns.
    builder& entity(std::string_view e);
    /// Another place involved; ignored when unknown or equal to the finding's own place.
    builder& related(const location& at, std::string message);
    /// A place in a file outside the model (an implementation's); ignored when its line is 0.
    builder& related(related_location at);
    /// Overrides the rule's default severity for this finding.
    builder& level(severity s);
    /// Where the finding's region ends.
    builder& end(std::uint32_t line, std::uint32_t column);
    /// The safe edit that resolves it: on the line of `at`, `from` becomes `to` (see
    /// finding_fix); ignored when `at` is unknown.
    builder& fix(const location& at, std::string from, std::string to, std::string description);

   private:
    finding& f_;
    const finding_sink& sink_;
  };

  /// A sink for a model rule: places in every file of the model are known.
  finding_sink(const model& m, const rule_info& r, std::vector<finding>& out)
      : m_(&m), rule_(r), out_(out) {}
  /// A sink for a file rule, before there is a model: only places in that file are known.
  finding_sink(file_id file, std::string_view path, const rule_info& r, std::vector<finding>& out)
      : file_(file), path_(path), rule_(r), out_(out) {}

  /// Reports a finding at a place of the spec.
  template <class... Args>
  builder report(const location& at, fmt::format_string<Args...> f, Args&&... args) {
    return add(at, fmt::format(f, std::forward<Args>(args)...));
  }

  /// Reports a finding at a place outside the model (an implementation's file), with
  /// `message` as it is.
  builder report_outside(const related_location& at, std::string message);

 private:
  builder add(const location& at, std::string message);
  // The path of a file, or nullopt when this sink does not know it.
  std::optional<std::string_view> path_of(file_id f) const;

  const model* m_ = nullptr;
  file_id file_ = no_file;
  std::string_view path_;
  const rule_info& rule_;
  std::vector<finding>& out_;
};

}  // namespace speclint
