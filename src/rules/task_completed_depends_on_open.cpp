#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_task_completed_depends_on_open(const model& m, finding_sink& out) {
  for (const task& t : m.tasks()) {
    if (t.status != "completed") continue;
    for (const auto& [dep, site] : t.depends_on) {
      const task* d = m.find_task(dep);
      if (!d || d->status == "completed" || d->status == "cancelled") continue;
      out.report(site, "task `{}` is completed but depends on `{}`, which is {}", t.id, dep,
                 d->status.empty() ? "without a status" : d->status)
          .entity(t.id)
          .related(d->status_site, fmt::format("`{}` status declared here", dep));
    }
  }
}
}  // namespace
extern const rule task_completed_depends_on_open{
    {"task/completed-depends-on-open", severity::warning,
     "a completed task depends on a task that is neither completed nor cancelled"},
    &check_task_completed_depends_on_open};
}  // namespace speclint::rules
