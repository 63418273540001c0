#include <filesystem>

#include "speclint/model.hpp"
#include "speclint/rule.hpp"

namespace speclint::rules {
namespace {
void check(const model& m, finding_sink& out) {
  for (const task& t : m.tasks()) {
    if (t.id.empty()) continue;
    std::string stem = std::filesystem::path(m.path(t.file)).stem().string();
    if (stem != t.id)
      out.report(t.id_site, "task id `{}` differs from the file name `{}.md` (stem `{}`)", t.id,
                 stem, stem)
          .entity(t.id);
  }
}
}  // namespace
extern const rule task_id_filename_mismatch{
    {"task/id-filename-mismatch", severity::warning, "a task id that differs from its file name"},
    &check};
}  // namespace speclint::rules
