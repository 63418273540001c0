// Every rule: its documentation page, its fixtures, and the fixtures' golden output.

#include <catch2/catch.hpp>

#include <set>

#include "fixtures.hpp"
#include "speclint/rule.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

TEST_CASE("the registry is sorted by id and ids are unique") {
  auto rules = all_rules();
  REQUIRE(rules.size() > 0);
  for (std::size_t i = 1; i < rules.size(); ++i) {
    INFO(rules[i - 1]->info.id << " then " << rules[i]->info.id);
    CHECK(rules[i - 1]->info.id < rules[i]->info.id);
  }
  for (const rule* r : rules) CHECK(find_rule(r->info.id) == r);
  CHECK(find_rule("schema/no-such-rule") == nullptr);
}

TEST_CASE("every rule has a documentation page with the required sections") {
  for (const rule* r : all_rules()) {
    INFO(r->info.id);
    fs::path page = source_dir() / "docs" / "rules" / (std::string(r->info.id) + ".md");
    REQUIRE(fs::exists(page));
    std::string text = read_file(page);
    CHECK(text.starts_with("# " + std::string(r->info.id) + "\n"));
    for (const char* section : {"## What it checks", "## Why it matters", "## Bad", "## Good", "## Options"})
      CHECK(text.find(section) != std::string::npos);
    CHECK(rule_doc(r->info.id) == text);
  }
}

TEST_CASE("every documentation page belongs to a registered rule") {
  fs::path root = source_dir() / "docs" / "rules";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".md") continue;
    std::string id = e.path().lexically_relative(root).replace_extension().generic_string();
    if (id == "README") continue;
    INFO(e.path());
    CHECK(find_rule(id) != nullptr);
  }
}

TEST_CASE("every rule has good and bad fixtures, and bad ones have golden output") {
  for (const rule* r : all_rules()) {
    INFO(r->info.id);
    auto cases = fixtures_of(r->info.id);
    CHECK(std::any_of(cases.begin(), cases.end(), [](const fixture& f) { return !f.bad; }));
    CHECK(std::any_of(cases.begin(), cases.end(), [](const fixture& f) { return f.bad; }));
  }
}

TEST_CASE("rule fixtures give exactly their golden output") {
  for (const rule* r : all_rules()) {
    for (const fixture& f : fixtures_of(r->info.id)) {
      INFO(f.path.string());
      lint_result res;
      std::string text = run_fixture(r->info.id, f, &res);
      if (f.bad) {
        CHECK(!res.findings.empty());
        std::string diff = golden_diff(f.expected, text);
        INFO(diff);
        CHECK(diff.empty());
      } else {
        INFO(text);
        CHECK(res.findings.empty());
      }
    }
  }
}
