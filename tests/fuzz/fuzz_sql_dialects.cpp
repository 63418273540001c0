// MySQL and SQLite blocks: the input as the body of a ```mysql, a ```sqlite and an auto-detected
// ```sql fence, so that every rewrite of the dialects' spellings meets it.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string sql(reinterpret_cast<const char*>(data), size);
  if (sql.find("```") != std::string::npos) return 0;  // would close the fence
  std::vector<speclint::memory_file> files;
  for (const char* info : {"mysql", "sqlite", "sql"})
    files.push_back({std::string("docs/") + info + ".md", speclint::file_role::doc,
                     std::string("# Schema\n\n```") + info + "\n" + sql + "\n```\n"});
  speclint::fuzz::check_all(files);
  return 0;
}
