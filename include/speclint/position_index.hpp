#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace speclint {

/// A hash index of records that a list holds, by a key that each record holds itself: it keeps
/// only the records' places in their list, four bytes a slot with at most half of the slots
/// taken, and asks the caller for the key of a place, so no key is stored twice and no entry is
/// a block of memory of its own. A model indexes its files, tasks, tables and keys with these.
///
/// `hash` is the key's hash. `equals(place)` tells whether the record at a place has the key
/// looked for; `hash_at(place)` gives the hash of the record at a place, for growing. A key
/// that is a text needs only `key_at(place)`, the text of the record at a place.
class position_index {
 public:
  /// The hash of a text key.
  static std::size_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  /// The place of the record with that key, or nullopt.
  template <class Equals>
  std::optional<std::uint32_t> find(std::size_t hash, Equals&& equals) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = hash & mask(); slots_[i] != 0; i = (i + 1) & mask())
      if (equals(slots_[i] - 1)) return slots_[i] - 1;
    return std::nullopt;
  }

  /// Adds the record at `place` unless one with the same key is indexed already; gives the
  /// place of the record indexed for that key, so `place` itself when it was added.
  template <class Equals, class HashAt>
  std::uint32_t insert(std::size_t hash, std::uint32_t place, Equals&& equals, HashAt&& hash_at) {
    if (auto found = find(hash, equals)) return *found;
    if ((size_ + 1) * 2 > slots_.size()) grow(hash_at);
    std::size_t i = hash & mask();
    while (slots_[i] != 0) i = (i + 1) & mask();
    slots_[i] = place + 1;
    ++size_;
    return place;
  }

  /// find() by a text key.
  template <class KeyAt>
  std::optional<std::uint32_t> find(std::string_view key, KeyAt&& key_at) const {
    return find(hash(key), [&](std::uint32_t i) { return key_at(i) == key; });
  }

  /// insert() by a text key.
  template <class KeyAt>
  std::uint32_t insert(std::string_view key, std::uint32_t place, KeyAt&& key_at) {
    return insert(
        hash(key), place, [&](std::uint32_t i) { return key_at(i) == key; },
        [&](std::uint32_t i) { return hash(key_at(i)); });
  }

  /// Room for `n` records without growing.
  template <class HashAt>
  void reserve(std::size_t n, HashAt&& hash_at) {
    if (n * 2 > slots_.size()) rehash(capacity_for(n), hash_at);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  std::size_t mask() const { return slots_.size() - 1; }

  static std::size_t capacity_for(std::size_t n) {
    std::size_t slots = 16;
    while (slots < n * 2) slots *= 2;
    return slots;
  }

  template <class HashAt>
  void grow(HashAt& hash_at) {
    rehash(slots_.empty() ? 16 : slots_.size() * 2, hash_at);
  }

  template <class HashAt>
  void rehash(std::size_t slots, HashAt& hash_at) {
    std::vector<std::uint32_t> old(slots, 0);
    old.swap(slots_);
    for (std::uint32_t s : old) {
      if (s == 0) continue;
      std::size_t i = hash_at(s - 1) & mask();
      while (slots_[i] != 0) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }

  std::vector<std::uint32_t> slots_;  // 0: empty; else a place plus one
  std::size_t size_ = 0;
};

}  // namespace speclint
