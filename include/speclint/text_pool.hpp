#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace speclint {

/// Texts that stay where they are for as long as the pool lives, moves included: records of
/// the model view their texts here rather than each holding strings of their own. Texts are
/// laid one after another in blocks of 64 KiB; a longer text gets a block of its own. Each
/// thread that reads files fills a pool of its own, which the model then adopts.
class text_pool {
 public:
  text_pool() = default;
  text_pool(text_pool&&) noexcept = default;
  text_pool& operator=(text_pool&&) noexcept = default;
  text_pool(const text_pool&) = delete;
  text_pool& operator=(const text_pool&) = delete;

  /// A view of a copy of `s`.
  std::string_view add(std::string_view s) { return {copy({&s, 1}), s.size()}; }
  /// A view of a copy of the texts, one after another.
  std::string_view add(std::initializer_list<std::string_view> parts);
  /// Takes over the texts of `other`, which stay where they are; `other` is left empty.
  void adopt(text_pool&& other);
  /// Keeps `other`, shared with others, alive for as long as this pool lives.
  void keep(std::shared_ptr<const text_pool> other) { kept_.push_back(std::move(other)); }

 private:
  const char* copy(std::span<const std::string_view> parts);

  static constexpr std::size_t block_size = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::shared_ptr<const text_pool>> kept_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace speclint
