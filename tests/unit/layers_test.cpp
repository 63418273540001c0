// The direction of the program's arrows: the loader and the model know nothing of rules.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "support.hpp"

namespace fs = std::filesystem;

namespace {

// The files of the repository that `file` includes with quotes, resolved as the compiler
// does: next to the file first, then in include/.
std::vector<fs::path> quoted_includes(const fs::path& file) {
  std::vector<fs::path> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const std::string directive = "#include \"";
    if (!line.starts_with(directive)) continue;
    std::string name =
        line.substr(directive.size(), line.find('"', directive.size()) - directive.size());
    for (const fs::path& base : {file.parent_path(), source_dir() / "include"})
      if (fs::exists(base / name)) {
        out.push_back(fs::weakly_canonical(base / name));
        break;
      }
  }
  return out;
}

// Headers of the rules and of the engine that runs them (finding.hpp is a record that the
// configuration names severities with, not the engine's).
bool of_rules_or_engine(const fs::path& p) {
  const fs::path rel = p.lexically_relative(fs::weakly_canonical(source_dir()));
  const std::string s = rel.generic_string();
  return s.starts_with("src/rules/") || s.starts_with("src/engine/") ||
         s == "include/speclint/rule.hpp" || s == "include/speclint/lint.hpp";
}

}  // namespace

TEST_CASE("src/load and src/model include nothing of the rules or the engine, even indirectly") {
  std::vector<fs::path> pending;
  for (const char* dir : {"src/load", "src/model"})
    for (const auto& e : fs::recursive_directory_iterator(source_dir() / dir))
      if (e.is_regular_file()) pending.push_back(fs::weakly_canonical(e.path()));
  REQUIRE(pending.size() > 4);
  std::set<fs::path> seen(pending.begin(), pending.end());
  std::vector<std::string> wrong;
  while (!pending.empty()) {
    fs::path file = pending.back();
    pending.pop_back();
    for (const fs::path& inc : quoted_includes(file)) {
      if (of_rules_or_engine(inc))
        wrong.push_back(file.generic_string() + " -> " + inc.generic_string());
      if (seen.insert(inc).second) pending.push_back(inc);
    }
  }
  CHECK(wrong == std::vector<std::string>{});
}
