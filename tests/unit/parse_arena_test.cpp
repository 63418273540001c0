// The arena that holds cmark-gfm's parse trees: zeroed blocks, in-place growth, reuse of
// freed blocks, and release back to the first mapping.

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>

#include "parse_arena.hpp"

using speclint::load::parse_arena;

namespace {

bool all_zero(const void* p, std::size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i)
    if (b[i]) return false;
  return true;
}

}  // namespace

TEST_CASE("parse arena: blocks are zeroed and aligned, also when reused after a release") {
  parse_arena a;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t size : {1u, 15u, 16u, 17u, 100u, 1000u, 5000u}) {
      void* p = a.allocate(size);
      CHECK(reinterpret_cast<std::uintptr_t>(p) % 16 == 0);
      CHECK(all_zero(p, size));
      std::memset(p, 0xAB, size);  // dirty it for the next round
    }
    a.release();
  }
}

TEST_CASE("parse arena: a freed small block is handed out again, zeroed") {
  parse_arena a;
  void* first = a.allocate(40);
  void* second = a.allocate(40);  // newest: freeing `first` puts it on its size's list
  std::memset(first, 0xCD, 40);
  a.free(first);
  void* again = a.allocate(33);  // rounds up to the same 48-byte class
  CHECK(again == first);
  CHECK(all_zero(again, 33));
  CHECK(second != first);
}

TEST_CASE("parse arena: freeing the newest block takes it back, as a stack") {
  parse_arena a;
  a.allocate(64);
  void* top = a.allocate(64);
  a.free(top);
  CHECK(a.allocate(64) == top);
}

TEST_CASE("parse arena: reallocation keeps the contents, growing the newest block in place") {
  parse_arena a;
  char* p = static_cast<char*>(a.reallocate(nullptr, 10));
  std::memcpy(p, "0123456789", 10);
  char* grown = static_cast<char*>(a.reallocate(p, 1000));
  CHECK(grown == p);  // the newest block, with room after it
  CHECK(std::string(grown, 10) == "0123456789");
  a.allocate(16);  // no longer the newest
  char* moved = static_cast<char*>(a.reallocate(grown, 2000));
  CHECK(moved != grown);
  CHECK(std::string(moved, 10) == "0123456789");
  char* shrunk = static_cast<char*>(a.reallocate(moved, 4));
  CHECK(std::string(shrunk, 4) == "0123");
}

TEST_CASE("parse arena: a large tree's mappings go back at release; the first stays") {
  parse_arena a;
  a.allocate(100);
  const std::size_t first = a.mapped();
  CHECK(first > 0);
  // 64 MiB in blocks of 4 KiB: many mappings, each at least twice the one before.
  std::string text(4096, 'x');
  for (int i = 0; i < 16 * 1024; ++i)
    std::memcpy(a.allocate(text.size()), text.data(), text.size());
  CHECK(a.mapped() >= std::size_t{64} << 20);
  a.release();
  CHECK(a.mapped() == first);
  // A block larger than any mapping so far gets a mapping of its own size.
  void* big = a.allocate(std::size_t{32} << 20);
  CHECK(all_zero(big, std::size_t{32} << 20));
  a.release();
  CHECK(a.mapped() == first);
}
