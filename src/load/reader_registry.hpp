#pragma once

// The sorted list of readers, and handing a block to the readers that accept it.

#include <span>

#include "readers/reader.hpp"

namespace speclint::load {

/// Every reader, sorted by name.
std::span<const reader* const> all_readers();

/// The readers that may accept blocks of one kind (a block_kind bit), in registry order.
std::span<const reader* const> readers_of(block_kind kind);

/// Hands a block of that kind to every reader that accepts it, and to the fallback readers
/// when none did; with `out.keep_marks`, notes which reader wrote which facts. True when a
/// reader took the block.
template <class Block>
bool hand_to_readers(const Block& b, block_kind kind, const read_context& ctx, file_facts& out) {
  bool taken = false;
  for (bool fallback : {false, true}) {
    if (fallback && taken) break;
    for (const reader* r : readers_of(kind)) {
      if (r->fallback() != fallback || !r->accepts(b, ctx)) continue;
      taken = true;
      r->read(b, ctx, out);
      if (out.keep_marks) out.marks.push_back({r->name(), out.sizes()});
    }
  }
  return taken;
}

/// True when a reader that is not a fallback accepts the block: it is read as what it is,
/// not only searched for arrows.
template <class Block>
bool read_as_schema(const Block& b, block_kind kind, const read_context& ctx) {
  for (const reader* r : readers_of(kind))
    if (!r->fallback() && r->accepts(b, ctx)) return true;
  return false;
}

}  // namespace speclint::load
