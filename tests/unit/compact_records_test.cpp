// Records the model keeps compact: the list that keeps one record in place (appends, copies
// and moves, in place and in a block, keep every record in order), a document's lists of
// code blocks and suppressions, kept apart from it, and the sizes of the most numerous records.

#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "speclint/inline_vector.hpp"
#include "speclint/model.hpp"

using speclint::inline_vector;

namespace {

struct record {
  std::uint32_t a = 0;
  std::uint64_t b = 0;
};

inline_vector<record> make(std::uint32_t n) {
  inline_vector<record> v;
  for (std::uint32_t i = 0; i < n; ++i) v.push_back({i, 10u * i});
  return v;
}

std::vector<std::uint32_t> firsts(const inline_vector<record>& v) {
  std::vector<std::uint32_t> out;
  for (const record& r : v) out.push_back(r.a);
  return out;
}

std::vector<std::uint32_t> upto(std::uint32_t n) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < n; ++i) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("inline vector: one record stays in place, more go to a block") {
  inline_vector<record> v;
  CHECK(v.empty());
  CHECK(v.begin() == v.end());
  v.push_back({7, 70});
  const auto* self = reinterpret_cast<const unsigned char*>(&v);
  const auto* first = reinterpret_cast<const unsigned char*>(v.data());
  CHECK((first >= self && first < self + sizeof v));
  CHECK(v.size() == 1);
  CHECK(v.front().b == 70);
  v.push_back({8, 80});
  first = reinterpret_cast<const unsigned char*>(v.data());
  CHECK(!(first >= self && first < self + sizeof v));
  CHECK(v.size() == 2);
  CHECK(v[0].a == 7);
  CHECK(v.back().b == 80);
  CHECK(sizeof(inline_vector<record>) == sizeof(record) + 2 * sizeof(std::uint32_t));
}

TEST_CASE("inline vector: records keep their order as the block grows") {
  for (std::uint32_t n : {0u, 1u, 2u, 3u, 5u, 64u, 1000u}) {
    inline_vector<record> v = make(n);
    CHECK(v.size() == n);
    CHECK(firsts(v) == upto(n));
    for (std::uint32_t i = 0; i < n; ++i) CHECK(v[i].b == 10u * i);
  }
}

TEST_CASE("inline vector: a record of its own appended as it grows") {
  for (std::uint32_t n : {1u, 2u, 4u}) {  // in place, then a full block of 2, then of 4
    inline_vector<record> v = make(n);
    v.push_back(v.front());
    v.push_back(v[1]);
    REQUIRE(v.size() == n + 2);
    CHECK(v[n].a == 0);
    CHECK(v[n].b == 0);
    CHECK(v[n + 1].a == (n == 1 ? 0u : 1u));
  }
}

TEST_CASE("inline vector: copies and moves, in place and in a block") {
  for (std::uint32_t n : {0u, 1u, 2u, 9u}) {
    inline_vector<record> v = make(n);
    inline_vector<record> copy(v);
    CHECK(firsts(copy) == upto(n));
    CHECK(firsts(v) == upto(n));
    if (n) CHECK(copy.data() != v.data());

    inline_vector<record> moved(std::move(copy));
    CHECK(firsts(moved) == upto(n));
    CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a moved-from list is empty
    copy.push_back({5, 50});
    CHECK(firsts(copy) == std::vector<std::uint32_t>{5});

    for (std::uint32_t m : {0u, 1u, 3u}) {
      inline_vector<record> target = make(m);
      target = v;
      CHECK(firsts(target) == upto(n));
      inline_vector<record> other = make(m);
      other = std::move(target);
      CHECK(firsts(other) == upto(n));
      CHECK(target.empty());  // NOLINT(bugprone-use-after-move)
    }
    inline_vector<record>& same = v;
    v = same;
    CHECK(firsts(v) == upto(n));
  }
}

TEST_CASE("document: code blocks and suppressions are copied with it") {
  speclint::document d;
  CHECK(d.code_blocks().empty());
  CHECK(d.suppressions().empty());
  speclint::document empty_copy(d);
  CHECK(empty_copy.code_blocks().empty());

  speclint::code_block b;
  b.info = "sql";
  b.text = "select 1;";
  d.add_code_block(b);
  speclint::suppression s;
  s.rules = {"schema/unknown-table"};
  s.line = 4;
  d.add_suppression(s);

  speclint::document copy(d);
  d.add_code_block(b);
  REQUIRE(copy.code_blocks().size() == 1);
  CHECK(copy.code_blocks()[0].text == "select 1;");
  REQUIRE(copy.suppressions().size() == 1);
  CHECK(copy.suppressions()[0].line == 4);
  CHECK(d.code_blocks().size() == 2);

  speclint::document assigned;
  assigned = copy;
  copy.add_suppression(s);
  CHECK(assigned.suppressions().size() == 1);
  CHECK(copy.suppressions().size() == 2);

  speclint::document moved(std::move(copy));
  CHECK(moved.suppressions().size() == 2);
}

TEST_CASE("the records a large spec holds by the hundred thousand keep their size") {
  // docs/performance.md ("Where the memory goes"): at L there are 236,000 columns and 70,000
  // documents, and the allocator rounds a block up to 16 bytes, so a few bytes more in one
  // of these records is megabytes more at the peak. Sizes on 64-bit targets.
  if constexpr (sizeof(void*) == 8) {
    CHECK(sizeof(speclint::column_decl) == 40);
    CHECK(sizeof(speclint::column) == 64);
    CHECK(sizeof(speclint::document) == 88);
  } else {
    SUCCEED("sizes are pinned on 64-bit targets only");
  }
}
