#include "speclint/text_pool.hpp"

#include <algorithm>
#include <iterator>

namespace speclint {

std::string_view text_pool::add(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view p : parts) size += p.size();
  return {copy({parts.begin(), parts.size()}), size};
}

const char* text_pool::copy(std::span<const std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view p : parts) size += p.size();
  if (size == 0) return "";
  char* at;
  if (size > block_size / 4) {  // a long text gets a block of its own; the current one stays
    at = blocks_.emplace_back(std::make_unique_for_overwrite<char[]>(size)).get();
  } else {
    if (size > left_) {
      next_ = blocks_.emplace_back(std::make_unique_for_overwrite<char[]>(block_size)).get();
      left_ = block_size;
    }
    at = next_;
    next_ += size;
    left_ -= size;
  }
  char* out = at;
  for (std::string_view p : parts) out = std::copy(p.begin(), p.end(), out);
  return at;
}

void text_pool::adopt(text_pool&& other) {
  blocks_.reserve(blocks_.size() + other.blocks_.size());
  for (auto& b : other.blocks_) blocks_.push_back(std::move(b));
  other.blocks_.clear();
  kept_.insert(kept_.end(), std::make_move_iterator(other.kept_.begin()),
               std::make_move_iterator(other.kept_.end()));
  other.kept_.clear();
  other.next_ = nullptr;
  other.left_ = 0;
}

}  // namespace speclint
