// SQL blocks: the input as the body of a ```sql fence in a doc.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string sql(reinterpret_cast<const char*>(data), size);
  // A fence in the input would close the block: its third backquote becomes a space, so that
  // the fixtures the corpus is seeded with (Markdown around SQL) are read as one SQL block.
  for (auto at = sql.find("```"); at != std::string::npos; at = sql.find("```", at))
    sql[at + 2] = ' ';
  std::string doc =
      "# Schema\n\n## `t`\n\n| Column | Type | Nullable |\n|---|---|---|\n| `id` | `text` | no "
      "|\n\n```sql\n" +
      sql + "\n```\n";
  speclint::fuzz::check_all({{"docs/schema.md", speclint::file_role::doc, doc}});
  return 0;
}
