#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

// The reference as written, pointing at `line` instead: `path:17-20` and `path:17` become
// `path:25`, `path#L17` becomes `path#L25`.
std::string at_line(std::string_view raw, std::uint32_t line) {
  const std::size_t slash = raw.rfind('/');
  const std::size_t from = slash == std::string_view::npos ? 0 : slash;
  if (std::size_t hash = raw.find("#L", from); hash != std::string_view::npos)
    return fmt::format("{}#L{}", raw.substr(0, hash), line);
  const std::size_t colon = raw.rfind(':');
  return fmt::format("{}:{}", raw.substr(0, colon), line);
}

void check_ref_stale_line(const model& m, finding_sink& out) {
  for (const task& t : m.tasks())
    for (const reference& r : t.references) {
      const std::optional<std::uint32_t> moved = moved_reference_line(m, t, r);
      if (!moved) continue;
      const std::uint32_t from = r.to.line_from, to = std::max(from, r.to.line_to);
      const std::string lines =
          from == to ? fmt::format("line {}", from) : fmt::format("lines {}-{}", from, to);
      const std::string now = at_line(r.raw, *moved);
      location target_site{static_cast<file_id>(m.document_of(r.to) - m.documents().data()), *moved,
                           1};
      out.report(r.site,
                 "`{}`: {} of `{}` no longer declare{} what task `{}` cites, which `{}` "
                 "declares at line {}",
                 r.raw, lines, r.to.path, from == to ? "s" : "", t.id, r.to.path, *moved)
          .entity(t.id)
          .related(target_site, "declared here")
          .fix(r.site, std::string(r.raw), now, fmt::format("`{}` is now `{}`", r.raw, now));
    }
}

}  // namespace
extern const rule ref_stale_line{
    {"ref/stale-line", severity::warning,
     "a task reference to a line that no longer declares what the task cites, which the file "
     "declares at one other line"},
    &check_ref_stale_line};
}  // namespace speclint::rules
