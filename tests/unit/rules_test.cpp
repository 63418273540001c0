// Every rule: its documentation page, its fixtures, and the fixtures' golden output.

#include <catch2/catch.hpp>

#include <set>

#include "fixtures.hpp"
#include "speclint/lint.hpp"
#include "speclint/rule.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

TEST_CASE("file rules run on each file as it is read, when enabled") {
  // task/front-matter checks each task's front matter while it is read (the parsed tree is
  // not kept); turned off or not selected, it does not run at all.
  temp_dir d;
  d.write("tasks/a.md", "---\nid: a\nname: A\nstatus: nope\n---\n");
  auto messages = [&](config cfg, std::vector<std::string> only) {
    lint_options o;
    o.root = d.path();
    o.cfg = std::move(cfg);
    o.only_rules = std::move(only);
    lint_result r = lint(o);
    std::vector<std::string> out;
    for (const finding& f : r.findings)
      if (f.rule == "task/front-matter") out.push_back(f.message);
    return out;
  };
  const std::vector<std::string> status{
      "`status: nope` is not one of: pending, in-progress, completed, blocked, cancelled"};
  CHECK(messages({}, {}) == status);
  CHECK(messages({}, {"task/front-matter"}) == status);
  CHECK(messages({}, {"task/duplicate-id"}).empty());
  config off;
  off.rules["task/front-matter"] = std::nullopt;
  CHECK(messages(off, {}).empty());
  // The loader hands the file over, and the rule reports it, without the model in between.
  // file_rules keeps a reference to its configuration, so it gets one that outlives it.
  const config defaults;
  file_rules per_file(defaults, {});
  model m =
      load_memory({{"tasks/a.md", file_role::task, "---\nid: a\nname: A\nstatus: nope\n---\n"}},
                  defaults, per_file.callback());
  std::vector<finding> found = per_file.take();
  REQUIRE(found.size() == 1);
  CHECK(found[0].file == "tasks/a.md");
  CHECK(found[0].message == status[0]);
  CHECK(per_file.take().empty());
  CHECK(run_rules(m, config{}, {"task/front-matter"}).empty());
}

TEST_CASE("every rule is a file rule, a model rule or a drift rule") {
  for (const rule* r : all_rules()) {
    INFO(r->info.id);
    CHECK((r->check != nullptr) + (r->check_file != nullptr) + (r->check_drift != nullptr) == 1);
    // Drift rules, and only they, have the `drift/` category.
    CHECK(std::string_view(r->info.id).starts_with("drift/") == (r->check_drift != nullptr));
  }
}

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
    for (const char* section :
         {"## What it checks", "## Why it matters", "## Bad", "## Good", "## Options"})
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

TEST_CASE("every rule fixture folder belongs to a registered rule") {
  fs::path root = source_dir() / "tests" / "rules";
  for (const auto& category : fs::directory_iterator(root)) {
    if (!category.is_directory()) continue;
    for (const auto& e : fs::directory_iterator(category.path())) {
      if (!e.is_directory()) continue;
      std::string id = e.path().lexically_relative(root).generic_string();
      INFO(e.path());
      CHECK(find_rule(id) != nullptr);
    }
  }
}

// One section per rule: ctest runs each rule's section alone (`-c RULE_ID`, tests/CMakeLists.txt),
// as the test `rule/RULE_ID`; hidden from the discovered tests, since those ctests cover it.
TEST_CASE("rule fixtures give exactly their golden output", "[.][rule-fixtures]") {
  for (const rule* r : all_rules()) {
    DYNAMIC_SECTION(r->info.id) {
      auto cases = fixtures_of(r->info.id);
      CHECK(!cases.empty());
      for (const fixture& f : cases) {
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
}
