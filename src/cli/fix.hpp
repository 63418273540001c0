#pragma once

// `check --fix` and `--fix-dry-run`: the safe edits that findings carry, made to the files.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "speclint/finding.hpp"

namespace speclint::cli {

/// What became of one finding's fix.
struct fix_outcome {
  std::string file;
  std::uint32_t line = 0;
  std::string description;  ///< the fix's, or why it was not made
  bool applied = false;
};

/// Makes the fixes of `findings` (suppressed ones left alone) to their files under `root`, or,
/// with `dry_run`, only appends their unified diff to `diff`. A fix is made only where its line
/// still holds its text, in a regular file inside `root` reached through no symbolic link;
/// each file is written whole to a temporary file beside it and renamed over it, with its line
/// ends and mode kept. Fixes that overlap one made before them on the same line are not made.
std::vector<fix_outcome> apply_fixes(const std::filesystem::path& root,
                                     const std::vector<finding>& findings, bool dry_run,
                                     std::string& diff);

}  // namespace speclint::cli
