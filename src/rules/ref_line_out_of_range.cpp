#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_ref_line_out_of_range(const model& m, finding_sink& out) {
  for_each_reference(m, [&](const ref_site& r) {
    std::uint32_t from = r.to->line_from, to = r.to->line_to;
    if (from == 0 && to == 0) return;  // no line named
    std::string_view path;
    std::optional<path_info> info;
    if (r.to->what == target::kind::inside) {
      path = r.to->path;
      info = m.probe(*r.to);
    } else if (r.to->what == target::kind::same_file) {
      path = m.path(r.from);  // `#L12` in the same file
      info = m.probe(path);
    } else {
      return;
    }
    if (!info || !info->exists || info->directory) return;
    std::string lines =
        from == to ? fmt::format("line {}", from) : fmt::format("lines {}-{}", from, to);
    if (from > to)
      out.report(r.site, "`{}` names {}, a range that ends before it starts", r.raw, lines);
    else if (from == 0)
      out.report(r.site, "`{}` names {}, but lines are numbered from 1", r.raw, lines);
    else if (to > info->line_count)
      out.report(r.site, "`{}` points at {} but `{}` has {} line{}", r.raw, lines, path,
                 info->line_count, info->line_count == 1 ? "" : "s");
  });
}
}  // namespace
extern const rule ref_line_out_of_range{
    {"ref/line-out-of-range", severity::error, "a reference to a line past the end of its file"},
    &check_ref_line_out_of_range};
}  // namespace speclint::rules
