#pragma once

#include <cstdint>

namespace speclint {

/// Index of a file in the model's file list.
using file_id = std::uint32_t;

/// A file_id that names no file.
inline constexpr file_id no_file = static_cast<file_id>(-1);

/// A place in a source file: 1-based line and column (column in bytes); line 0 means unknown.
struct location {
  file_id file = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// True when the location names a line.
  bool known() const { return line != 0; }
  friend bool operator==(const location&, const location&) = default;
};

}  // namespace speclint
