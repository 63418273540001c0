// psql `\d` output: the input as the rows and footers under a table's title and header in an
// unlabelled fence of a doc. Fences in the input are turned into quotes, so that whole docs
// serve as seeds.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  for (std::size_t at = body.find("```"); at != std::string::npos; at = body.find("```", at))
    body.replace(at, 3, "'''");
  std::string doc =
      "# T\n\n```\n                 Table \"public.t\"\n"
      " Column | Type | Collation | Nullable | Default\n"
      "--------+------+-----------+----------+---------\n" +
      body + "\n```\n";
  speclint::fuzz::check_all({{"docs/t.md", speclint::file_role::doc, doc}});
  return 0;
}
