#include "parse_arena.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>

namespace speclint::load {

namespace {

constexpr std::size_t align = 16;  // alignof(std::max_align_t)
constexpr std::size_t first_size = 256 * 1024;

constexpr std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

// Zeroes a reused block with the C library's memset. Told that `n` is at most `reused_max`,
// the compiler inlines a `rep stos` instead, which costs more than the rest of an allocation.
void zero(void* p, std::size_t n) {
  asm("" : "+r"(n));  // hides the bound
  std::memset(p, 0, n);
}

// cmark-gfm cannot take a failed allocation back (its own allocator aborts too).
[[noreturn]] void out_of_memory() {
  std::fputs("speclint: out of memory while parsing Markdown\n", stderr);
  std::abort();
}

// Each block handed out is preceded by its size, so that a copy knows how much to copy.
struct alignas(align) block_header {
  std::size_t size;
};

block_header* header_of(void* block) {
  return reinterpret_cast<block_header*>(static_cast<char*>(block) - sizeof(block_header));
}

// The room a block of `size` bytes takes after its header.
std::size_t rounded(std::size_t size) {
  if (size > (std::size_t{1} << 40)) out_of_memory();  // and the rounding cannot overflow
  return round_up(std::max<std::size_t>(size, 1), align);
}

}  // namespace

struct alignas(align) parse_arena::chunk {
  chunk* prev;
  std::size_t size;  // of the whole mapping
  std::size_t used;  // from the mapping's start
  std::size_t last;  // where the newest block's header is; 0: none
  std::size_t high;  // the most `used` has been: below it, bytes may have been written
};

parse_arena::~parse_arena() {
  release();
  if (head_) ::munmap(head_, head_->size);
}

parse_arena::chunk* parse_arena::add_chunk(std::size_t at_least) {
  std::size_t size = head_ ? 2 * head_->size : first_size;
  size = std::max(size, round_up(at_least + sizeof(chunk), 64 * 1024));
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) out_of_memory();
  head_ = new (p) chunk{head_, size, sizeof(chunk), 0, sizeof(chunk)};
  return head_;
}

bool parse_arena::is_newest(void* block) const {
  return head_ && head_->last &&
         reinterpret_cast<char*>(header_of(block)) == reinterpret_cast<char*>(head_) + head_->last;
}

void* parse_arena::allocate(std::size_t size) {
  const std::size_t room = rounded(size);
  if (room <= reused_max) {
    if (void*& list = free_[room / align - 1]) {
      void* p = list;
      std::memcpy(&list, p, sizeof list);
      header_of(p)->size = size;
      zero(p, room);
      return p;
    }
  }
  const std::size_t need = sizeof(block_header) + room;
  chunk* c = head_;
  if (!c || c->size - c->used < need) c = add_chunk(need);
  char* base = reinterpret_cast<char*>(c);
  const std::size_t at = c->used;
  const std::size_t written = c->high;  // below it, bytes may not be zeros
  c->last = at;
  c->used += need;
  c->high = std::max(c->high, c->used);
  new (base + at) block_header{size};
  char* p = base + at + sizeof(block_header);
  // A fresh mapping reads as zeros; the first, kept from one parse to the next, and room that
  // a block gave back by shrinking have bytes written before.
  if (at + sizeof(block_header) < written)
    std::memset(p, 0, std::min(need, written - at) - sizeof(block_header));
  return p;
}

void* parse_arena::reallocate(void* p, std::size_t size) {
  if (!p) return allocate(size);
  if (is_newest(p)) {
    chunk* c = head_;
    const std::size_t need = sizeof(block_header) + rounded(size);
    if (c->size - c->last >= need) {
      c->used = c->last + need;
      c->high = std::max(c->high, c->used);
      header_of(p)->size = size;
      return p;
    }
  }
  const std::size_t old = header_of(p)->size;
  void* q = allocate(size);
  std::memcpy(q, p, std::min(old, size));
  free(p);
  return q;
}

void parse_arena::free(void* p) {
  if (!p || !head_) return;
  if (is_newest(p)) {
    head_->used = head_->last;
    head_->last = 0;
    return;
  }
  const std::size_t room = rounded(header_of(p)->size);
  if (room > reused_max) return;
  void*& list = free_[room / align - 1];
  std::memcpy(p, &list, sizeof list);
  list = p;
}

void parse_arena::release() {
  std::fill(std::begin(free_), std::end(free_), nullptr);
  while (head_ && head_->prev) {
    chunk* prev = head_->prev;
    ::munmap(head_, head_->size);
    head_ = prev;
  }
  if (!head_) return;
  if (head_->size > first_size) {  // a first request larger than usual: not kept
    ::munmap(head_, head_->size);
    head_ = nullptr;
    return;
  }
  head_->used = sizeof(chunk);
  head_->last = 0;
}

std::size_t parse_arena::mapped() const {
  std::size_t n = 0;
  for (const chunk* c = head_; c; c = c->prev) n += c->size;
  return n;
}

namespace {

thread_local parse_arena this_thread_arena;

void* arena_calloc(std::size_t count, std::size_t size) {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(count, size, &bytes)) out_of_memory();
  return this_thread_arena.allocate(bytes);
}
void* arena_realloc(void* p, std::size_t size) {
  return this_thread_arena.reallocate(p, size);
}
void arena_free(void* p) {
  this_thread_arena.free(p);
}

cmark_mem arena_mem{arena_calloc, arena_realloc, arena_free};

}  // namespace

cmark_mem* thread_arena_mem() {
  return &arena_mem;
}

void release_thread_arena() {
  this_thread_arena.release();
}

}  // namespace speclint::load
