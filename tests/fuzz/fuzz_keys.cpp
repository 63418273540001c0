// Keys as Markdown states them: the input's lines as items under a table's `Foreign keys`
// heading, as rows of a table of columns with References and Key cells, and as rows of a
// table of foreign keys.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string items, rows;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    items += "- " + line + "\n";
    rows += "| `c" + std::to_string(start) + "` | " + line + " |\n";
    start = end + 1;
  }
  std::string doc =
      "# Schema\n\n## `t`\n\n| Column | Type | References | Key |\n|---|---|---|---|\n" + rows +
      "\n### Foreign keys\n\n" + items +
      "\n| Column | Referenced table | Referenced column | On delete |\n|---|---|---|---|\n" +
      rows + "\n## Relations\n\n" + items;
  speclint::fuzz::check_all({{"docs/schema.md", speclint::file_role::doc, doc}});
  return 0;
}
