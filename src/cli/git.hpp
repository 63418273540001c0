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

/// What `--changed` compares the working tree with.
struct changed_since {
  std::string commit;  ///< empty when the repository has no commit yet
};

/// The commit to compare with for `base` (default: the merge base with the upstream branch,
/// else HEAD; for a branch, where HEAD forked off it). Throws usage_error when git cannot be
/// run, `root` is not in a git work tree or `base` is not a commit.
changed_since changed_base(const std::filesystem::path& root, const std::string& base);

/// The files under `root` that differ from `since`: committed since it, staged, unstaged and
/// untracked (not ignored), as paths relative to `root`, sorted. Throws usage_error when git
/// fails.
std::vector<std::string> changed_files(const std::filesystem::path& root,
                                       const changed_since& since);

}  // namespace speclint::cli
