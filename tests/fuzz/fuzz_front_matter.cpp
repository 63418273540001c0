// Front matter: the input between `---` lines of a task and of a doc.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string yaml(reinterpret_cast<const char*>(data), size);
  std::string doc = "---\n" + yaml + "\n---\n\n## Acceptance Criteria\n\n- [ ] x\n";
  speclint::fuzz::check_all({{"tasks/t.md", speclint::file_role::task, doc}});
  speclint::fuzz::check_all({{"docs/d.md", speclint::file_role::doc, doc}});
  return 0;
}
