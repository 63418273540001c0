#pragma once

// Resolving a link or reference to a repository path, without touching the file system.

#include <cstdint>
#include <string>
#include <string_view>

#include "speclint/location.hpp"
#include "speclint/text_pool.hpp"

namespace speclint {

/// Where a link or reference points.
struct target {
  enum class kind : std::uint8_t {
    external,   ///< has a URL scheme (https:, mailto:) or starts with //
    same_file,  ///< only an anchor
    inside,     ///< a path inside the root
    outside,    ///< a relative path that climbs out of the root
    absolute,   ///< an absolute path
  } what = kind::inside;
  /// The loaded document at `path` (inside targets), which the loader finds once every file
  /// is read; no_file when there is none or it was not looked for (see model::document_of).
  file_id file = no_file;
  std::string_view path;    ///< normalized, relative to the root (inside) or as written
  std::string_view anchor;  ///< without '#'
  std::uint32_t line_from = 0, line_to = 0;  ///< from `path:12-20` or `#L12-L20`
};

/// Resolves a Markdown link target relative to the directory of the file holding it. The
/// target's path and anchor view `raw` where it spells them as they are, else copies kept in
/// `texts`: both must outlive the target.
target resolve_link(std::string_view from_dir, std::string_view raw, text_pool& texts);

/// Resolves a task reference (`path`, `path:12`, `path:12-20`, `path#anchor`) relative to the
/// root; its texts as resolve_link's.
target resolve_reference(std::string_view raw, text_pool& texts);

/// The directory part of a repository-relative path ("" for a file at the root).
std::string_view parent_dir(std::string_view path);

}  // namespace speclint
