#include <map>

#include "helpers.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check_task_duplicate_id(const model& m, finding_sink& out) {
  // The model finds the first task of each id: any other with that id is a duplicate, and
  // only those ids are gathered.
  std::map<std::string_view, std::vector<const task*>> by_id;
  for (const task& t : m.tasks())
    if (!t.id.empty() && m.find_task(t.id) != &t) by_id.try_emplace(t.id);
  if (by_id.empty()) return;
  for (const task& t : m.tasks())
    if (auto it = by_id.find(t.id); it != by_id.end()) it->second.push_back(&t);
  for (const auto& [id, tasks] : by_id) {
    if (tasks.size() < 2) continue;
    std::vector<std::string> files;
    for (const task* t : tasks) files.emplace_back(m.path(t->file));
    for (std::size_t i = 1; i < tasks.size(); ++i) {
      auto b = out.report(tasks[i]->id_site, "task id `{}` is used by {} files: {}", id,
                          tasks.size(), fmt::join(files, ", "));
      b.entity(std::string(id));
      for (const task* other : tasks)
        if (other != tasks[i])
          b.related(other->id_site, fmt::format("`{}` also declared here", id));
    }
  }
}
}  // namespace
extern const rule task_duplicate_id{
    {"task/duplicate-id", severity::error, "two task files declare the same id"},
    &check_task_duplicate_id};
}  // namespace speclint::rules
