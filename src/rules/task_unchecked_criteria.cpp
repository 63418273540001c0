#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_task_unchecked_criteria(const model& m, finding_sink& out) {
  for (const task& t : m.tasks()) {
    if (t.status != "completed") continue;
    for (const criterion& c : t.criteria)
      if (!c.checked)
        out.report(c.site, "task `{}` is completed but this acceptance criterion is unchecked",
                   t.id)
            .entity(t.id)
            .related(t.status_site, "status declared here");
  }
}
}  // namespace
extern const rule task_unchecked_criteria{
    {"task/unchecked-criteria", severity::error,
     "a completed task with an unchecked acceptance criterion"},
    &check_task_unchecked_criteria};
}  // namespace speclint::rules
