// Memory for cmark-gfm's parse trees, taken from the operating system by the thread that
// parses and handed back whole once the tree is read.
#pragma once

#include <cmark-gfm.h>

#include <cstddef>

namespace speclint::load {

/// A bump allocator in blocks mapped from the operating system. A parse tree is built, read
/// once and dropped, so its nodes need not be freed one by one: `release()` drops everything
/// at once and returns all mappings but the first to the system. What the parser frees on its
/// way (a table row's cells before they become nodes, a buffer that grew) is kept on a list
/// per size, up to `reused_max` bytes, and handed out again. A large file's tree (tens of
/// megabytes for a reference table of 20,000 keys) then never enters the general heap,
/// where it would stay as the reading thread's free memory for the rest of the run.
class parse_arena {
 public:
  parse_arena() = default;
  parse_arena(const parse_arena&) = delete;
  parse_arena& operator=(const parse_arena&) = delete;
  ~parse_arena();

  /// `size` bytes, zeroed, aligned for any type; never null: when the system has no memory
  /// left it prints one line and aborts, as cmark-gfm's own allocator does.
  void* allocate(std::size_t size);
  /// The block at `p` (from this arena, or null) resized to `size`: grown in place when it
  /// is the newest block and room is left, else copied.
  void* reallocate(void* p, std::size_t size);
  /// Takes the block at `p` back: the newest block is popped as from a stack; a small one
  /// goes to the list of its size; a larger one stays until `release()`.
  void free(void* p);
  /// Drops every block handed out; keeps the first mapping for the next parse.
  void release();
  /// Bytes mapped now (for tests).
  std::size_t mapped() const;

 private:
  struct chunk;
  chunk* add_chunk(std::size_t at_least);
  /// Whether `block` is the one handed out last from the newest mapping.
  bool is_newest(void* block) const;

  static constexpr std::size_t reused_max = 1024;
  chunk* head_ = nullptr;             // newest mapping; its `prev` lead to the first
  void* free_[reused_max / 16] = {};  // freed blocks by size in 16s, each holding the next
};

/// cmark-gfm's allocator over this thread's arena (cmark's callbacks take no context, so the
/// arena is the calling thread's own). Every tree made with it must be read on this thread,
/// one file at a time: a release drops every tree the thread holds.
cmark_mem* thread_arena_mem();
/// Releases this thread's arena: every node of every tree made with `thread_arena_mem()` on
/// this thread is gone.
void release_thread_arena();

}  // namespace speclint::load
