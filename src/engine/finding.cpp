#include "speclint/finding.hpp"

#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint {

std::string_view to_string(severity s) {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
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
  if (!at.known() || at.file >= m_.documents().size()) return *this;
  std::string_view file = m_.path(at.file);
  if (file == f_.file && at.line == f_.line) return *this;
  for (const auto& r : f_.related)
    if (r.file == file && r.line == at.line && r.message == message) return *this;
  f_.related.push_back({std::string(file), at.line, at.column, std::move(message)});
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

finding_sink::builder finding_sink::add(const location& at, std::string message) {
  finding f;
  f.rule = std::string(rule_.id);
  f.level = rule_.default_severity;
  f.message = std::move(message);
  if (at.file < m_.documents().size()) f.file = m_.path(at.file);
  f.line = at.line;
  f.column = at.column;
  out_.push_back(std::move(f));
  return builder(out_.back(), m_);
}

}  // namespace speclint
