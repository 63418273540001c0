// A task's References and asserts: each input line becomes a reference item, and the
// input is also used as an asserts value.
#include "fuzz_common.hpp"

#include "speclint/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  for (std::size_t i = 0, j; i <= in.size(); i = j + 1) {
    j = in.find('\n', i);
    if (j == std::string::npos) j = in.size();
    std::string_view line(in.data() + i, j - i);
    speclint::text_pool texts;
    (void)speclint::resolve_reference(line, texts);
    (void)speclint::resolve_link("docs/a", line, texts);
  }
  std::string refs;
  for (char c : in) refs += c == '\n' ? std::string("\n- ") : std::string(1, c);
  std::string task =
      "---\nid: t\nname: T\nstatus: completed\nasserts:\n  - column: " + in.substr(0, 64) +
      "\n    nullable: true\n  - fk: " + in.substr(0, 64) + "\n---\n\n## References\n\n- " + refs +
      "\n";
  speclint::fuzz::check_all(
      {{"tasks/t.md", speclint::file_role::task, task},
       {"docs/a.md", speclint::file_role::doc,
        "# A\n\n## `a`\n\n| Column | Type |\n|---|---|\n| `b` | `text` |\n"}});
  return 0;
}
