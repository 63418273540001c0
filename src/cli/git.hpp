#pragma once

// Running git for `speclint check --changed`.

#include <filesystem>
#include <string>
#include <vector>

namespace speclint::cli {

/// What a child process printed and returned.
struct process_result {
  int status = -1;  ///< exit status; 127 when it could not be started
  std::string out, err;
};

/// Runs a program found on PATH with arguments, in a directory, without a shell; standard
/// input is /dev/null.
process_result run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd);

/// The files under `root` that differ from `base` (default: the merge base with the upstream
/// branch, else HEAD): committed since it, staged, unstaged and untracked (not ignored), as
/// paths relative to `root`, sorted. Throws usage_error when git fails or `root` is not in a
/// git work tree.
std::vector<std::string> changed_files(const std::filesystem::path& root, const std::string& base);

}  // namespace speclint::cli
