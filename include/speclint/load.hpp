#pragma once

#include <chrono>
#include <filesystem>
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

/// The Markdown files under the configured docs and tasks roots, minus ignored ones, sorted;
/// symbolic links are not followed.
std::vector<input_file> discover(const std::filesystem::path& root, const config& cfg);

/// Checks the loader runs on each file as it reads it, for the rules that need what the model
/// does not keep (lint.hpp's `file_checks_for` collects those of the enabled rules).
struct file_checks {
  std::vector<task_front_matter_check> task_front_matter;
  std::vector<file_text_check> file_text;
};

/// Reads and merges the files into a model, `jobs` files at a time (0: one per core).
/// Unreadable or unparseable files become load issues; other files are unaffected.
/// When `times` is given, the wall time of each loading step is appended to it.
model load_spec(const std::filesystem::path& root, const std::vector<input_file>& files,
                const config& cfg, unsigned jobs, std::vector<step_time>* times = nullptr,
                const file_checks& checks = {});

/// A file given by its content rather than read from disk.
struct memory_file {
  std::string path;
  file_role role = file_role::doc;
  std::string content;
};

/// Builds a model from files in memory (no file system access; links are not probed).
model load_memory(const std::vector<memory_file>& files, const config& cfg,
                  const file_checks& checks = {});

}  // namespace speclint
