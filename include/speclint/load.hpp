#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "speclint/config.hpp"
#include "speclint/model.hpp"

namespace speclint {

/// Wall time of one step of a check and the process's peak resident memory at its end,
/// for `speclint check --timings`.
struct step_time {
  std::string name;
  double ms = 0;
  double peak_mb = 0;
};

/// Appends the wall time since the previous lap (or its creation) to a list, if it has one.
class stopwatch {
 public:
  explicit stopwatch(std::vector<step_time>* out);
  void lap(std::string_view name);

 private:
  std::vector<step_time>* out_;
  std::chrono::steady_clock::time_point start_;
};

/// A file to load: its path relative to the root (forward slashes) and its role.
struct input_file {
  std::string path;
  file_role role = file_role::doc;
};

/// Texts that stand in for files on disk (an editor's unsaved buffers), by path relative to
/// the root with forward slashes.
using file_overlay = std::map<std::string, std::string, std::less<>>;

/// The Markdown files under the configured docs and tasks roots, minus ignored ones, sorted;
/// symbolic links are not followed. The paths `overlay` holds are taken too where the walk
/// would take them, on disk or not: an editor's new file is part of the spec before it is saved.
std::vector<input_file> discover(const std::filesystem::path& root, const config& cfg,
                                 const file_overlay* overlay = nullptr);

/// One file as the loader read it, with what the model does not keep: its text and its
/// parsed front matter. It lives only while the loader's per-file callback runs.
struct source_file {
  const document& doc;
  file_id id = 0;
  std::string_view text;                     ///< as read, without a byte-order mark
  const yaml_value* front_matter = nullptr;  ///< null when absent or unreadable
  const struct task* task = nullptr;         ///< the task a task file holds, else null
  std::span<const load_issue> issues;        ///< what the loader could not read in this file
  const settings& config;
};

/// Called once for each file read (not for binary or linked-only files), from the thread that
/// read it: calls for different files may run at the same time.
using file_callback = std::function<void(const source_file&)>;

/// Reads and merges the files into a model, `jobs` files at a time (0: one per core).
/// Unreadable or unparseable files become load issues; other files are unaffected.
/// When `times` is given, the wall time of each loading step is appended to it; `on_file`, when
/// given, sees each file as it is read; a file whose path `overlay` holds is read from there.
model load_spec(const std::filesystem::path& root, const std::vector<input_file>& files,
                const config& cfg, unsigned jobs, std::vector<step_time>* times = nullptr,
                const file_callback& on_file = {}, const file_overlay* overlay = nullptr);

/// A file given by its content rather than read from disk.
struct memory_file {
  std::string path;
  file_role role = file_role::doc;
  std::string content;
};

/// Builds a model from files in memory (no file system access; links are not probed);
/// `on_file`, when given, sees each file as it is read.
model load_memory(const std::vector<memory_file>& files, const config& cfg,
                  const file_callback& on_file = {});

}  // namespace speclint
