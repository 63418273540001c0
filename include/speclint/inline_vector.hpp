#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

namespace speclint {

/// A vector of trivially copyable records that keeps a single record in place, where a
/// vector would allocate a block for it: a model holds one list of declarations per column,
/// and most columns are declared once. More records go to a block that doubles as it fills.
/// It reads like a `std::vector` (contiguous, `data()` and `size()`), but only appends.
template <class T>
class inline_vector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  inline_vector() noexcept {}
  inline_vector(const inline_vector& other) { append(other.data(), other.size_); }
  inline_vector(inline_vector&& other) noexcept { take(other); }
  inline_vector& operator=(const inline_vector& other) {
    if (this != &other) {
      inline_vector copy(other);
      release();
      take(copy);
    }
    return *this;
  }
  inline_vector& operator=(inline_vector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~inline_vector() { release(); }

  T* data() noexcept { return on_heap() ? heap_ : std::launder(reinterpret_cast<T*>(one_)); }
  const T* data() const noexcept {
    return on_heap() ? heap_ : std::launder(reinterpret_cast<const T*>(one_));
  }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  T* begin() noexcept { return data(); }
  T* end() noexcept { return data() + size_; }
  const T* begin() const noexcept { return data(); }
  const T* end() const noexcept { return data() + size_; }
  T& operator[](std::size_t i) noexcept { return data()[i]; }
  const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  T& front() noexcept { return data()[0]; }
  const T& front() const noexcept { return data()[0]; }
  T& back() noexcept { return data()[size_ - 1]; }
  const T& back() const noexcept { return data()[size_ - 1]; }

  void push_back(const T& value) {
    T copy = value;  // `value` may be one of the records, which growing moves
    if (size_ == capacity_) grow();
    ::new (static_cast<void*>(data() + size_)) T(copy);
    ++size_;
  }

 private:
  bool on_heap() const noexcept { return capacity_ > 1; }

  void append(const T* from, std::uint32_t n) {
    for (std::uint32_t i = 0; i < n; ++i) push_back(from[i]);
  }

  void grow() {
    if (capacity_ > UINT32_MAX / 2) throw std::bad_alloc();
    std::uint32_t capacity = capacity_ * 2;
    T* block = std::allocator<T>{}.allocate(capacity);
    if (size_) std::memcpy(static_cast<void*>(block), data(), size_ * sizeof(T));
    release();
    heap_ = block;
    capacity_ = capacity;
  }

  // Frees the block, if any; the size is the caller's to set.
  void release() noexcept {
    if (on_heap()) std::allocator<T>{}.deallocate(heap_, capacity_);
    capacity_ = 1;
  }

  // Takes `other`'s records, leaving it empty; this one holds no block.
  void take(inline_vector& other) noexcept {
    if (other.on_heap())
      heap_ = other.heap_;
    else if (other.size_)
      std::memcpy(one_, other.one_, sizeof(T));
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.size_ = 0;
    other.capacity_ = 1;
  }

  union {
    alignas(T) unsigned char one_[sizeof(T)];  // the record, while there is at most one
    T* heap_;                                  // the block, once there were more
  };
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 1;  ///< 1: the record is in place
};

}  // namespace speclint
