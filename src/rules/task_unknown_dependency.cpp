#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_task_unknown_dependency(const model& m, finding_sink& out) {
  for (const task& t : m.tasks())
    for (const auto& [dep, site] : t.depends_on)
      if (!m.find_task(dep))
        out.report(site, "task `{}` depends on `{}`, which no task file declares", t.id, dep)
            .entity(t.id);
}
}  // namespace
extern const rule task_unknown_dependency{
    {"task/unknown-dependency", severity::error, "a task depends on a task that does not exist"},
    &check_task_unknown_dependency};
}  // namespace speclint::rules
