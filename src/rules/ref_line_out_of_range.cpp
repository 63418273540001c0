#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  for (const ref_site& r : all_references(m)) {
    if (r.to.line_from == 0 || r.to.what != target::kind::inside) continue;
    auto info = m.probe(r.to.path);
    if (!info || !info->exists || info->directory) continue;
    std::uint32_t from = r.to.line_from, to = r.to.line_to;
    std::string lines = from == to ? fmt::format("line {}", from) : fmt::format("lines {}-{}", from, to);
    if (from > to)
      out.report(r.site, "`{}` names {}, a range that ends before it starts", r.raw, lines);
    else if (from == 0 || to > info->line_count)
      out.report(r.site, "`{}` points at {} but `{}` has {} line{}", r.raw, lines, r.to.path,
                 info->line_count, info->line_count == 1 ? "" : "s");
  }
}
}  // namespace
extern const rule ref_line_out_of_range{
    {"ref/line-out-of-range", severity::error, "a reference to a line past the end of its file"},
    &check};
}  // namespace speclint::rules
