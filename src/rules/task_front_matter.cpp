#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {

// The task schema (keys, values, asserts) is checked while each task file is read, so that
// its front matter need not be kept (src/load/task_schema.cpp); this reports what was found.
void check(const model& m, finding_sink& out) {
  for (const load_issue& i : m.load_issues())
    if (i.what == load_issue::kind::task_front_matter) {
      auto b = out.report(i.site, "{}", i.message);
      if (i.warning) b.level(severity::warning);
    }
  for (const document& d : m.documents()) {
    if (d.role != file_role::task || d.binary || d.auxiliary || d.has_front_matter) continue;
    file_id f = static_cast<file_id>(&d - m.documents().data());
    out.report(location{f, 1, 1}, "task file has no YAML front matter (`---` on line 1)");
  }
}

}  // namespace
extern const rule task_front_matter{
    {"task/front-matter", severity::error,
     "task front matter that is missing, invalid, or holds a wrong key or value"},
    &check};
}  // namespace speclint::rules
