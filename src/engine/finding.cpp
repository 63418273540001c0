#include "speclint/finding.hpp"

#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint {

std::string_view to_string(severity s) {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::note:
      return "note";
  }
  return "error";
}

std::optional<severity> parse_severity(std::string_view s) {
  if (s == "error") return severity::error;
  if (s == "warning" || s == "warn") return severity::warning;
  if (s == "note" || s == "info") return severity::note;
  return std::nullopt;
}

finding_sink::builder& finding_sink::builder::entity(std::string_view e) {
  f_.entity.assign(e);
  return *this;
}

finding_sink::builder& finding_sink::builder::related(const location& at, std::string message) {
  if (!at.known()) return *this;
  std::optional<std::string_view> path = sink_.path_of(at.file);
  if (!path) return *this;
  std::string_view file = *path;
  if (file == f_.file && at.line == f_.line) return *this;
  for (const auto& r : f_.related)
    if (r.file == file && r.line == at.line && r.message == message) return *this;
  f_.related.push_back({std::string(file), at.line, at.column, std::move(message)});
  return *this;
}

finding_sink::builder& finding_sink::builder::related(related_location at) {
  if (at.line == 0) return *this;
  f_.related.push_back(std::move(at));
  return *this;
}

finding_sink::builder& finding_sink::builder::fix(const location& at, std::string from,
                                                  std::string to, std::string description) {
  if (!at.known() || from.empty() || from == to) return *this;
  std::optional<std::string_view> path = sink_.path_of(at.file);
  if (!path) return *this;
  f_.fix = finding_fix{std::string(*path), at.line,       at.column,
                       std::move(from),    std::move(to), std::move(description)};
  return *this;
}

finding_sink::builder& finding_sink::builder::level(severity s) {
  f_.level = s;
  return *this;
}

finding_sink::builder& finding_sink::builder::end(std::uint32_t line, std::uint32_t column) {
  f_.end_line = line;
  f_.end_column = column;
  return *this;
}

std::optional<std::string_view> finding_sink::path_of(file_id f) const {
  if (m_) return f < m_->documents().size() ? std::optional(m_->path(f)) : std::nullopt;
  return f == file_ ? std::optional(path_) : std::nullopt;
}

finding_sink::builder finding_sink::add(const location& at, std::string message) {
  finding f;
  f.rule = std::string(rule_.id);
  f.level = rule_.default_severity;
  f.message = std::move(message);
  if (std::optional<std::string_view> path = path_of(at.file)) f.file = *path;
  f.line = at.line;
  f.column = at.column;
  out_.push_back(std::move(f));
  return builder(out_.back(), *this);
}

finding_sink::builder finding_sink::report_outside(const related_location& at,
                                                   std::string message) {
  finding f;
  f.rule = std::string(rule_.id);
  f.level = rule_.default_severity;
  f.message = std::move(message);
  f.file = at.file;
  f.line = at.line;
  f.column = at.column;
  out_.push_back(std::move(f));
  return builder(out_.back(), *this);
}

}  // namespace speclint
