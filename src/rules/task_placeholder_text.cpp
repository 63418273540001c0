#include <array>

#include "speclint/model.hpp"
#include "speclint/rule.hpp"
#include "speclint/text.hpp"

namespace speclint::rules {
namespace {

// Position of a placeholder phrase in a lower-cased line, or npos.
std::size_t placeholder(std::string_view lower, std::string_view& which) {
  static constexpr std::array<std::string_view, 5> phrases{"to be filled", "to be written", "tbd", "todo",
                                                           "lorem ipsum"};
  for (std::string_view p : phrases) {
    for (std::size_t at = lower.find(p); at != std::string_view::npos; at = lower.find(p, at + 1)) {
      auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
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

void check(const model& m, finding_sink& out) {
  for (const task& t : m.tasks()) {
    if (t.status != "completed") continue;
    for (const task_section& s : t.sections) {
      if (!iequals(s.title, "Notes") && !iequals(s.title, "Summary")) continue;
      std::uint32_t line = s.site.line + 1;
      std::string_view text = s.text;
      while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string lower = to_lower(text.substr(0, nl));
        std::string_view which;
        if (std::size_t at = placeholder(lower, which); at != std::string_view::npos) {
          out.report(location{t.file, line, static_cast<std::uint32_t>(at) + 1},
                     "task `{}` is completed but its {} still says \"{}\"", t.id, s.title,
                     collapse_space(text.substr(at, std::min<std::size_t>(nl, text.size()) - at)))
              .entity(t.id);
          break;  // one finding a section
        }
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
        ++line;
      }
    }
  }
}
}  // namespace
extern const rule task_placeholder_text{
    {"task/placeholder-text", severity::warning,
     "a completed task whose Notes or Summary still hold placeholder text"},
    &check};
}  // namespace speclint::rules
