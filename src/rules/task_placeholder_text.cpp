#include <array>

#include <fmt/format.h>

#include "speclint/model.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {
constexpr std::string_view id = "task/placeholder-text";

// Position of a placeholder phrase in a lower-cased line, or npos.
std::size_t placeholder(std::string_view lower, std::string_view& which) {
  static constexpr std::array<std::string_view, 5> phrases{"to be filled", "to be written", "tbd",
                                                           "todo", "lorem ipsum"};
  for (std::string_view p : phrases) {
    for (std::size_t at = lower.find(p); at != std::string_view::npos; at = lower.find(p, at + 1)) {
      auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      };
      bool left = at == 0 || !word(lower[at - 1]);
      bool right = at + p.size() == lower.size() || !word(lower[at + p.size()]);
      if (left && right) {
        which = p;
        return at;
      }
    }
  }
  return std::string_view::npos;
}

// Run on each task file while it is read, when its sections' text is at hand.
void scan(const source_file& f, finding_sink& out) {
  const document& file = f.doc;
  const task* t = f.task;
  if (!t || t->status != "completed") return;
  for (const task_section& s : t->sections) {
    std::string_view title = s.title(file);
    if (!iequals(title, "Notes") && !iequals(title, "Summary")) continue;
    std::uint32_t line = s.line(file) + 1;
    for_each_line_of(s.text(f.text), [&](std::string_view row) {
      std::string lower = to_lower(row);
      std::string_view which;
      if (std::size_t at = placeholder(lower, which); at != std::string_view::npos) {
        out.report(location{t->file, line, static_cast<std::uint32_t>(at) + 1},
                   "task `{}` is completed but its {} still says \"{}\"", t->id, title,
                   collapse_space(row.substr(at)))
            .entity(t->id);
        return false;  // one finding a section
      }
      ++line;
      return true;
    });
  }
}

}  // namespace
extern const rule task_placeholder_text{
    {id, severity::warning, "a completed task whose Notes or Summary still hold placeholder text"},
    nullptr,
    &scan};
}  // namespace speclint::rules
