#include "speclint/finding.hpp"

#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint {

task_ids::task_ids(const std::string_view* names, const std::vector<std::uint32_t>& at)
    : names_(names), size_(static_cast<std::uint32_t>(at.size())) {
  // Each position as its difference from the one before, modulo 2^32, zigzag-coded and in
  // groups of seven bits (see iterator::decode); measured first, so that the bytes are
  // allocated once, at their size.
  auto zigzag = [](std::uint32_t from, std::uint32_t to) {
    auto d = static_cast<std::int32_t>(to - from);
    return (static_cast<std::uint32_t>(d) << 1) ^ static_cast<std::uint32_t>(d >> 31);
  };
  std::size_t n = 0;
  for (std::uint32_t prev = 0; std::uint32_t p : at) {
    for (std::uint32_t z = zigzag(prev, p); z >= 0x80; z >>= 7) ++n;
    ++n;
    prev = p;
  }
  bytes_.reserve(n);
  for (std::uint32_t prev = 0; std::uint32_t p : at) {
    std::uint32_t z = zigzag(prev, p);
    for (; z >= 0x80; z >>= 7) bytes_.push_back(static_cast<std::uint8_t>(z | 0x80));
    bytes_.push_back(static_cast<std::uint8_t>(z));
    prev = p;
  }
}

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

}  // namespace speclint
