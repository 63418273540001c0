#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
// The file name without its last extension, as std::filesystem::path::stem gives it
// (`a.b.md` -> `a.b`, `.md` -> `.md`), without building a path for each of 100,000 tasks.
std::string_view stem_of(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') + 1);
  if (name == "." || name == "..") return name;
  std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

void check_task_id_filename_mismatch(const model& m, finding_sink& out) {
  for (const task& t : m.tasks()) {
    if (t.id.empty()) continue;
    std::string_view stem = stem_of(m.path(t.file));
    if (stem != t.id)
      out.report(t.id_site, "task id `{}` differs from the file name `{}.md` (stem `{}`)", t.id,
                 stem, stem)
          .entity(t.id);
  }
}
}  // namespace
extern const rule task_id_filename_mismatch{
    {"task/id-filename-mismatch", severity::warning, "a task id that differs from its file name"},
    &check_task_id_filename_mismatch};
}  // namespace speclint::rules
