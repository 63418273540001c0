// Every reader: its source file, its section of docs/spec-format.md and its fixtures, both ways.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "speclint/facts.hpp"
#include "support.hpp"

using namespace speclint;
using namespace speclint::test;

namespace {

std::string file_name(std::string_view reader) {
  std::string out(reader);
  std::replace(out.begin(), out.end(), '-', '_');
  return out + ".cpp";
}

}  // namespace

TEST_CASE("the reader registry is sorted by name and names are unique") {
  auto names = reader_names();
  REQUIRE(names.size() > 0);
  for (std::size_t i = 1; i < names.size(); ++i) {
    INFO(names[i - 1] << " then " << names[i]);
    CHECK(names[i - 1] < names[i]);
  }
}

TEST_CASE(
    "every reader has its file, its fixtures and its section of spec-format.md, in registry "
    "order") {
  std::string doc = read_file(source_dir() / "docs" / "spec-format.md");
  std::size_t last = 0;
  for (std::string_view name : reader_names()) {
    INFO(name);
    CHECK(fs::exists(source_dir() / "src" / "load" / "readers" / file_name(name)));
    fs::path fixture = source_dir() / "tests" / "readers" / std::string(name);
    CHECK(fs::exists(fixture / "facts.expected"));
    std::size_t at = doc.find("(`" + std::string(name) + "`)\n");
    REQUIRE(at != std::string::npos);
    CHECK(at > last);
    last = at;
  }
}

TEST_CASE("every source file under src/load/readers is a registered reader") {
  auto names = reader_names();
  std::set<std::string> files;
  for (std::string_view name : names) files.insert(file_name(name));
  for (const auto& e : fs::directory_iterator(source_dir() / "src" / "load" / "readers")) {
    if (e.path().extension() != ".cpp") continue;
    INFO(e.path());
    CHECK(files.count(e.path().filename().string()) == 1);
  }
}

TEST_CASE("every reader fixture folder belongs to a registered reader") {
  auto names = reader_names();
  std::set<std::string> known(names.begin(), names.end());
  for (const auto& e : fs::directory_iterator(source_dir() / "tests" / "readers")) {
    if (!e.is_directory()) continue;
    INFO(e.path());
    CHECK(known.count(e.path().filename().string()) == 1);
  }
}

TEST_CASE("golden: speclint facts on the golden corpus, as text and as JSON", "[golden]") {
  fs::path corpus = source_dir() / "tests" / "golden" / "corpus";
  fs::path expected = source_dir() / "tests" / "golden" / "expected";
  run_result text = run_speclint({"facts", corpus.string(), "--no-color"});
  CHECK(text.status == 0);
  CHECK(text.err.empty());
  CHECK(golden_diff(expected / "facts.txt", text.out).empty());
  run_result json = run_speclint({"facts", corpus.string(), "--format", "json"});
  CHECK(json.status == 0);
  CHECK(json.err.empty());
  CHECK(golden_diff(expected / "facts.json", json.out).empty());
}

TEST_CASE("speclint facts refuses an unknown format") {
  run_result r = run_speclint(
      {"facts", (source_dir() / "tests" / "golden" / "corpus").string(), "--format", "xml"});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "speclint: unknown format `xml` (text, json)\n");
}
