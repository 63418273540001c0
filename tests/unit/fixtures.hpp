#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "speclint/lint.hpp"

namespace speclint::test {

/// One fixture of a rule: a single Markdown file or a directory holding docs/ and tasks/.
struct fixture {
  std::filesystem::path path;      ///< the .md file or the directory
  std::filesystem::path expected;  ///< its golden output (bad cases)
  bool bad = false;
};

/// The fixtures under tests/rules/<rule id>/.
std::vector<fixture> fixtures_of(std::string_view rule_id);

/// Runs one rule alone on a fixture and renders the text report.
std::string run_fixture(std::string_view rule_id, const fixture& f, lint_result* out = nullptr);

}  // namespace speclint::test
