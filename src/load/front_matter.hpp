#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "speclint/config.hpp"
#include "speclint/model.hpp"

namespace speclint::load {

/// Where a document's front matter is, if it has one.
struct front_matter_span {
  bool present = false;         ///< the file starts with a `---` line
  bool closed = false;          ///< a closing `---` or `...` line was found
  std::string_view yaml;        ///< the text between the delimiters
  std::uint32_t yaml_line = 2;  ///< line of the first YAML line
  std::uint32_t body_line = 1;  ///< first line after the closing delimiter
  std::size_t body_offset = 0;  ///< byte offset of the body
};

/// Finds the front matter at the start of a text.
front_matter_span split_front_matter(std::string_view text);

/// Why YAML could not be read; `message` is complete (a syntax error or an exceeded limit).
struct yaml_error {
  std::string message;
  std::uint32_t line = 0, column = 0;
};

/// Parses YAML within the limits into a yaml_value whose sites are in file `f`, the
/// text starting at `first_line`; returns nullopt and fills `err` when it cannot.
std::optional<yaml_value> parse_yaml(std::string_view text, file_id f, std::uint32_t first_line,
                                     const limits& lim, yaml_error& err);

}  // namespace speclint::load
