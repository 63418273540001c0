// The front matter reader: yaml-cpp's events turned into yaml_value, with limits.

#include <catch2/catch.hpp>

#include "front_matter.hpp"

using namespace speclint;
using load::parse_yaml;
using load::yaml_error;

namespace {

std::string at(const location& l) {
  return std::to_string(l.line) + ":" + std::to_string(l.column);
}

// parse_yaml with the YAML starting on line 2 of file 0, as in front matter.
std::optional<yaml_value> parse(const std::string& text, yaml_error& err, limits lim = {}) {
  return parse_yaml(text, 0, 2, lim, err);
}

}  // namespace

TEST_CASE("front matter: scalars, sequences and mappings keep their places") {
  yaml_error err;
  auto v = parse("id: t1\nname: \"quoted\"\ndeps: [a, b]\nasserts:\n  - table: x\n", err);
  REQUIRE(v);
  REQUIRE(v->what == yaml_value::kind::map);
  REQUIRE(v->entries.size() == 4);
  CHECK(v->entries[0].first == "id");
  CHECK(at(v->entries[0].second.key_site) == "2:1");
  CHECK(at(v->entries[0].second.site) == "2:5");
  CHECK_FALSE(v->entries[0].second.quoted);
  CHECK(v->entries[1].second.scalar == "quoted");
  CHECK(v->entries[1].second.quoted);
  const yaml_value& deps = v->entries[2].second;
  REQUIRE(deps.what == yaml_value::kind::sequence);
  REQUIRE(deps.items.size() == 2);
  CHECK(at(deps.items[1].site) == "4:11");
  const yaml_value& asserts = v->entries[3].second;
  REQUIRE(asserts.items.size() == 1);
  CHECK(asserts.items[0].find("table")->scalar == "x");
  CHECK(at(asserts.items[0].site) == "6:5");
}

TEST_CASE("front matter: duplicate keys are kept in order, for the duplicate-key finding") {
  yaml_error err;
  auto v = parse("id: a\nid: b\n", err);
  REQUIRE(v);
  REQUIRE(v->entries.size() == 2);
  CHECK(v->entries[1].second.scalar == "b");
  CHECK(at(v->entries[1].second.key_site) == "3:1");
}

TEST_CASE("front matter: keys that are not scalars are named ?, and their content dropped") {
  yaml_error err;
  auto v = parse("~: null key\n[a, b]: list key\n{c: d}: map key\nplain: ~\n", err);
  REQUIRE(v);
  REQUIRE(v->entries.size() == 4);
  CHECK(v->entries[0].first == "?");
  CHECK(v->entries[0].second.scalar == "null key");
  CHECK(v->entries[1].first == "?");
  CHECK(v->entries[1].second.scalar == "list key");
  CHECK(v->entries[2].first == "?");
  CHECK(v->entries[3].first == "plain");
  CHECK(v->entries[3].second.what == yaml_value::kind::null);
  CHECK(at(v->entries[3].second.site) == "5:8");
}

TEST_CASE("front matter: an alias copies the anchored value, an alias key names it") {
  yaml_error err;
  auto v = parse("base: &b {x: 1}\ncopy: *b\nk: &k name\n*k : aliased key\n", err);
  REQUIRE(v);
  REQUIRE(v->entries.size() == 4);
  const yaml_value& copy = v->entries[1].second;
  REQUIRE(copy.what == yaml_value::kind::map);
  CHECK(copy.find("x")->scalar == "1");
  CHECK(at(copy.site) == "2:7");      // where the anchored value is written
  CHECK(at(copy.key_site) == "3:1");  // the key it is the value of
  CHECK(v->entries[3].first == "name");
  CHECK(v->entries[3].second.scalar == "aliased key");
}

TEST_CASE("front matter: empty YAML is a null value at its first line") {
  yaml_error err;
  auto v = parse("", err);
  REQUIRE(v);
  CHECK(v->what == yaml_value::kind::null);
  CHECK(at(v->site) == "2:1");
}

TEST_CASE("front matter: errors and limits") {
  yaml_error err;
  SECTION("a syntax error names its line and column") {
    CHECK_FALSE(parse("a: [1, 2\nb: c\n", err));
    CHECK(err.message.starts_with("front matter is not valid YAML: "));
    CHECK(err.line == 3);  // yaml-cpp notices at the next key
  }
  SECTION("an alias inside its own anchored value") {
    CHECK_FALSE(parse("a: &x [1, *x]\n", err));
    CHECK(err.message ==
          "front matter is not valid YAML: an alias refers to the value that contains it");
    CHECK(at({0, err.line, err.column}) == "2:11");  // the `*x`
  }
  SECTION("aliases that expand past the node limit") {
    limits lim;
    lim.max_yaml_nodes = 100;
    CHECK_FALSE(parse(
        "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
        err, lim));
    CHECK(err.message == "front matter expands to more than 100 nodes (aliases?)");
    CHECK(err.line == 2);
  }
  SECTION("an alias that nests past the depth limit") {
    limits lim;
    lim.max_yaml_depth = 4;
    CHECK(parse("a: &a [[[1]]]\n", err, lim));  // depth 4: the innermost scalar
    CHECK_FALSE(parse("a: &a [[[1]]]\nb: [*a]\n", err, lim));
    CHECK(err.message == "front matter expands to more than 100000 nodes (aliases?)");
  }
}
