// A whole Markdown document through the loader and every rule, as a doc and as a task.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  speclint::fuzz::check_all(
      {{"docs/a.md", speclint::file_role::doc, text},
       {"docs/table-reference.md", speclint::file_role::doc,
        "| FK | References | On Delete |\n|---|---|---|\n| `a.b` | `c.d` | SET NULL |\n"}});
  speclint::fuzz::check_all({{"tasks/a.md", speclint::file_role::task, text}});
  return 0;
}
